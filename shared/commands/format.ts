/**
 * formatCommand: the canonical line for a Command, which parseCommand reads back to an equal command.
 */
import { PAGE_WORD_BY_PRIORITY } from './catalog.ts';
import { formatEventRef } from './event-ref.ts';
import type { Command } from './schema.ts';

/**
 * Renders the canonical line for a command. Input should satisfy CommandSchema (validate data
 * from the wire first); aliases are not preserved, so `.oncall! [x] y` comes back as `.urgent [x] y`.
 */
export function formatCommand(command: Command): string {
  switch (command.name) {
    case 'page': {
      const event = command.event === null ? '' : `, ${formatEventRef(command.event)}`;
      const message = command.message === null ? '' : ` ${command.message}`;
      return `.${PAGE_WORD_BY_PRIORITY[command.priority]} [${command.target}${event}]${message}`;
    }
    case 'ack':
    case 'resolve':
    case 'reopen':
      return `.${command.name} ${formatEventRef(command.event)}`;
    case 'escalate':
      return `.escalate ${formatEventRef(command.event)}${command.level === null ? '' : ` ${command.level}`}`;
    case 'reassign':
      return `.reassign ${formatEventRef(command.event)} ${command.target}`;
    case 'note':
      return `.note ${formatEventRef(command.event)} ${command.text}`;
    case 'who':
      return `.who ${command.target}`;
    case 'ticket': {
      const event = command.event === null ? '' : ` ${formatEventRef(command.event)}`;
      return `.ticket ${command.priority}${event}${command.subject === null ? '' : ` ${command.subject}`}`;
    }
    case 'time':
      return command.action === 'log'
        ? `.time log ${command.duration ?? ''} ${formatEventRef(command.event)}${command.notes === null ? '' : ` ${command.notes}`}`
        : `.time ${command.action} ${formatEventRef(command.event)}`;
    case 'noise':
      return command.since === null ? '.noise' : `.noise ${command.since}`;
    case 'triage':
      return `.triage ${command.action}${command.since === null ? '' : ` ${command.since}`}`;
    case 'both':
      return `.both ${command.text}`;
    case 'help':
      return command.topic === null ? '.help' : `.help ${command.topic}`;
  }
}

/** The line that sends `text` as plain chat: a leading dot is doubled so it is not read as a command. */
export function formatChat(text: string): string {
  return text.startsWith('.') ? `.${text}` : text;
}
