/**
 * Grouping the queue by device or by event class: a header per group with its counts, its alerts below it unless
 * the group is collapsed. Groups come in the order of their first alert in the queue's sort, so with the queue's
 * own order the group holding the worst, newest alert is on top, and a group moves up as soon as one of its alerts
 * gets worse.
 *
 * The queue (queue-selectors.ts) stays the filtered, sorted list of alerts; grouping only lays it out. A grouped
 * queue of 100,000 alerts may have 40,000 devices and a stream changes a few alerts 100 times a second, so the
 * groups live in an index that a frame's changes patch: each changed alert leaves its old group and joins its new
 * one by binary search, only the groups it touched are rebuilt (copied, never changed in place: a header re-renders
 * only when its group did), and a touched group moves to its new place in the group order by binary search. The
 * layout's rows are not materialised: a prefix sum of rows per group (header + alerts unless collapsed) finds the
 * group of a row by binary search. A frame costs O(changes · log n + groups); a new filter, sort or grouping
 * builds the index again in O(n).
 */
import { SEVERITIES, severityRank, type Severity } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { lowerBound } from '../../shared/sorted-search.ts';
import { changesBetween, type AlertMap } from './alert-deltas.ts';
import { selectQueue, selectQueueAlerts, type QueueView } from './queue-selectors.ts';
import { comparatorFor, type AlertComparator } from './queue-sort.ts';
import type { QueueFilter } from './selection-slice.ts';
import type { ConsoleState } from './store.ts';

export const GROUPINGS = ['none', 'device', 'eventClass'] as const;
export type QueueGrouping = (typeof GROUPINGS)[number];
type Grouped = Exclude<QueueGrouping, 'none'>;

/** One group as shown: immutable, replaced (not changed) when one of its alerts changes. */
export interface QueueGroup {
  /** grouping, customer and value: devices of two customers with the same name are two groups */
  key: string;
  customer: string;
  /** the device or the event class */
  value: string;
  /** the group's alerts in queue order; never empty */
  alerts: readonly AlertView[];
  /** how many alerts of each severity, worst first, only those present */
  severities: readonly (readonly [Severity, number])[];
  /** alerts nobody has acknowledged yet */
  unacknowledged: number;
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
  isCollapsed: (key: string) => boolean;
  /** the groups in the order shown */
  groups: readonly QueueGroup[];
}

/** The key of the group an alert falls in. */
export function groupKey(grouping: Grouped, alert: AlertView): string {
  return `${grouping}\u0000${alert.customer}\u0000${grouping === 'device' ? alert.device : alert.eventClass}`;
}

const RANKED = [...SEVERITIES].reverse();
const RANK = Object.fromEntries(SEVERITIES.map((severity) => [severity, severityRank(severity)])) as Readonly<
  Record<Severity, number>
>;

function makeGroup(grouping: Grouped, alerts: readonly AlertView[], key?: string): QueueGroup {
  const first = alerts[0] as AlertView;
  const counts = new Array<number>(SEVERITIES.length).fill(0);
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
  return {
    key: key ?? groupKey(grouping, first),
    customer: first.customer,
    value: grouping === 'device' ? first.device : first.eventClass,
    alerts,
    severities,
    unacknowledged,
  };
}

/**
 * Where `item` itself is in sorted `items`. Binary search, then a look along equal neighbours: two versions of one
 * alert (the old as one group's first, the new as another's) compare equal while a patch is under way.
 */
function indexIn<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number | undefined {
  for (let at = lowerBound(items, item, compare); at < items.length; at++) {
    if (items[at] === item) return at;
    if (compare(items[at] as T, item) !== 0) break;
  }
  const found = items.indexOf(item);
  return found < 0 ? undefined : found;
}

/**
 * The groups of one queue, for one grouping and sort: found by customer then value (no key string per alert), and
 * in shown order. Patched in place from one layout to the next; a layout is valid until the next one is made.
 */
class GroupIndex {
  readonly byCustomer = new Map<string, Map<string, QueueGroup>>();
  order: QueueGroup[] = [];
  readonly compareGroups: (a: QueueGroup, b: QueueGroup) => number;

  constructor(
    readonly grouping: Grouped,
    readonly compare: AlertComparator,
  ) {
    this.compareGroups = (a, b) => compare(a.alerts[0] as AlertView, b.alerts[0] as AlertView);
  }

  valueOf(alert: AlertView): string {
    return this.grouping === 'device' ? alert.device : alert.eventClass;
  }

  find(alert: AlertView): QueueGroup | undefined {
    return this.byCustomer.get(alert.customer)?.get(this.valueOf(alert));
  }

  /** Every group from sorted rows: one pass to bucket, one per group to count. */
  static build(rows: Iterable<AlertView>, grouping: Grouped, compare: AlertComparator): GroupIndex {
    const index = new GroupIndex(grouping, compare);
    const buckets: AlertView[][] = [];
    const bucketOf = new Map<string, Map<string, AlertView[]>>();
    for (const alert of rows) {
      let values = bucketOf.get(alert.customer);
      if (values === undefined) bucketOf.set(alert.customer, (values = new Map<string, AlertView[]>()));
      const value = index.valueOf(alert);
      const bucket = values.get(value);
      if (bucket === undefined) {
        const created = [alert];
        values.set(value, created);
        buckets.push(created);
      } else bucket.push(alert);
    }
    for (const alerts of buckets) {
      const group = makeGroup(grouping, alerts);
      index.set(group);
      index.order.push(group);
    }
    return index;
  }

  private set(group: QueueGroup): void {
    let values = this.byCustomer.get(group.customer);
    if (values === undefined) this.byCustomer.set(group.customer, (values = new Map<string, QueueGroup>()));
    values.set(group.value, group);
  }

  /**
   * Applies changed alerts: `leaving` are previous versions that were in the queue, `entering` the current
   * versions now in it. Touched groups are rebuilt and moved in the order; emptied ones go.
   */
  patch(leaving: readonly AlertView[], entering: readonly AlertView[]): void {
    const working = new Map<QueueGroup | string, { group: QueueGroup | undefined; alerts: AlertView[] }>();
    const workOn = (alert: AlertView) => {
      const group = this.find(alert);
      const id = group ?? `${alert.customer}\u0000${this.valueOf(alert)}`;
      let work = working.get(id);
      if (work === undefined) working.set(id, (work = { group, alerts: group === undefined ? [] : [...group.alerts] }));
      return work;
    };
    for (const alert of leaving) {
      const work = workOn(alert);
      const at = lowerBound(work.alerts, alert, this.compare);
      if (work.alerts[at] === alert) work.alerts.splice(at, 1);
    }
    for (const alert of entering) {
      const work = workOn(alert);
      work.alerts.splice(lowerBound(work.alerts, alert, this.compare), 0, alert);
    }
    const order = [...this.order];
    for (const { group, alerts } of working.values()) {
      if (group !== undefined) {
        const at = indexIn(order, group, this.compareGroups);
        if (at !== undefined) order.splice(at, 1);
        this.byCustomer.get(group.customer)?.delete(group.value);
      }
      if (alerts.length === 0) continue;
      const next = makeGroup(this.grouping, alerts, group?.key);
      this.set(next);
      order.splice(lowerBound(order, next, this.compareGroups), 0, next);
    }
    this.order = order;
  }

  /** The position of a group in the order, by its first alert. */
  positionOf(group: QueueGroup): number | undefined {
    return indexIn(this.order, group, this.compareGroups);
  }
}

function flatLayout(queue: QueueView): QueueLayout {
  return {
    grouping: 'none',
    rowCount: queue.rows.length,
    entryAt: (index) => {
      const alert = queue.rows.get(index);
      return alert === undefined ? undefined : { kind: 'alert', alert };
    },
    indexOfAlert: queue.indexOf,
    indexOfGroup: () => undefined,
    groupOf: () => undefined,
    isCollapsed: () => false,
    groups: [],
  };
}

/** The rows of an index: a header per group, its alerts unless collapsed; rows found through a prefix sum. */
function layoutOf(
  index: GroupIndex,
  collapsed: ReadonlySet<string>,
  find: (number: number) => AlertView | undefined,
): QueueLayout {
  const { order } = index;
  const starts = new Int32Array(order.length + 1);
  for (let at = 0; at < order.length; at++) {
    const group = order[at] as QueueGroup;
    starts[at + 1] = (starts[at] as number) + 1 + (collapsed.has(group.key) ? 0 : group.alerts.length);
  }
  const rowCount = starts[order.length] as number;
  const groupOf = (number: number): QueueGroup | undefined => {
    const alert = find(number);
    return alert === undefined ? undefined : index.find(alert);
  };
  const headerRow = (group: QueueGroup): number | undefined => {
    const at = index.positionOf(group);
    return at === undefined ? undefined : starts[at];
  };
  return {
    grouping: index.grouping,
    rowCount,
    entryAt: (row) => {
      if (row < 0 || row >= rowCount) return undefined;
      // The last group starting at or before the row.
      let low = 0;
      let high = order.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if ((starts[middle] as number) <= row) low = middle;
        else high = middle - 1;
      }
      const group = order[low] as QueueGroup;
      const offset = row - (starts[low] as number);
      if (offset === 0) return { kind: 'group', group };
      const alert = group.alerts[offset - 1];
      return alert === undefined ? undefined : { kind: 'alert', alert };
    },
    indexOfAlert: (number) => {
      const alert = find(number);
      const group = alert === undefined ? undefined : index.find(alert);
      if (alert === undefined || group === undefined || collapsed.has(group.key)) return undefined;
      const at = lowerBound(group.alerts, alert, index.compare);
      const header = headerRow(group);
      return group.alerts[at] === alert && header !== undefined ? header + 1 + at : undefined;
    },
    indexOfGroup: (key) => {
      // grouping \0 customer \0 value: the value may hold anything, the customer (a slug) does not.
      const first = key.indexOf('\u0000');
      const second = key.indexOf('\u0000', first + 1);
      if (first < 0 || second < 0) return undefined;
      const group = index.byCustomer.get(key.slice(first + 1, second))?.get(key.slice(second + 1));
      return group === undefined || group.key !== key ? undefined : headerRow(group);
    },
    groupOf,
    isCollapsed: (key) => collapsed.has(key),
    groups: order,
  };
}

/** Lays out rows sorted by `compare` in groups (the whole build; selectQueueLayout patches between frames). */
export function groupRows(
  rows: Iterable<AlertView>,
  grouping: Grouped,
  collapsed: ReadonlySet<string>,
  compare: AlertComparator,
  find: (number: number) => AlertView | undefined,
): QueueLayout {
  return layoutOf(GroupIndex.build(rows, grouping, compare), collapsed, find);
}

interface Memo {
  queue: QueueView;
  alerts: AlertMap;
  filter: QueueFilter;
  grouping: QueueGrouping;
  collapsed: ReadonlySet<string>;
  index: GroupIndex | null;
  layout: QueueLayout;
}

let memo: Memo | null = null;

/** The index for the new queue: the previous one patched with what changed, or built again. */
function nextIndex(
  previous: Memo | null,
  state: ConsoleState,
  queue: QueueView,
  alerts: AlertMap,
  grouping: Grouped,
): GroupIndex {
  const compare = comparatorFor(state.filter.sort);
  if (previous?.index == null || previous.grouping !== grouping || previous.filter !== state.filter)
    return GroupIndex.build(queue.rows, grouping, compare);
  if (previous.queue === queue) return previous.index;
  const limit = Math.max(64, alerts.size >> 5);
  const numbers = changesBetween(previous.alerts, alerts, limit);
  if (numbers === null || numbers.size > limit) return GroupIndex.build(queue.rows, grouping, compare);
  const leaving: AlertView[] = [];
  const entering: AlertView[] = [];
  for (const number of numbers) {
    const before = previous.alerts.get(number);
    if (before !== undefined && previous.queue.indexOf(number) !== undefined) leaving.push(before);
    const at = queue.indexOf(number);
    const now = at === undefined ? undefined : queue.rows.get(at);
    if (now !== undefined) entering.push(now);
  }
  previous.index.patch(leaving, entering);
  return previous.index;
}

/** The queue as the list shows it. Stable by reference while the queue, the grouping and the collapsed set are. */
export function selectQueueLayout(state: ConsoleState): QueueLayout {
  const queue = selectQueue(state);
  if (memo !== null && memo.queue === queue && memo.grouping === state.grouping && memo.collapsed === state.collapsed)
    return memo.layout;
  const alerts = selectQueueAlerts(state);
  const find = (number: number): AlertView | undefined => {
    const at = queue.indexOf(number);
    return at === undefined ? undefined : queue.rows.get(at);
  };
  let index: GroupIndex | null = null;
  let layout: QueueLayout;
  if (state.grouping === 'none') layout = flatLayout(queue);
  else {
    index = nextIndex(memo, state, queue, alerts, state.grouping);
    layout = layoutOf(index, state.collapsed, find);
  }
  memo = { queue, alerts, filter: state.filter, grouping: state.grouping, collapsed: state.collapsed, index, layout };
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

const GROUPING_WORDS: Readonly<Record<Grouped, readonly [string, string]>> = {
  device: ['device', 'devices'],
  eventClass: ['event class', 'event classes'],
};

/** "device", "event classes": what the groups are, for the toolbar and messages. */
export function groupingWord(grouping: Grouped, count = 1): string {
  const [one, many] = GROUPING_WORDS[grouping];
  return count === 1 ? one : many;
}
