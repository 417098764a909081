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

/** Merges lists each sorted in queue order into one sorted list (a tournament of heads: O(n log k)). */
export function mergeSorted<T extends Ordered>(lists: readonly (readonly T[])[]): T[] {
  const merged: T[] = [];
  const heads = lists.map(() => 0);
  // A small binary heap of list indexes, ordered by each list's current head.
  const heap: number[] = [];
  const head = (list: number): T => (lists[list] as readonly T[])[heads[list] as number] as T;
  const less = (a: number, b: number): boolean => compareQueueOrder(head(a), head(b)) < 0;
  const swap = (i: number, j: number): void => {
    const t = heap[i] as number;
    heap[i] = heap[j] as number;
    heap[j] = t;
  };
  const down = (start: number): void => {
    for (let i = start; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && less(heap[left] as number, heap[best] as number)) best = left;
      if (right < heap.length && less(heap[right] as number, heap[best] as number)) best = right;
      if (best === i) return;
      swap(i, best);
      i = best;
    }
  };
  lists.forEach((list, index) => {
    if (list.length > 0) heap.push(index);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i -= 1) down(i);
  while (heap.length > 0) {
    const top = heap[0] as number;
    merged.push(head(top));
    heads[top] = (heads[top] as number) + 1;
    if (heads[top] >= (lists[top] as readonly T[]).length) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    down(0);
  }
  return merged;
}
