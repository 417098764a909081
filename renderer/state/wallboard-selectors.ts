/**
 * What the wallboard shows, worked out from the store: each customer's open alerts by severity (and how many of
 * them nobody has acknowledged), and the open criticals newest first. Both read the all-customers queue's alert
 * map and leave out what a transform suppressed, as the queue and the sidebar do. Memoised on the map, which the
 * store replaces on every change, so a TV showing 100,000 alerts counts once per stream frame, not once per render.
 */
import type { Severity } from '../../shared/alert.ts';
import { ALL_CUSTOMERS, type AlertView } from '../../shared/host/contract.ts';
import type { ConsoleState } from './store.ts';

/** The severities the board has a column for; debug and clear count in `open` only. */
export const BOARD_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const satisfies readonly Severity[];
type BoardSeverity = (typeof BOARD_SEVERITIES)[number];

export interface CustomerCounts {
  /** open and acknowledged alerts by severity */
  open: Record<BoardSeverity, number>;
  /** of those, the ones nobody has acknowledged */
  unacknowledged: Record<BoardSeverity, number>;
  /** every open and acknowledged alert, whatever its severity */
  total: number;
}

type AlertMap = ReadonlyMap<number, AlertView>;

const EMPTY: AlertMap = new Map();

function zero(): Record<BoardSeverity, number> {
  return { critical: 0, error: 0, warning: 0, info: 0 };
}

function shown(alert: AlertView): boolean {
  return alert.status !== 'resolved' && (alert.suppressedBy ?? null) === null;
}

function boardSeverity(severity: Severity): severity is BoardSeverity {
  return (BOARD_SEVERITIES as readonly Severity[]).includes(severity);
}

/** Every customer's alerts the board counts: the all-customers queue's map (empty until it has loaded). */
function boardAlerts(state: ConsoleState): AlertMap {
  return state.alertsByCustomer[ALL_CUSTOMERS] ?? EMPTY;
}

const countsMemo = new WeakMap<AlertMap, ReadonlyMap<string, CustomerCounts>>();

/** Counts by customer slug; a customer with no open alert has no entry. */
export function selectCustomerCounts(state: ConsoleState): ReadonlyMap<string, CustomerCounts> {
  const alerts = boardAlerts(state);
  const known = countsMemo.get(alerts);
  if (known !== undefined) return known;
  const counts = new Map<string, CustomerCounts>();
  for (const alert of alerts.values()) {
    if (!shown(alert)) continue;
    let entry = counts.get(alert.customer);
    if (entry === undefined) {
      entry = { open: zero(), unacknowledged: zero(), total: 0 };
      counts.set(alert.customer, entry);
    }
    entry.total += 1;
    if (!boardSeverity(alert.severity)) continue;
    entry.open[alert.severity] += 1;
    if (alert.status === 'open') entry.unacknowledged[alert.severity] += 1;
  }
  countsMemo.set(alerts, counts);
  return counts;
}

/** Newest first: when it opened, then the higher event number. */
function newestFirst(a: AlertView, b: AlertView): number {
  return Date.parse(b.firstSeen) - Date.parse(a.firstSeen) || b.number - a.number;
}

const criticalsMemo = new WeakMap<AlertMap, readonly AlertView[]>();

/** Every open or acknowledged critical, newest first. */
export function selectCriticals(state: ConsoleState): readonly AlertView[] {
  const alerts = boardAlerts(state);
  const known = criticalsMemo.get(alerts);
  if (known !== undefined) return known;
  const criticals: AlertView[] = [];
  for (const alert of alerts.values()) if (alert.severity === 'critical' && shown(alert)) criticals.push(alert);
  criticals.sort(newestFirst);
  criticalsMemo.set(alerts, criticals);
  return criticals;
}
