/**
 * parseCommand: one room line to a chat line, a typed Command, or a helpful error.
 */
import {
  allCommandWords,
  findCommandSpec,
  MAINT_HELP,
  TICKET_COMMAND_PRIORITIES,
  TIME_ACTIONS,
  type CommandSpec,
  type CommandWord,
  type PagePriority,
} from './catalog.ts';
import { closestMatches } from './edit-distance.ts';
import { parseError, type ParseError } from './errors.ts';
import { parseEventRef, looksLikeEventRef, type EventRef } from './event-ref.ts';
import { readCommandWord, skipSpace, tokenize, trimmedSpan, type Token } from './scan.ts';
import { MAX_ESCALATION_LEVEL, MIN_ESCALATION_LEVEL, type Command } from './schema.ts';
import { checkTarget } from './target.ts';
import { parseLoggedDuration } from './time-duration.ts';
import { parseNoisePeriod } from '../noise-period.ts';

/** What a room line is: plain chat, a command, or a command that failed to parse. */
export type ParseResult =
  | { ok: true; kind: 'chat'; text: string }
  | { ok: true; kind: 'command'; command: Command }
  | { ok: false; kind: 'error'; error: ParseError };

const PRIORITY_BY_WORD: Readonly<Partial<Record<CommandWord, PagePriority>>> = {
  oncall: 'normal',
  urgent: 'urgent',
  emergency: 'emergency',
};

const ESCAPE_HINT = 'To send a chat line that starts with ".", type ".." instead.';

/**
 * Parses one line typed in an ops room.
 * Lines not starting with `.` are chat, `..text` is chat with text `.text`, anything else must be a command.
 */
export function parseCommand(line: string): ParseResult {
  if (!line.startsWith('.')) return { ok: true, kind: 'chat', text: line };
  if (line.startsWith('..')) return { ok: true, kind: 'chat', text: line.slice(1) };

  const word = readCommandWord(line);
  if (word.text === '') {
    return fail(
      parseError(
        'empty_command',
        'Missing a command name after ".".',
        1,
        `Type .help for the commands. ${ESCAPE_HINT}`,
      ),
    );
  }
  const spec = findCommandSpec(word.text);
  if (spec === undefined) return fail(unknownCommand(line, word));

  const priority = PRIORITY_BY_WORD[spec.name];
  if (priority !== undefined) return parsePage(line, word, priority);
  const args = tokenize(line, word.end);
  switch (spec.name) {
    case 'ack':
    case 'resolve':
    case 'reopen': {
      const event = requireEvent(line, args[0], spec);
      if (!event.ok) return event;
      const extra = args[1];
      if (extra !== undefined) {
        return unexpected(
          extra,
          spec,
          `.${spec.name} takes only an event number; to add words use .note ${args[0]?.text ?? '32962'} <text>.`,
        );
      }
      return command({ name: spec.name, event: event.value });
    }
    case 'escalate':
      return parseEscalate(line, args, spec);
    case 'reassign': {
      const event = requireEvent(line, args[0], spec);
      if (!event.ok) return event;
      const target = requireTarget(line, args[1], spec);
      if (!target.ok) return target;
      if (args[2] !== undefined) return unexpected(args[2], spec, `Write it like ${spec.examples[0] ?? ''}.`);
      return command({ name: 'reassign', event: event.value, target: target.value });
    }
    case 'note': {
      const event = requireEvent(line, args[0], spec);
      if (!event.ok) return event;
      const text = line.slice(args[0]?.end ?? line.length).trim();
      if (text === '') {
        return fail(
          parseError(
            'missing_text',
            '.note needs the note text after the event number.',
            line.length,
            `Write it like ${spec.examples[0] ?? ''}.`,
          ),
        );
      }
      return command({ name: 'note', event: event.value, text });
    }
    case 'who': {
      const target = requireTarget(line, args[0], spec);
      if (!target.ok) return target;
      if (args[1] !== undefined)
        return unexpected(args[1], spec, 'Ask about one target at a time, like .who casc/int/systems.');
      return command({ name: 'who', target: target.value });
    }
    case 'ticket':
      return parseTicket(line, args, spec);
    case 'time':
      return parseTime(line, args, spec);
    case 'both': {
      const text = line.slice(word.end).trim();
      if (text === '')
        return fail(
          parseError(
            'missing_text',
            '.both needs the text to say in both rooms.',
            line.length,
            `Write it like ${spec.examples[0] ?? ''}.`,
          ),
        );
      return command({ name: 'both', text });
    }
    case 'noise': {
      const since = optionalPeriod(args[0], spec);
      if (!since.ok) return since;
      if (args[1] !== undefined) return unexpected(args[1], spec, 'Give one period, like .noise 30d.');
      return command({ name: 'noise', since: since.value });
    }
    case 'triage':
      return parseTriage(line, args, spec);
    case 'help':
      return parseHelp(args, spec);
    default:
      // Page words were handled above; this is unreachable while the catalog and this switch agree.
      return fail(parseError('unknown_command', `".${spec.name}" is not handled.`, word.start));
  }
}

/** `.oncall [target] message` / `.oncall [target, event#] message?` and the other page words. */
function parsePage(line: string, word: Token, priority: PagePriority): ParseResult {
  const typed = `.${word.text}`;
  const example = `${typed} [casc/int/systems, 32962] message`;
  const open = skipSpace(line, word.end);
  if (open >= line.length) {
    return fail(
      parseError('missing_target', `${typed} needs a target in brackets.`, open, `Write it like ${example}.`),
    );
  }
  if (line[open] !== '[') {
    const first = tokenize(line, open)[0];
    const rest = line.slice(first?.end ?? open).trim();
    // If they wrote the target bare, show the exact line with brackets added.
    const hint =
      first !== undefined && checkTarget(first.text) === null
        ? `Put the target in brackets: ${typed} [${first.text}]${rest === '' ? '' : ` ${rest}`}`
        : `Write it like ${example}.`;
    return fail(parseError('missing_open_bracket', `${typed} needs "[" before the target.`, open, hint));
  }
  const close = line.indexOf(']', open + 1);
  if (close < 0) {
    return fail(
      parseError(
        'missing_close_bracket',
        `Missing "]" after the target in ${typed}.`,
        line.length,
        `Close the brackets before the message: ${example}.`,
      ),
    );
  }

  const items = splitItems(line, open + 1, close);
  const targetItem = items[0] ?? { text: '', start: open + 1, end: open + 1 };
  const eventItem = items[1];
  if (items[2] !== undefined) {
    return fail(
      parseError(
        'unexpected_argument',
        `Too many items in brackets: "${line.slice(open, close + 1)}".`,
        items[2].start,
        'Brackets hold [target] or [target, event#].',
      ),
    );
  }
  if (targetItem.text === '') {
    return fail(
      parseError(
        'missing_target',
        `${typed} needs a target inside the brackets.`,
        open + 1,
        `Write it like ${example}.`,
      ),
    );
  }
  const problem = checkTarget(targetItem.text);
  if (problem !== null) {
    return fail(
      parseError(
        'bad_target',
        problem.message,
        targetItem.start,
        pageTargetHint(typed, targetItem.text, eventItem) ?? problem.hint,
      ),
    );
  }
  let event: EventRef | null = null;
  if (eventItem !== undefined) {
    if (eventItem.text === '') {
      return fail(
        parseError(
          'missing_event',
          'Missing the event number after ",".',
          eventItem.start,
          `Add it, or drop the comma: ${typed} [${targetItem.text}] message.`,
        ),
      );
    }
    const ref = parseEventRef(eventItem.text);
    if (!ref.ok) {
      // A number is also a valid path segment, so `[32962, casc/romel]` only shows up here, at the event.
      const swapped = looksLikeEventRef(targetItem.text) && checkTarget(eventItem.text) === null;
      const hint = swapped ? `The target comes first: ${typed} [${eventItem.text}, ${targetItem.text}] ...` : ref.hint;
      return fail(parseError('bad_event', ref.message, eventItem.start, hint));
    }
    event = ref.value;
  }
  const messageText = line.slice(close + 1).trim();
  const message = messageText === '' ? null : messageText;
  if (event === null && message === null) {
    return fail(
      parseError(
        'missing_message',
        `A page without an event number needs a message saying why.`,
        close + 1,
        `Write it like ${typed} [${targetItem.text}] what is wrong and what you need, or tie it to an alert: ${typed} [${targetItem.text}, 32962].`,
      ),
    );
  }
  return command({ name: 'page', priority, target: targetItem.text, event, message });
}

/** Hint for the classic bracket slip of a missing comma: `[casc/romel 32962]`. */
function pageTargetHint(typed: string, target: string, eventItem: Token | undefined): string | undefined {
  const parts = target.split(/\s+/);
  if (
    eventItem === undefined &&
    parts.length === 2 &&
    checkTarget(parts[0] ?? '') === null &&
    looksLikeEventRef(parts[1] ?? '')
  ) {
    return `Separate the target and the event number with a comma: ${typed} [${parts[0]}, ${parts[1]}] ...`;
  }
  return undefined;
}

/** Splits bracket content on commas into trimmed items with their positions. */
function splitItems(line: string, start: number, end: number): Token[] {
  const items: Token[] = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || line[i] === ',') {
      items.push(trimmedSpan(line, from, i));
      from = i + 1;
    }
  }
  return items;
}

function parseEscalate(line: string, args: Token[], spec: CommandSpec): ParseResult {
  const event = requireEvent(line, args[0], spec);
  if (!event.ok) return event;
  const levelToken = args[1];
  if (levelToken === undefined) return command({ name: 'escalate', event: event.value, level: null });
  if (args[2] !== undefined) return unexpected(args[2], spec, 'Write it like .escalate 32962 2.');
  const text = levelToken.text;
  const range = `${MIN_ESCALATION_LEVEL}-${MAX_ESCALATION_LEVEL}`;
  if (/^\[.*\]$/.test(text)) {
    // Syntax docs mark optional parts with brackets; people copy them.
    return fail(
      parseError(
        'bad_level',
        `Write the level without brackets, not "${text}".`,
        levelToken.start,
        `Write it like .escalate ${args[0]?.text ?? ''} ${text.slice(1, -1)}.`,
      ),
    );
  }
  if (!/^\d+$/.test(text)) {
    return fail(
      parseError(
        'bad_level',
        `"${text}" is not an escalation level; levels are whole numbers ${range}.`,
        levelToken.start,
        'Write it like .escalate 32962 2, or leave the level out to go up one level.',
      ),
    );
  }
  const level = Number(text);
  if (level < MIN_ESCALATION_LEVEL || level > MAX_ESCALATION_LEVEL) {
    return fail(
      parseError(
        'level_out_of_range',
        `Escalation level ${text} is out of range; use ${range}.`,
        levelToken.start,
        'Leave the level out to go up one level.',
      ),
    );
  }
  return command({ name: 'escalate', event: event.value, level });
}

/** A period token (7d, 36h; at most 90 days), or null when there is none. */
function optionalPeriod(token: Token | undefined, spec: CommandSpec): Step<string | null> {
  if (token === undefined) return { ok: true, value: null };
  const period = parseNoisePeriod(token.text);
  if (period.ok) return { ok: true, value: token.text.toLowerCase() };
  return fail(parseError('bad_period', `${period.error}.`, token.start, `Write it like ${spec.examples[1] ?? ''}.`));
}

/** `.ticket <priority> <event#>? <subject>`: a first word after the priority that reads as an event is the event. */
function parseTicket(line: string, args: Token[], spec: CommandSpec): ParseResult {
  const priorityToken = args[0];
  const priority = TICKET_COMMAND_PRIORITIES.find((name) => name === priorityToken?.text.toLowerCase());
  if (priority === undefined) {
    return fail(
      parseError(
        'missing_priority',
        priorityToken === undefined
          ? '.ticket needs a priority: urgent, high, normal or low.'
          : `"${priorityToken.text}" is not a ticket priority; use urgent, high, normal or low.`,
        priorityToken?.start ?? line.length,
        `Write it like ${spec.examples[0] ?? ''}.`,
      ),
    );
  }
  const second = args[1];
  const ref = second === undefined ? null : parseEventRef(second.text);
  const event = ref?.ok ? ref.value : null;
  const from = event !== null ? (second?.end ?? line.length) : (priorityToken?.end ?? line.length);
  const subjectText = line.slice(from).trim();
  if (event === null && subjectText === '') {
    return fail(
      parseError(
        'missing_text',
        '.ticket needs a subject, or an event number to take it from.',
        line.length,
        `Write it like ${spec.examples[0] ?? ''}.`,
      ),
    );
  }
  return command({ name: 'ticket', priority, event, subject: subjectText === '' ? null : subjectText });
}

/** `.time start|stop <event#>` and `.time log <duration> <event#> <notes>?`. */
function parseTime(line: string, args: Token[], spec: CommandSpec): ParseResult {
  const actionToken = args[0];
  const action = TIME_ACTIONS.find((name) => name === actionToken?.text.toLowerCase());
  if (action === undefined) {
    return fail(
      parseError(
        'missing_action',
        actionToken === undefined
          ? '.time needs start, stop or log.'
          : `"${actionToken.text}" is not start, stop or log.`,
        actionToken?.start ?? line.length,
        `Write it like ${spec.examples[0] ?? ''} or ${spec.examples[2] ?? ''}.`,
      ),
    );
  }
  if (action !== 'log') {
    const event = requireEvent(line, args[1], spec);
    if (!event.ok) return event;
    if (args[2] !== undefined) {
      return unexpected(args[2], spec, `.time ${action} takes only an event number, like .time ${action} 32962.`);
    }
    return command({ name: 'time', action, event: event.value, duration: null, notes: null });
  }
  const durationToken = args[1];
  if (durationToken === undefined) {
    return fail(
      parseError(
        'bad_duration',
        '.time log needs a duration, like 1h30m.',
        line.length,
        `Write it like ${spec.examples[2] ?? ''}.`,
      ),
    );
  }
  const duration = durationToken.text.toLowerCase();
  const parsed = parseLoggedDuration(duration);
  if (!parsed.ok) {
    return fail(
      parseError('bad_duration', parsed.message, durationToken.start, `Write it like ${spec.examples[2] ?? ''}.`),
    );
  }
  const event = requireEvent(line, args[2], spec);
  if (!event.ok) return event;
  const notes = line.slice(args[2]?.end ?? line.length).trim();
  return command({ name: 'time', action, event: event.value, duration, notes: notes === '' ? null : notes });
}

const TRIAGE_ACTIONS = ['start', 'status', 'end'] as const;

function parseTriage(line: string, args: Token[], spec: CommandSpec): ParseResult {
  const actionToken = args[0];
  const action = TRIAGE_ACTIONS.find((name) => name === actionToken?.text.toLowerCase());
  if (action === undefined) {
    return fail(
      parseError(
        'missing_action',
        actionToken === undefined
          ? '.triage needs start, status or end.'
          : `"${actionToken.text}" is not start, status or end.`,
        actionToken?.start ?? line.length,
        'Write .triage start, .triage status or .triage end.',
      ),
    );
  }
  if (action !== 'start') {
    if (args[1] !== undefined) return unexpected(args[1], spec, `.triage ${action} takes nothing more.`);
    return command({ name: 'triage', action, since: null });
  }
  const since = optionalPeriod(args[1], spec);
  if (!since.ok) return since;
  if (args[2] !== undefined) return unexpected(args[2], spec, 'Give one period, like .triage start 30d.');
  return command({ name: 'triage', action, since: since.value });
}

function parseHelp(args: Token[], spec: CommandSpec): ParseResult {
  const topicToken = args[0];
  if (topicToken === undefined) return command({ name: 'help', topic: null });
  if (args[1] !== undefined) return unexpected(args[1], spec, 'Ask about one command at a time, like .help ack.');
  if (topicToken.text.replace(/^\./, '').toLowerCase() === MAINT_HELP.name)
    return command({ name: 'help', topic: 'maint' });
  const topic = findCommandSpec(topicToken.text);
  if (topic === undefined) {
    const bare = topicToken.text.replace(/^\./, '');
    const suggestion = closestMatches(bare, allCommandWords())[0];
    return fail(
      parseError(
        'unknown_help_topic',
        `There is no command ".${bare}".`,
        topicToken.start,
        suggestion === undefined ? 'Type .help for the list of commands.' : `Did you mean .help ${suggestion}?`,
      ),
    );
  }
  return command({ name: 'help', topic: topic.name });
}

type Step<T> = { ok: true; value: T } | { ok: false; kind: 'error'; error: ParseError };

function requireEvent(line: string, token: Token | undefined, spec: CommandSpec): Step<EventRef> {
  if (token === undefined) {
    return fail(
      parseError(
        'missing_event',
        `.${spec.name} needs an event number.`,
        line.length,
        `Write it like ${spec.examples[0] ?? ''}.`,
      ),
    );
  }
  const ref = parseEventRef(token.text);
  if (!ref.ok) {
    const hint =
      checkTarget(token.text) === null && spec.name === 'reassign'
        ? `The event number comes first: .reassign 32962 ${token.text}.`
        : ref.hint;
    return fail(parseError('bad_event', ref.message, token.start, hint));
  }
  return { ok: true, value: ref.value };
}

function requireTarget(line: string, token: Token | undefined, spec: CommandSpec): Step<string> {
  if (token === undefined) {
    return fail(
      parseError(
        'missing_target',
        `.${spec.name} needs a target.`,
        line.length,
        `Write it like ${spec.examples[0] ?? ''}.`,
      ),
    );
  }
  const problem = checkTarget(token.text);
  if (problem !== null) {
    const bracketed = /^\[(.*)\]$/.exec(token.text);
    // Pages bracket their target; the other commands do not, and people carry the habit over.
    const hint = bracketed !== null ? `Write the target without brackets: ${bracketed[1] ?? ''}.` : problem.hint;
    return fail(parseError('bad_target', problem.message, token.start, hint));
  }
  return { ok: true, value: token.text };
}

function unknownCommand(line: string, word: Token): ParseError {
  const typed = word.text.toLowerCase();
  // `.ack32962`: a known word glued to its argument reads better as "add a space" than as a typo.
  const glued = allCommandWords().find((name) => typed.startsWith(name) && /^[\d#]/.test(typed.slice(name.length)));
  if (glued !== undefined) {
    const rest = line.slice(word.start + glued.length);
    return parseError(
      'unknown_command',
      `Unknown command ".${word.text}".`,
      word.start,
      `Did you mean .${glued} ${rest}? Put a space after the command.`,
    );
  }
  const suggestion = closestMatches(typed, allCommandWords())[0];
  const hint =
    suggestion === undefined
      ? `Type .help for the commands. ${ESCAPE_HINT}`
      : `Did you mean .${suggestion}? ${ESCAPE_HINT}`;
  return parseError('unknown_command', `Unknown command ".${word.text}".`, word.start, hint);
}

function unexpected(token: Token, spec: CommandSpec, hint: string): { ok: false; kind: 'error'; error: ParseError } {
  return fail(parseError('unexpected_argument', `Unexpected "${token.text}" after .${spec.name}.`, token.start, hint));
}

function command(value: Command): ParseResult {
  return { ok: true, kind: 'command', command: value };
}

function fail(error: ParseError): { ok: false; kind: 'error'; error: ParseError } {
  return { ok: false, kind: 'error', error };
}
