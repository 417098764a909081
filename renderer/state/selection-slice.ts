/** Where the operator is in the queue: the cursor row, the open detail, bulk marks and the queue filter. */
import type { Severity } from '../../shared/alert.ts';

export type StatusFilter = 'active' | 'unacknowledged' | 'all';

export interface QueueFilter {
  status: StatusFilter;
  minSeverity: Severity;
  search: string;
}

export interface SelectionSlice {
  /** event number under the cursor; kept by number so re-sorting never moves the operator */
  cursor: number | null;
  /** the cursor's last index, so when its alert leaves the list the cursor stays where the eye is */
  cursorIndex: number;
  detailOpen: boolean;
  /** event numbers marked with x for a bulk action */
  marked: ReadonlySet<number>;
  filter: QueueFilter;
}

export function initialSelection(): SelectionSlice {
  return {
    cursor: null,
    cursorIndex: 0,
    detailOpen: false,
    marked: new Set(),
    filter: { status: 'active', minSeverity: 'debug', search: '' },
  };
}
