/**
 * `.time start|stop <event#>` and `.time log <duration> <event#> <notes>?`: the speaker's Harvest time on an alert
 * beyond what acknowledging, taking and resolving do by themselves (server/timekeeping/).
 */
import type { Command } from '../../../shared/commands/index.ts';
import { parseLoggedDuration } from '../../../shared/commands/time-duration.ts';
import { formatDuration } from '../../../shared/duration.ts';
import { logTime, startTimer, stopTimer, whyNoTime } from '../../timekeeping/timer-changes.ts';
import type { CommandContext } from './command-context.ts';
import { findAlert } from './lookups.ts';

/** Starts, stops or logs the speaker's time on the alert, queued for Harvest in the line's transaction. */
export async function trackTime(context: CommandContext, command: Extract<Command, { name: 'time' }>): Promise<void> {
  const { tx, principal, result } = context;
  if (!context.harvest) {
    await context.refuse('Harvest is not configured on this COSS, so time is not tracked here.');
    return;
  }
  const row = await findAlert(context, command.event);
  if (!row) return;
  const [alertId, customerId] = [Number(row.id), Number(row.customer_id)];
  const why = await whyNoTime(tx, customerId, principal.userId);
  if (why !== null) {
    await context.refuse(`I can't track your time on event ${row.number}: ${why}`);
    return;
  }
  let queued: number;
  let answer: string;
  switch (command.action) {
    case 'start':
      queued = await startTimer(tx, alertId, customerId, principal.userId);
      answer =
        queued > 0
          ? `your Harvest timer on event ${row.number} is running.`
          : `your Harvest timer on event ${row.number} was already running.`;
      break;
    case 'stop':
      queued = await stopTimer(tx, alertId, customerId, principal.userId);
      answer =
        queued > 0
          ? `your Harvest timer on event ${row.number} is stopped.`
          : `you have no running Harvest timer on event ${row.number}.`;
      break;
    case 'log': {
      const duration = parseLoggedDuration(command.duration ?? '');
      // The grammar took only valid durations; a command that arrived as data was checked by its schema.
      if (!duration.ok) {
        await context.refuse(duration.message);
        return;
      }
      queued = await logTime(tx, alertId, customerId, principal.userId, duration.ms, command.notes);
      answer = `logged ${formatDuration(duration.ms)} on event ${row.number} in Harvest.`;
      break;
    }
  }
  if (queued > 0) result.queuedForHarvest = true;
  await context.reply(answer);
}
