/** `.ack`, `.resolve` and `.reopen`: the alert's state in COSS, followed by its PagerDuty incidents. */
import type { Command } from '../../../shared/commands/index.ts';
import { activeTwin, reopenRefusal } from '../../alerts/actions.ts';
import { pagesOfAlert, queueStatusOnIncidents } from '../../paging/incident-actions.ts';
import { incidentList } from '../bot-lines.ts';
import { actorOf, type CommandContext } from './command-context.ts';
import { changeAlert, findAlert } from './lookups.ts';
import { startTimer, stopAllTimers } from '../../timekeeping/timer-changes.ts';

/** Acknowledges or resolves the alert in COSS and queues the same on every incident it was paged as. */
export async function setAlertStatus(
  context: CommandContext,
  command: Extract<Command, { name: 'ack' | 'resolve' }>,
): Promise<void> {
  const { tx, pagerduty, result } = context;
  const row = await findAlert(context, command.event);
  if (!row) return;
  const status = command.name === 'ack' ? 'acknowledged' : 'resolved';
  if (command.name === 'ack' && row.status === 'resolved') {
    await context.refuse(`event ${row.number} is already resolved.`);
    return;
  }
  await changeAlert(context, row, { kind: command.name === 'ack' ? 'acknowledge' : 'resolve' }, `alert.${status}`);
  // With Harvest, acknowledging starts the person's timer and resolving stops every timer on the alert; as on the
  // REST path, only when the status changed (`row` is the alert as it was).
  const changed = command.name === 'ack' ? row.status === 'open' : row.status !== 'resolved';
  if (context.harvest && changed) {
    const [alertId, customerId] = [Number(row.id), Number(row.customer_id)];
    const queued =
      command.name === 'ack'
        ? await startTimer(tx, alertId, customerId, context.principal.userId)
        : await stopAllTimers(tx, alertId, customerId);
    if (queued > 0) result.queuedForHarvest = true;
  }
  const pages = await pagesOfAlert(tx, Number(row.id));
  await queueStatusOnIncidents(tx, pages, status, actorOf(context), pagerduty);
  if (pages.length > 0) result.queuedForPagerDuty = true;
  const verb = command.name === 'ack' ? 'acknowledging' : 'resolving';
  await context.reply(
    pages.length === 0
      ? `event ${row.number} is ${status} in COSS; it was not paged.`
      : `event ${row.number} is ${status} in COSS; ${verb} ${incidentList(pages)} in PagerDuty.`,
  );
}

/** Reopens a resolved alert in COSS, unless a newer alert holds its identity. */
export async function reopenAlert(
  context: CommandContext,
  command: Extract<Command, { name: 'reopen' }>,
): Promise<void> {
  const { tx } = context;
  const row = await findAlert(context, command.event);
  if (!row) return;
  if (row.status !== 'resolved') {
    await context.reply(`event ${row.number} is not resolved (it is ${row.status}); nothing to reopen.`);
    return;
  }
  const twin = await activeTwin(tx, row);
  if (twin !== null) {
    await context.refuse(`${reopenRefusal(row.number, twin)}.`);
    return;
  }
  await changeAlert(context, row, { kind: 'reopen' }, 'alert.reopened');
  // PagerDuty has no reopen: a resolved incident stays resolved, and saying so keeps anyone from waiting on it.
  const pages = await pagesOfAlert(tx, Number(row.id));
  await context.reply(
    pages.length === 0
      ? `event ${row.number} is open again in COSS.`
      : `event ${row.number} is open again in COSS; PagerDuty cannot reopen ${incidentList(pages)}, so page again if someone must look.`,
  );
}
