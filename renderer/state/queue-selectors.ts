/**
 * Narrow selectors over the store. The queue is derived (filter, search, sort) and memoised on the inputs by
 * reference, so a 100,000-alert customer is sorted once per change, not once per render.
 */
import { severityRank } from '../../shared/alert.ts';
import { ALL_CUSTOMERS, type AlertView, type CustomerSummary } from '../../shared/host/contract.ts';
import { changesBetween, type AlertMap } from './alert-deltas.ts';
import { comparatorFor } from './queue-sort.ts';
import { SortedChunks } from './sorted-chunks.ts';
import type { QueueFilter } from './selection-slice.ts';
import type { ConsoleState } from './store.ts';

/** The queue's rows, sorted, in chunks that the versions of a stream share. */
export type QueueRows = SortedChunks<AlertView>;

const EMPTY: QueueRows = SortedChunks.of([]);
const EMPTY_MAP: AlertMap = new Map();

const haystacks = new WeakMap<AlertView, string>();

/** Lower-cased text the search box matches against, computed once per alert object. */
function haystack(alert: AlertView): string {
  let text = haystacks.get(alert);
  if (text === undefined) {
    text =
      `${alert.number} ${alert.device} ${alert.ip ?? ''} ${alert.component} ${alert.summary} ${alert.eventClass}`.toLowerCase();
    haystacks.set(alert, text);
  }
  return text;
}

/** True when the alert passes the queue filter. Search terms separated by spaces must all match. */
export function matchesFilter(alert: AlertView, filter: QueueFilter, terms: readonly string[]): boolean {
  if (alert.status === 'resolved' && filter.status !== 'all') return false;
  if (filter.status === 'unacknowledged' && alert.status !== 'open') return false;
  if (severityRank(alert.severity) < severityRank(filter.minSeverity)) return false;
  if (((alert.suppressedBy ?? null) !== null) !== filter.suppressed) return false;
  if (terms.length === 0) return true;
  const text = haystack(alert);
  return terms.every((term) => text.includes(term));
}

function searchTerms(filter: QueueFilter): string[] {
  return filter.search
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '');
}

/** Filters and sorts a customer's alerts for the queue. */
export function buildQueue(alerts: ReadonlyMap<number, AlertView>, filter: QueueFilter): readonly AlertView[] {
  const terms = searchTerms(filter);
  const rows: AlertView[] = [];
  for (const alert of alerts.values()) if (matchesFilter(alert, filter, terms)) rows.push(alert);
  return rows.sort(comparatorFor(filter.sort));
}

/**
 * The queue after a few alerts changed, without sorting everything again: the changed and removed alerts leave
 * the previous rows and the changed ones that pass the filter go back in at their sorted place. Same result as
 * buildQueue (compareQueueOrder is a total order). Null when too much changed for this to be cheaper.
 *
 * The changed numbers come from the deltas recorded with the map (alert-deltas.ts) when it descends from
 * `previous`; otherwise the maps are compared entry by entry, which is O(n) and what a stream frame over a large
 * queue cannot afford. The rows are chunks shared with the previous version (sorted-chunks.ts): leaving rows are
 * found by binary search for their previous version, and only the chunks a change lands in are copied.
 */
export function updateQueue(
  previousRows: QueueRows,
  previous: AlertMap,
  alerts: AlertMap,
  filter: QueueFilter,
): QueueRows | null {
  const limit = Math.max(64, alerts.size >> 5);
  const numbers = changesBetween(previous, alerts, limit) ?? changedByComparing(previous, alerts, limit);
  if (numbers === null || numbers.size > limit) return null;
  const leaving: AlertView[] = [];
  const entering: AlertView[] = [];
  const terms = searchTerms(filter);
  const compare = comparatorFor(filter.sort);
  for (const number of numbers) {
    const before = previous.get(number);
    if (before !== undefined) leaving.push(before);
    const now = alerts.get(number);
    if (now !== undefined && matchesFilter(now, filter, terms)) entering.push(now);
  }
  entering.sort(compare);
  return previousRows.with(leaving, entering, compare);
}

/** Numbers whose entry differs between two maps that share no recorded history; null past `limit`. */
function changedByComparing(previous: AlertMap, alerts: AlertMap, limit: number): Set<number> | null {
  const numbers = new Set<number>();
  for (const [number, alert] of alerts) {
    if (previous.get(number) === alert) continue;
    numbers.add(number);
    if (numbers.size > limit) return null;
  }
  // Some previous alerts are gone when the new map is smaller than the old one plus what was added.
  if (alerts.size - numbers.size < previous.size) {
    for (const number of previous.keys()) {
      if (alerts.has(number)) continue;
      numbers.add(number);
      if (numbers.size > limit) return null;
    }
  }
  return numbers;
}

export interface QueueView {
  rows: QueueRows;
  /** event number → row index, or undefined when that alert is not in the queue */
  indexOf: (number: number) => number | undefined;
}

let memo: { alerts: AlertMap; filter: QueueFilter; view: QueueView } | null = null;

/** Which alerts the queue shows: every customer's (ALL_CUSTOMERS) or the customer in front's. */
export function selectQueueKey(state: ConsoleState): string | null {
  return state.allCustomers ? ALL_CUSTOMERS : state.activeCustomer;
}

/** The alerts behind the queue, before filter and sort. */
export function selectQueueAlerts(state: ConsoleState): AlertMap {
  const key = selectQueueKey(state);
  return (key !== null ? state.alertsByCustomer[key] : undefined) ?? EMPTY_MAP;
}

/** An alert the console holds, by number: from the queue's alerts, else from its customer's. */
export function findAlert(state: ConsoleState, number: number): AlertView | undefined {
  const shown = selectQueueAlerts(state).get(number);
  if (shown !== undefined) return shown;
  for (const alerts of Object.values(state.alertsByCustomer)) {
    const alert = alerts.get(number);
    if (alert !== undefined) return alert;
  }
  return undefined;
}

/**
 * A customer's alert by number, wherever the console holds it: its customer's own map when that customer was shown
 * on its own, else the all-customers queue's (with several customers the console opens on that one, and a
 * customer's own map is only filled once it is shown alone).
 */
export function customerAlert(state: ConsoleState, customer: string, number: number): AlertView | undefined {
  const own = state.alertsByCustomer[customer]?.get(number);
  if (own !== undefined) return own;
  const merged = state.alertsByCustomer[ALL_CUSTOMERS]?.get(number);
  return merged?.customer === customer ? merged : undefined;
}

/** The queue as shown: filtered, searched, sorted. Stable by reference while inputs are. */
export function selectQueue(state: ConsoleState): QueueView {
  const alerts = selectQueueAlerts(state);
  if (memo !== null && memo.alerts === alerts && memo.filter === state.filter) return memo.view;
  // A stream update changes a few alerts of a large map: patch the previous rows rather than sort them all again.
  const patched =
    memo !== null && memo.filter === state.filter && memo.view.rows.length > 0 && alerts.size > 0
      ? updateQueue(memo.view.rows, memo.alerts, alerts, state.filter)
      : null;
  const rows = patched ?? (alerts.size === 0 ? EMPTY : SortedChunks.of(buildQueue(alerts, state.filter)));
  // The rows are sorted by a total order, so an alert's row is found by binary search: no number → index map to
  // rebuild for every frame of a stream.
  const indexOf = (number: number): number | undefined => {
    const alert = alerts.get(number);
    if (alert === undefined) return undefined;
    const index = rows.lowerBound(alert, comparatorFor(state.filter.sort));
    return rows.get(index) === alert ? index : undefined;
  };
  memo = { alerts, filter: state.filter, view: { rows, indexOf } };
  return memo.view;
}

/** The cursor alert's index in the queue's rows, or -1 when the queue is empty or the cursor is on a group header. */
export function selectCursorIndex(state: ConsoleState): number {
  const { rows, indexOf } = selectQueue(state);
  if (rows.length === 0 || state.cursorGroup !== null) return -1;
  const index = state.cursor !== null ? indexOf(state.cursor) : undefined;
  return index ?? Math.min(Math.max(state.cursorIndex, 0), rows.length - 1);
}

/** The alert under the cursor, if any. */
export function selectCursorAlert(state: ConsoleState): AlertView | null {
  const index = selectCursorIndex(state);
  return index < 0 ? null : (selectQueue(state).rows.get(index) ?? null);
}

/** The customer in front. */
export function selectActiveCustomer(state: ConsoleState): CustomerSummary | null {
  return state.customers.find((customer) => customer.slug === state.activeCustomer) ?? null;
}

/** Event numbers still open, newest first, at most `limit`: what room-command completion offers. */
export function openEventNumbers(rows: Iterable<AlertView>, limit: number): number[] {
  // The largest `limit` numbers in one pass: the queue may hold 100,000 rows and changes many times a second.
  const top: number[] = [];
  if (limit <= 0) return top;
  for (const alert of rows) {
    if (alert.status === 'resolved') continue;
    const number = alert.number;
    if (top.length === limit && number <= (top[limit - 1] as number)) continue;
    let index = top.length;
    while (index > 0 && (top[index - 1] as number) < number) index--;
    top.splice(index, 0, number);
    if (top.length > limit) top.pop();
  }
  return top;
}

let namesMemo: { customers: readonly CustomerSummary[]; names: ReadonlyMap<string, string> } | null = null;

/** slug → name, for the all-customers queue's customer column; stable while the customer list is. */
export function selectCustomerNames(state: ConsoleState): ReadonlyMap<string, string> {
  if (namesMemo === null || namesMemo.customers !== state.customers) {
    namesMemo = {
      customers: state.customers,
      names: new Map(state.customers.map((customer) => [customer.slug, customer.name])),
    };
  }
  return namesMemo.names;
}
