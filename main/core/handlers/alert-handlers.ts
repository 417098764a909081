/** Requests on alerts: detail, acknowledge, resolve (now or after the undo window), note, reopen, reassign, escalate. */
import type { Alert } from '../../../shared/alert.ts';
import { formatCommand } from '../../../shared/commands/index.ts';
import type { ActionOutcome, HostHandlers } from '../../../shared/host/contract.ts';
import { CossError } from '../coss-client.ts';
import { HostFailure } from '../host-dispatch.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireAlert, requireRight, requireTargetPath } from './guards.ts';

type AlertHandlers = Pick<
  HostHandlers,
  | 'alerts.get'
  | 'alerts.acknowledge'
  | 'alerts.resolve'
  | 'alerts.note'
  | 'alerts.resolveLater'
  | 'alerts.undoResolve'
  | 'alerts.reopen'
  | 'alerts.reassign'
  | 'alerts.escalate'
>;

/** Acknowledges one alert; while COSS is unreachable, its PagerDuty incidents directly too (when configured). */
async function acknowledgeOne(
  context: HandlerContext,
  number: number,
  note: string | undefined,
): Promise<ActionOutcome> {
  const { actions, direct } = context;
  const alert = requireAlert(context.cache, number);
  const directly = direct.available ? await direct.acknowledge(alert) : [];
  const outcome = await actions.submit(
    alert.customer,
    { kind: 'acknowledge', number, ...(note ? { note } : {}) },
    `Acknowledge ${number}`,
  );
  if (outcome.status === 'done') return outcome;
  actions.applyLocally(alert, 'acknowledged');
  if (directly.length === 0) return outcome;
  return direct.recordAcknowledgement(alert, directly, outcome.idempotencyKey);
}

export function alertHandlers(context: HandlerContext): AlertHandlers {
  const { cache, clock, session, actions, undoWindow, connection } = context;
  return {
    'alerts.get': async ({ number }) => {
      const client = session.client;
      if (client) {
        try {
          const detail = await client.alert(number);
          cache.putAlert(detail.alert);
          return { ...detail, alert: context.view(detail.alert) };
        } catch (error) {
          if (!(error instanceof CossError) || !error.transient) throw error;
        }
      }
      // Offline: what the cache holds, without the history only COSS has.
      return { alert: context.view(requireAlert(cache, number)), history: [], comments: [] };
    },
    'alerts.acknowledge': async ({ numbers, note }) => {
      const outcomes: ActionOutcome[] = [];
      requireRight(cache, 'alert.acknowledge');
      for (const number of numbers) outcomes.push(await acknowledgeOne(context, number, note));
      return outcomes;
    },
    'alerts.resolve': async ({ numbers, note }) => {
      requireRight(cache, 'alert.resolve');
      const outcomes: ActionOutcome[] = [];
      for (const number of numbers) {
        const alert = requireAlert(cache, number);
        const outcome = await actions.submit(
          alert.customer,
          { kind: 'resolve', number, ...(note ? { note } : {}) },
          `Resolve ${number}`,
        );
        if (outcome.status === 'queued') actions.applyLocally(alert, 'resolved');
        outcomes.push(outcome);
      }
      return outcomes;
    },
    'alerts.note': async ({ number, text }) => {
      requireRight(cache, 'alert.note');
      const alert = requireAlert(cache, number);
      return actions.submit(alert.customer, { kind: 'note', number, text }, `Note on ${number}`);
    },
    'alerts.resolveLater': async ({ number, delayMs }) => {
      requireRight(cache, 'alert.resolve');
      const alert = requireAlert(cache, number);
      const held = undoWindow.hold(alert.customer, number, delayMs, `Resolve ${number}`);
      connection.changed();
      const seconds = Math.round((Date.parse(held.sendsAt) - clock.now()) / 1000);
      return {
        number,
        idempotencyKey: held.key,
        sendsAt: held.sendsAt,
        message: `Resolving ${number} in ${seconds} s (not sent yet): u takes it back.`,
      };
    },
    'alerts.undoResolve': async ({ number }) => {
      const undone = undoWindow.undo(number);
      connection.changed();
      return undone
        ? { undone: true, message: `${number} was not resolved: nothing was sent to COSS or PagerDuty.` }
        : {
            undone: false,
            message: `Too late to undo: the resolve of ${number} has gone to COSS. Reopen it (O) instead.`,
          };
    },
    'alerts.reopen': async ({ number }) => {
      requireRight(cache, 'alert.reopen');
      const active = cache.findAlert(number);
      if (active !== undefined)
        throw new HostFailure('conflict', `${number} is not resolved (it is ${active.status}): nothing to reopen.`);
      // The console holds only active alerts: a resolved one's customer is asked of COSS.
      const client = session.client;
      if (client === null || !session.isLive) {
        throw new HostFailure(
          'unavailable',
          `Reopening ${number} needs COSS, which is not reachable now; try again when the banner says live.`,
        );
      }
      let found: Alert;
      let paged: boolean;
      try {
        const detail = await client.alert(number);
        found = detail.alert;
        paged = detail.history.some((entry) => entry.kind === 'page.updated');
      } catch (error) {
        if (error instanceof CossError && error.code === 'not_found')
          throw new HostFailure('not_found', `There is no event ${number}.`);
        throw error;
      }
      if (found.status !== 'resolved')
        throw new HostFailure('conflict', `${number} is not resolved (it is ${found.status}): nothing to reopen.`);
      const outcome = await actions.submit(found.customer, { kind: 'reopen', number }, `Reopen ${number}`);
      if (outcome.status !== 'done') return outcome;
      // PagerDuty has no reopen: an operator who expects the incident back would wait for a call that never comes.
      const pagerDuty = paged ? ' Its PagerDuty incident stays resolved: page again (p) if someone must look.' : '';
      return { ...outcome, message: `Reopened ${number}: open again in COSS.${pagerDuty}` };
    },
    'alerts.reassign': async ({ number, target }) => {
      requireRight(cache, 'alert.reassign');
      const alert = requireAlert(cache, number);
      requireTargetPath(target);
      // The room command, posted for the operator as a chat-ops palette would: the bot's answer (the toast) and the
      // audit are the same as for the typed line, and one path decides what a reassignment does.
      const line = formatCommand({ name: 'reassign', event: { number, customerNumber: null }, target });
      return actions.submit(alert.customer, { kind: 'room', body: line }, `Reassign ${number} to ${target}`);
    },
    'alerts.escalate': async ({ number, level }) => {
      requireRight(cache, 'alert.escalate');
      const alert = requireAlert(cache, number);
      const line = formatCommand({ name: 'escalate', event: { number, customerNumber: null }, level: level ?? null });
      return actions.submit(alert.customer, { kind: 'room', body: line }, `Escalate ${number}`);
    },
  };
}
