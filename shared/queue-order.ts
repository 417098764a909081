/**
 * The queue's order, one definition for the core and the renderer: worst severity first, then newest `lastSeen`,
 * then the higher event number, the order an operator works in. It is total, so the renderer can patch its sorted
 * queue by binary search, and `alerts.list` answers in it and pages by position in it, so the renderer can paint
 * the first screen before the rest has arrived.
 */
import { severityRank, type Alert } from './alert.ts';
import type { QueuePosition } from './host/contract.ts';

type Ordered = Pick<Alert, 'severity' | 'lastSeen' | 'number'>;

/** Negative when `a` comes before `b` in the queue. */
export function compareQueueOrder(a: Ordered, b: Ordered): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0) ||
    b.number - a.number
  );
}

/** Where an alert stands in the queue: what a later page of `alerts.list` continues after. */
export function queuePosition(alert: Ordered): QueuePosition {
  return { severity: alert.severity, lastSeen: alert.lastSeen, number: alert.number };
}

/** Index of the first alert of a sorted list that comes strictly after `position`. */
export function indexAfter(sorted: readonly Ordered[], position: QueuePosition): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareQueueOrder(sorted[middle] as Ordered, position) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
