/**
 * Grouping the queue by device or by event class: a header per group with its counts, its alerts below it unless
 * the group is collapsed. Groups come in the order of their first alert in the queue's sort, so with the queue's
 * own order the group holding the worst, newest alert is on top, and a group moves up as soon as one of its alerts
 * gets worse.
 *
 * The queue (queue-selectors.ts) stays the filtered, sorted list of alerts; grouping only lays it out. The layout
 * is one pass over those rows, memoised on the queue, the grouping and the collapsed set.
 */
import { SEVERITIES, type Severity } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { selectQueue, type QueueView } from './queue-selectors.ts';
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

/** Lays out sorted rows in groups: one pass to bucket, one to count, one to place. */
export function groupRows(rows: readonly AlertView[], grouping: Exclude<QueueGrouping, 'none'>, collapsed: ReadonlySet<string>): QueueLayout {
  const buckets = new Map<string, AlertView[]>();
  for (const alert of rows) {
    const key = groupKey(grouping, alert);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [alert]);
    else bucket.push(alert);
  }
  const groups: QueueGroup[] = [];
  const entries: QueueEntry[] = [];
  const alertRow = new Map<number, number>();
  const groupRow = new Map<string, number>();
  const groupOfAlert = new Map<number, QueueGroup>();
  for (const [key, alerts] of buckets) {
    const first = alerts[0] as AlertView;
    const bySeverity = new Map<Severity, number>();
    let unacknowledged = 0;
    for (const alert of alerts) {
      bySeverity.set(alert.severity, (bySeverity.get(alert.severity) ?? 0) + 1);
      if (alert.status === 'open') unacknowledged++;
    }
    const severities = [...SEVERITIES].reverse().flatMap((severity) => {
      const count = bySeverity.get(severity);
      return count === undefined ? [] : [[severity, count] as const];
    });
    const group: QueueGroup = {
      key,
      customer: first.customer,
      value: grouping === 'device' ? first.device : first.eventClass,
      alerts,
      severities,
      unacknowledged,
      collapsed: collapsed.has(key),
    };
    groups.push(group);
    groupRow.set(key, entries.length);
    entries.push({ kind: 'group', group });
    for (const alert of alerts) {
      groupOfAlert.set(alert.number, group);
      if (group.collapsed) continue;
      alertRow.set(alert.number, entries.length);
      entries.push({ kind: 'alert', alert });
    }
  }
  return {
    grouping,
    rowCount: entries.length,
    entryAt: (index) => entries[index],
    indexOfAlert: (number) => alertRow.get(number),
    indexOfGroup: (key) => groupRow.get(key),
    groupOf: (number) => groupOfAlert.get(number),
    groups,
  };
}

let memo: { queue: QueueView; grouping: QueueGrouping; collapsed: ReadonlySet<string>; layout: QueueLayout } | null = null;

/** The queue as the list shows it. Stable by reference while the queue, the grouping and the collapsed set are. */
export function selectQueueLayout(state: ConsoleState): QueueLayout {
  const queue = selectQueue(state);
  if (memo !== null && memo.queue === queue && memo.grouping === state.grouping && memo.collapsed === state.collapsed) return memo.layout;
  const layout = state.grouping === 'none' ? flatLayout(queue) : groupRows(queue.rows, state.grouping, state.collapsed);
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
