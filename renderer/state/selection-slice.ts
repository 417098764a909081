/** Where the operator is in the queue: the cursor row, the open detail, bulk marks and the queue filter. */
import type { Severity } from '../../shared/alert.ts';
import type { QueueGrouping } from './queue-groups.ts';
import { QUEUE_ORDER, type QueueSort } from './queue-sort.ts';

export type StatusFilter = 'active' | 'unacknowledged' | 'all';

/** What the queue shows and in which order. */
export interface QueueFilter {
  status: StatusFilter;
  minSeverity: Severity;
  search: string;
  /**
   * true: only the alerts one of the customer's transforms suppressed (the Suppressed filter, `f t`); false, the
   * default: every other alert, since a suppressed one needs nobody
   */
  suppressed: boolean;
  /** the column the queue is sorted by; the queue's own order by default */
  sort: QueueSort;
}

export interface SelectionSlice {
  /** event number under the cursor; kept by number so re-sorting never moves the operator */
  cursor: number | null;
  /** the group header under the cursor (grouped queues); while set, no alert is under the cursor */
  cursorGroup: string | null;
  /** the cursor's last row: where the cursor shows while it has no alert (a new filter, a new customer) */
  cursorIndex: number;
  /** the last time the cursor moved without a key (its alert left the view): action keys wait a moment after it */
  cursorMoved: CursorMove | null;
  detailOpen: boolean;
  /** event numbers marked with x for a bulk action */
  marked: ReadonlySet<number>;
  filter: QueueFilter;
  /** how the queue is laid out: flat, or in groups by device or event class */
  grouping: QueueGrouping;
  /** keys of the groups the operator collapsed */
  collapsed: ReadonlySet<string>;
}

/** An involuntary move of the cursor: which alert left, why, where the cursor went, and when. */
export interface CursorMove {
  from: number;
  /** null when the queue is now empty */
  to: number | null;
  /**
   * resolved or filtered: it left the view; displaced: nothing was chosen and another alert took the watched row;
   * emptied: the group header under the cursor went with its last alert and the cursor landed on an alert
   */
  why: 'resolved' | 'filtered' | 'displaced' | 'emptied';
  at: number;
}

export function initialSelection(): SelectionSlice {
  return {
    cursor: null,
    cursorGroup: null,
    cursorIndex: 0,
    cursorMoved: null,
    detailOpen: false,
    marked: new Set(),
    filter: { status: 'active', minSeverity: 'debug', search: '', suppressed: false, sort: QUEUE_ORDER },
    grouping: 'none',
    collapsed: new Set(),
  };
}
