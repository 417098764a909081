/**
 * `.noise [period]` and `.triage start|status|end` in a customer's room (docs/NOISE.md, docs/COMMANDS.md): the noise
 * report as one line per family, and triage sessions. Decisions are made in the console or over REST; the start
 * and end lines are the ones REST posts too, here as the answer to the line that asked.
 */
import type { Command } from '../../../shared/commands/index.ts';
import { DEFAULT_NOISE_PERIOD, formatNoisePeriod, parseNoisePeriod } from '../../../shared/noise-period.ts';
import type { NoiseFamily } from '../../../shared/noise.ts';
import { can, refusal } from '../../../shared/permissions.ts';
import { DomainError } from '../../domain-error.ts';
import { noiseReportIn } from '../../noise/report.ts';
import { endSession } from '../../noise/triage-end.ts';
import { getSession, openSessionId, percent, startSession } from '../../noise/triage-sessions.ts';
import type { RoomMessage } from '../../../shared/room.ts';
import type { NewEvent } from '../../events/log.ts';
import type { CommandContext } from './command-context.ts';

/** How many families `.noise` lists. */
const NOISE_LINES = 10;

const periodMs = (since: string | null) => {
  const period = parseNoisePeriod(since ?? DEFAULT_NOISE_PERIOD);
  // The parser accepted only periods parseNoisePeriod reads.
  return period.ok ? period.ms : 7 * 86_400_000;
};

/** One family as `.noise` lists it. */
export function noiseLine(position: number, family: NoiseFamily): string {
  return (
    `${position}. ${family.label}: ${family.occurrences.toLocaleString('en-US')} ` +
    `(${percent(family.share)}), ${family.clearedUntouched} of ${family.alerts} cleared untouched, ` +
    family.classification
  );
}

/** `.noise [period]`: the customer's top families over the period. */
export async function showNoise(context: CommandContext, command: Extract<Command, { name: 'noise' }>): Promise<void> {
  const { tx, customer } = context;
  const ms = periodMs(command.since);
  const until = new Date();
  const report = await noiseReportIn(tx, customer, { since: new Date(until.getTime() - ms), until }, NOISE_LINES);
  const over = `over the last ${formatNoisePeriod(ms)}`;
  if (report.families.length === 0) {
    await context.reply(`${customer.name} had no alerts ${over}.`);
    return;
  }
  await context.reply(
    [
      `${customer.name}'s noisiest families ${over} (${report.occurrences.toLocaleString('en-US')} occurrences):`,
      ...report.families.map((family, index) => noiseLine(index + 1, family)),
    ].join('\n'),
  );
}

/**
 * A start or end line posted in the customer's room: the answer when the command was typed there; typed in the
 * internal room, the answer there says what was said in the customer's.
 */
async function answered(context: CommandContext, posted: { line: RoomMessage; events: NewEvent[] }): Promise<void> {
  context.result.events.push(...posted.events);
  if (context.room === 'customer') {
    context.result.replies.push(posted.line);
    return;
  }
  await context.reply(`said in ${context.customer.name}'s room:\n${posted.line.body}`);
}

/** `.triage start [period]`, `.triage status`, `.triage end`. */
export async function runTriage(context: CommandContext, command: Extract<Command, { name: 'triage' }>): Promise<void> {
  const { tx, customer, principal } = context;
  // The start and end lines belong to the customer's room; typed there, they are the answer to the line.
  const replyTo = context.room === 'customer' ? context.result.message.id : null;
  if (command.action !== 'status' && !can(principal.role, 'triage.run')) {
    await context.refuse(refusal(principal.role, 'triage.run'));
    return;
  }
  try {
    if (command.action === 'start') {
      const started = await startSession(tx, customer, periodMs(command.since), principal.displayName, replyTo);
      await answered(context, started);
      return;
    }
    const open = await openSessionId(tx, customer.id);
    if (open === null) {
      await context.reply(`no triage session is open for ${customer.name}; .triage start begins one.`);
      return;
    }
    if (command.action === 'end') {
      const ended = await endSession(tx, customer, open, principal.displayName, replyTo);
      await answered(context, ended);
      return;
    }
    const session = await getSession(tx, customer, open);
    const decided = session.items.filter((item) => item.decision !== null).length;
    const next = session.items.find((item) => item.decision === null);
    await context.reply(
      `triage session #${session.id}, started by ${session.startedBy}: ${decided} of ${session.items.length} ` +
        `families decided` +
        (next === undefined ? '; .triage end posts the summary.' : `; next: ${next.position}. ${next.label}.`),
    );
  } catch (error) {
    if (error instanceof DomainError) {
      await context.refuse(`${error.message}.`);
      return;
    }
    throw error;
  }
}
