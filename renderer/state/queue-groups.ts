/**
 * Grouping the queue by device or by event class: a header per group with its counts, its alerts below it unless
 * the group is collapsed. Groups come in the order of their first alert in the queue's sort, so with the queue's
 * own order the group holding the worst, newest alert is on top, and a group moves up as soon as one of its alerts
 * gets worse.
 *
 * The queue (queue-selectors.ts) stays the filtered, sorted list of alerts; grouping only lays it out. The layout
 * is one pass over those rows, memoised on the queue, the grouping and the collapsed set: O(n) per change of a
 * grouped queue (the flat queue is patched in O(changes · log n)).
 */
import { SEVERITIES, severityRank, type Severity } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { selectQueue, type QueueView } from './queue-selectors.ts';
import { comparatorFor, type AlertComparator } from './queue-sort.ts';
import type { ConsoleState } from './store.ts';

export const GROUPINGS = ['none', 'device', 'eventClass'] as const;
export type QueueGrouping = (typeof GROUPINGS)[number];

export interface QueueGroup {
  /** grouping, customer and value: devices of two customers with the same name are two groups */
  key: string;
  customer: string;
  /** the device or the event class */
  value: string;
  /** the group's alerts in queue order */
  alerts: readonly AlertView[];
  /** how many alerts of each severity, worst first, only those present */
  severities: readonly (readonly [Severity, number])[];
  /** alerts nobody has acknowledged yet */
  unacknowledged: number;
  collapsed: boolean;
}

export type QueueEntry = { kind: 'alert'; alert: AlertView } | { kind: 'group'; group: QueueGroup };

/** What the queue list shows, row by row: alerts, or group headers and the alerts of expanded groups. */
export interface QueueLayout {
  grouping: QueueGrouping;
  rowCount: number;
  entryAt: (index: number) => QueueEntry | undefined;
  /** the row of an alert, undefined when it is not in the queue or its group is collapsed */
  indexOfAlert: (number: number) => number | undefined;
  /** the row of a group's header */
  indexOfGroup: (key: string) => number | undefined;
  /** the group an alert of the queue is in (grouped layouts only) */
  groupOf: (number: number) => QueueGroup | undefined;
  groups: readonly QueueGroup[];
}

/** The key of the group an alert falls in. */
export function groupKey(grouping: Exclude<QueueGrouping, 'none'>, alert: AlertView): string {
  return `${grouping}\u0000${alert.customer}\u0000${grouping === 'device' ? alert.device : alert.eventClass}`;
}

function flatLayout(queue: QueueView): QueueLayout {
  return {
    grouping: 'none',
    rowCount: queue.rows.length,
    entryAt: (index) => {
      const alert = queue.rows[index];
      return alert === undefined ? undefined : { kind: 'alert', alert };
    },
    indexOfAlert: queue.indexOf,
    indexOfGroup: () => undefined,
    groupOf: () => undefined,
    groups: [],
  };
}

/** Where `alert` is in `alerts` sorted by `compare`, or -1. */
function positionIn(alerts: readonly AlertView[], alert: AlertView, compare: AlertComparator): number {
  let low = 0;
  let high = alerts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(alerts[middle] as AlertView, alert) < 0) low = middle + 1;
    else high = middle;
  }
  return alerts[low] === alert ? low : -1;
}

const RANKED = [...SEVERITIES].reverse();
const RANK = Object.fromEntries(SEVERITIES.map((severity) => [severity, severityRank(severity)])) as Readonly<Record<Severity, number>>;

/**
 * Lays out rows sorted by `compare` in groups. At 100,000 alerts this runs for every change the grouped queue
 * shows, so it allocates per group, not per alert: alerts are bucketed through a map per customer (no key string
 * per alert), rows are one flat array of alerts and headers, and an alert's row is found when asked, by binary
 * search in its group, rather than kept in a map of every alert. `find` gives the queue's alert for a number.
 */
export function groupRows(
  rows: readonly AlertView[],
  grouping: Exclude<QueueGrouping, 'none'>,
  collapsed: ReadonlySet<string>,
  compare: AlertComparator,
  find: (number: number) => AlertView | undefined,
): QueueLayout {
  const byCustomer = new Map<string, Map<string, AlertView[]>>();
  const order: AlertView[][] = [];
  const valueOf = grouping === 'device' ? (alert: AlertView) => alert.device : (alert: AlertView) => alert.eventClass;
  for (const alert of rows) {
    let values = byCustomer.get(alert.customer);
    if (values === undefined) byCustomer.set(alert.customer, (values = new Map()));
    const value = valueOf(alert);
    const bucket = values.get(value);
    if (bucket === undefined) {
      const created = [alert];
      values.set(value, created);
      order.push(created);
    } else bucket.push(alert);
  }
  const groups: QueueGroup[] = [];
  const shownRows: (AlertView | QueueGroup)[] = [];
  const headerRow = new Map<string, number>();
  const groupOfBucket = new Map<readonly AlertView[], QueueGroup>();
  const counts = new Array<number>(SEVERITIES.length);
  for (const alerts of order) {
    const first = alerts[0] as AlertView;
    counts.fill(0);
    let unacknowledged = 0;
    for (const alert of alerts) {
      const rank = RANK[alert.severity];
      counts[rank] = (counts[rank] as number) + 1;
      if (alert.status === 'open') unacknowledged++;
    }
    const severities = RANKED.flatMap((severity) => {
      const count = counts[RANK[severity]] as number;
      return count === 0 ? [] : [[severity, count] as const];
    });
    const key = groupKey(grouping, first);
    const group: QueueGroup = { key, customer: first.customer, value: valueOf(first), alerts, severities, unacknowledged, collapsed: collapsed.has(key) };
    groups.push(group);
    groupOfBucket.set(alerts, group);
    headerRow.set(key, shownRows.length);
    shownRows.push(group);
    if (!group.collapsed) for (const alert of alerts) shownRows.push(alert);
  }
  const groupOf = (number: number): QueueGroup | undefined => {
    const alert = find(number);
    const bucket = alert === undefined ? undefined : byCustomer.get(alert.customer)?.get(valueOf(alert));
    return bucket === undefined ? undefined : groupOfBucket.get(bucket);
  };
  return {
    grouping,
    rowCount: shownRows.length,
    entryAt: (index) => {
      const row = shownRows[index];
      if (row === undefined) return undefined;
      return 'alerts' in row ? { kind: 'group', group: row } : { kind: 'alert', alert: row };
    },
    indexOfAlert: (number) => {
      const group = groupOf(number);
      const alert = find(number);
      if (group === undefined || alert === undefined || group.collapsed) return undefined;
      const position = positionIn(group.alerts, alert, compare);
      return position < 0 ? undefined : (headerRow.get(group.key) as number) + 1 + position;
    },
    indexOfGroup: (key) => headerRow.get(key),
    groupOf,
    groups,
  };
}

let memo: { queue: QueueView; grouping: QueueGrouping; collapsed: ReadonlySet<string>; layout: QueueLayout } | null = null;

/** The queue as the list shows it. Stable by reference while the queue, the grouping and the collapsed set are. */
export function selectQueueLayout(state: ConsoleState): QueueLayout {
  const queue = selectQueue(state);
  if (memo !== null && memo.queue === queue && memo.grouping === state.grouping && memo.collapsed === state.collapsed) return memo.layout;
  const find = (number: number): AlertView | undefined => {
    const index = queue.indexOf(number);
    return index === undefined ? undefined : queue.rows[index];
  };
  const layout = state.grouping === 'none' ? flatLayout(queue) : groupRows(queue.rows, state.grouping, state.collapsed, comparatorFor(state.filter.sort), find);
  memo = { queue, grouping: state.grouping, collapsed: state.collapsed, layout };
  return layout;
}

/**
 * The cursor's row in the layout, -1 when the queue is empty. The cursor is on a group header (cursorGroup), or on
 * an alert; an alert of a collapsed group shows as its header. Without either, the last row index, clamped.
 */
export function selectCursorRow(state: ConsoleState): number {
  const layout = selectQueueLayout(state);
  if (layout.rowCount === 0) return -1;
  let index: number | undefined;
  if (state.cursorGroup !== null) index = layout.indexOfGroup(state.cursorGroup);
  else if (state.cursor !== null) {
    index = layout.indexOfAlert(state.cursor);
    if (index === undefined) {
      const group = layout.groupOf(state.cursor);
      if (group !== undefined) index = layout.indexOfGroup(group.key);
    }
  }
  return index ?? Math.min(Math.max(state.cursorIndex, 0), layout.rowCount - 1);
}

/** The group header under the cursor, or null when the cursor is on an alert (or the queue is not grouped). */
export function selectCursorGroup(state: ConsoleState): QueueGroup | null {
  const entry = selectQueueLayout(state).entryAt(selectCursorRow(state));
  return entry?.kind === 'group' ? entry.group : null;
}

const GROUPING_WORDS: Readonly<Record<Exclude<QueueGrouping, 'none'>, readonly [string, string]>> = {
  device: ['device', 'devices'],
  eventClass: ['event class', 'event classes'],
};

/** "device", "event classes": what the groups are, for the toolbar and messages. */
export function groupingWord(grouping: Exclude<QueueGrouping, 'none'>, count = 1): string {
  const [one, many] = GROUPING_WORDS[grouping];
  return count === 1 ? one : many;
}
