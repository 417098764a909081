/**
 * Sorting the queue by a column. Every order ends in the queue's own (worst, newest, number), so it is total: the
 * queue is still patched by binary search when a few alerts change, whatever column it is sorted by.
 */
import { severityRank } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { compareQueueOrder } from '../../shared/queue-order.ts';

export const SORT_COLUMNS = [
  'queue',
  'number',
  'customer',
  'device',
  'component',
  'summary',
  'count',
  'age',
  'status',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface QueueSort {
  /** `queue`: worst severity first, then newest (the default) */
  column: SortColumn;
  descending: boolean;
}

export const QUEUE_ORDER: QueueSort = { column: 'queue', descending: false };

export type AlertComparator = (a: AlertView, b: AlertView) => number;

const STATUS_RANK: Readonly<Record<string, number>> = { open: 0, acknowledged: 1, resolved: 2 };
const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Each column's own comparison, ascending. */
const COLUMN: Readonly<Record<Exclude<SortColumn, 'queue'>, AlertComparator>> = {
  number: (a, b) => a.number - b.number,
  customer: (a, b) => text(a.customer, b.customer),
  device: (a, b) => text(a.device.toLowerCase(), b.device.toLowerCase()),
  component: (a, b) => text(a.component.toLowerCase(), b.component.toLowerCase()),
  summary: (a, b) => text(a.summary.toLowerCase(), b.summary.toLowerCase()),
  count: (a, b) => a.count - b.count,
  // Oldest first ascending: the age column grows downwards.
  age: (a, b) => text(b.firstSeen, a.firstSeen),
  status: (a, b) =>
    (STATUS_RANK[a.status] ?? 0) - (STATUS_RANK[b.status] ?? 0) || severityRank(b.severity) - severityRank(a.severity),
};

const comparators = new Map<string, AlertComparator>();

/** The comparator of a sort: its column (reversed when descending), then the queue's own order. */
export function comparatorFor(sort: QueueSort): AlertComparator {
  const key = `${sort.column}:${sort.descending}`;
  let compare = comparators.get(key);
  if (compare === undefined) {
    if (sort.column === 'queue') compare = compareQueueOrder;
    else {
      const column = COLUMN[sort.column];
      const sign = sort.descending ? -1 : 1;
      compare = (a, b) => sign * column(a, b) || compareQueueOrder(a, b);
    }
    comparators.set(key, compare);
  }
  return compare;
}

/** The sort after asking for `column`: that column ascending, or reversed when it is already the sort. */
export function nextSort(current: QueueSort, column: SortColumn): QueueSort {
  if (column === 'queue') return QUEUE_ORDER;
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false };
}
