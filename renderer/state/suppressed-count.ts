/**
 * How many of the queue's alerts one of the customer's transforms suppressed: they are not in the default queue, so
 * the toolbar says how many it leaves out ("17 suppressed") and `f t` shows them. Counted over the queue's alerts,
 * not its rows (the rows leave them out), and kept per alert map: a stream frame recounts only the alerts it changed
 * (the deltas recorded with the map, renderer/state/alert-deltas.ts), not 100,000 of them.
 */
import type { AlertView } from '../../shared/host/contract.ts';
import { changesBetween, type AlertMap } from './alert-deltas.ts';
import { selectQueueAlerts } from './queue-selectors.ts';
import type { ConsoleState } from './store.ts';

/** True when a transform suppressed the alert and it is still active: what the Suppressed filter shows. */
function isSuppressedByTransform(alert: AlertView): boolean {
  return (alert.suppressedBy ?? null) !== null;
}

const counted = (alert: AlertView | undefined): number =>
  alert !== undefined && alert.status !== 'resolved' && isSuppressedByTransform(alert) ? 1 : 0;

let memo: { alerts: AlertMap; count: number } | null = null;

function countAll(alerts: AlertMap): number {
  let count = 0;
  for (const alert of alerts.values()) count += counted(alert);
  return count;
}

/** Active alerts of the queue's customer (or of all of them) that a transform suppressed. */
export function selectSuppressedCount(state: ConsoleState): number {
  const alerts = selectQueueAlerts(state);
  if (memo !== null && memo.alerts === alerts) return memo.count;
  let count: number | null = null;
  if (memo !== null) {
    const limit = Math.max(64, alerts.size >> 5);
    const numbers = changesBetween(memo.alerts, alerts, limit);
    if (numbers !== null && numbers.size <= limit) {
      count = memo.count;
      for (const number of numbers) count += counted(alerts.get(number)) - counted(memo.alerts.get(number));
    }
  }
  memo = { alerts, count: count ?? countAll(alerts) };
  return memo.count;
}
