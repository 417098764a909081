/** The queue's alerts: opening one, bulk marks, and the alert actions that go to the host (cursor-actions.ts moves). */
import { ALL_CUSTOMERS, type ActionOutcome, type AlertView, type HostResponse } from '../../shared/host/contract.ts';
import { applyAlertChanges, type AlertMap } from './alert-deltas.ts';
import type { PendingAction } from './alerts-slice.ts';
import { currentHost } from './host-binding.ts';
import { findAlert, selectCursorAlert } from './queue-selectors.ts';
import { getState, setState } from './store.ts';
import { pushToast, toastError, toastOutcome } from './ui-actions.ts';

/** Opens the alert under the cursor: notes, history and PagerDuty state. */
export function openDetail(): void {
  const alert = selectCursorAlert(getState());
  if (alert === null) return;
  setState({ detailOpen: true, cursor: alert.number });
  void loadAlertDetail(alert.number);
}

export function closeDetail(): void {
  setState({ detailOpen: false });
}

/** Fetches history and comments for an alert (the alert itself is already in the queue). */
export async function loadAlertDetail(number: number): Promise<void> {
  const response = await currentHost().invoke('alerts.get', { number });
  if (!response.ok) return toastError(`Loading ${number}`, response.error);
  const { alert, ...detail } = response.value;
  setState((state) => ({ details: { ...state.details, [number]: detail } }));
  mergeAlerts(alert.customer, [alert], []);
}

/** Marks or unmarks the cursor row for a bulk action, in place as in mail clients: `x j x` marks two rows. */
export function toggleMarkAtCursor(): void {
  const alert = selectCursorAlert(getState());
  if (alert === null) return;
  setState((state) => {
    const marked = new Set(state.marked);
    if (marked.has(alert.number)) marked.delete(alert.number);
    else marked.add(alert.number);
    return { marked };
  });
}

export function clearMarks(): void {
  setState({ marked: new Set() });
}

/** What `a`/`r` act on: the marked alerts when there are any, else the cursor's. */
export function actionTargets(): number[] {
  const state = getState();
  if (state.marked.size > 0) return [...state.marked];
  const alert = selectCursorAlert(state);
  return alert === null ? [] : [alert.number];
}

/** Acknowledges alerts, with an optional note or ticket number. */
export async function acknowledgeAlerts(numbers: readonly number[], note?: string): Promise<boolean> {
  return runBulk('acknowledge', numbers, note);
}

/** Resolves alerts, with an optional note or ticket number. */
export async function resolveAlerts(numbers: readonly number[], note?: string): Promise<boolean> {
  return runBulk('resolve', numbers, note);
}

const BULK_LIMIT = 500;

async function runBulk(action: PendingAction['action'], numbers: readonly number[], note?: string): Promise<boolean> {
  if (numbers.length === 0) return false;
  const verb = action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
  const outcomes: ActionOutcome[] = [];
  // The contract takes at most 500 per request; larger marks go in several requests.
  for (let start = 0; start < numbers.length; start += BULK_LIMIT) {
    const chunk = numbers.slice(start, start + BULK_LIMIT);
    const args = note !== undefined && note.trim() !== '' ? { numbers: chunk, note: note.trim() } : { numbers: chunk };
    const channel = action === 'acknowledge' ? 'alerts.acknowledge' : 'alerts.resolve';
    const response: HostResponse<ActionOutcome[]> = await currentHost().invoke(channel, args);
    if (!response.ok) {
      toastError(`${verb} ${describe(chunk)}`, response.error);
      return false;
    }
    applyLocally(action, chunk, response.value);
    outcomes.push(...response.value);
  }
  setState((state) => {
    const marked = new Set(state.marked);
    for (const number of numbers) marked.delete(number);
    return { marked };
  });
  summarise(verb, numbers, outcomes);
  return true;
}

/** Shows the change at once; COSS's own alerts.changed later confirms or corrects it. */
function applyLocally(
  action: PendingAction['action'],
  numbers: readonly number[],
  outcomes: readonly ActionOutcome[],
): void {
  flushAlertChanges();
  const state = getState();
  const who = state.user?.displayName ?? state.user?.name ?? null;
  const now = new Date().toISOString();
  const changed: AlertView[] = [];
  const pending = new Map(state.pending);
  numbers.forEach((number, index) => {
    const alert = findAlert(state, number);
    if (alert === undefined) return;
    changed.push(
      action === 'acknowledge'
        ? {
            ...alert,
            status: alert.status === 'resolved' ? 'resolved' : 'acknowledged',
            acknowledgedBy: alert.acknowledgedBy ?? who,
          }
        : { ...alert, status: 'resolved', resolvedAt: now },
    );
    const status = outcomes[index]?.status ?? 'done';
    if (status === 'done') pending.delete(number);
    else pending.set(number, { action, via: status });
  });
  // Each alert goes to its own customer's queue (the all-customers view holds several).
  const byCustomer = new Map<string, AlertView[]>();
  for (const alert of changed) byCustomer.set(alert.customer, [...(byCustomer.get(alert.customer) ?? []), alert]);
  if (byCustomer.size === 0) setState({ pending });
  for (const [customer, alerts] of byCustomer) mergeAlerts(customer, alerts, [], pending);
}

function summarise(verb: string, numbers: readonly number[], outcomes: readonly ActionOutcome[]): void {
  if (numbers.length === 1 && outcomes[0] !== undefined) return toastOutcome(outcomes[0]);
  const queued = outcomes.filter((outcome) => outcome.status === 'queued').length;
  const direct = outcomes.filter((outcome) => outcome.status === 'direct').length;
  if (queued > 0) pushToast('queued', `${verb}: ${describe(numbers)} queued offline; sent when COSS is back.`);
  else if (direct > 0) pushToast('direct', `${verb}: ${describe(numbers)} sent directly to PagerDuty.`);
  else pushToast('done', `${verb}d ${describe(numbers)}.`);
}

function describe(numbers: readonly number[]): string {
  return numbers.length === 1 ? `${numbers[0]}` : `${numbers.length} alerts`;
}

/** Escalates the cursor's alert to the next level. */
export async function escalateAlert(number: number): Promise<void> {
  const response = await currentHost().invoke('alerts.escalate', { number });
  if (!response.ok) return toastError(`Escalate ${number}`, response.error);
  toastOutcome(response.value);
}

/** Adds a note to an alert. */
export async function addNote(number: number, text: string): Promise<boolean> {
  const response = await currentHost().invoke('alerts.note', { number, text });
  if (!response.ok) {
    toastError(`Note on ${number}`, response.error);
    return false;
  }
  toastOutcome(response.value);
  if (getState().details[number] !== undefined) void loadAlertDetail(number);
  return true;
}

/**
 * Applies changed and removed alerts to a customer's map. Alerts COSS reports clear any local pending mark:
 * its word is the truth once it speaks.
 */
export function mergeAlerts(
  customer: string,
  changed: readonly AlertView[],
  removed: readonly number[],
  pending?: ReadonlyMap<number, PendingAction>,
): void {
  // Stream changes held for the next frame are older than this one: they go first.
  flushAlertChanges();
  mergeCustomerChanges(new Map([[customer, { changed, removed }]]), pending ?? getState().pending);
}

interface CustomerChanges {
  changed: readonly AlertView[];
  removed: readonly number[];
}

/**
 * Several customers' changes in one store update: each loaded customer's map gets its own, and the all-customers
 * map, once loaded, gets them all as one new version. One version of that map per update, not one per customer:
 * each version costs a patch of the whole (100,000-row) queue, and a frame of the stream touches every customer.
 */
function mergeCustomerChanges(
  changes: ReadonlyMap<string, CustomerChanges>,
  pendingMarks: ReadonlyMap<number, PendingAction>,
): void {
  setState((state) => {
    const all = state.alertsByCustomer[ALL_CUSTOMERS];
    const next: Record<string, AlertMap> = {};
    const allChanged: AlertView[] = [];
    const allRemoved: number[] = [];
    let touched = false;
    for (const [customer, { changed, removed }] of changes) {
      const current = state.alertsByCustomer[customer];
      if (current !== undefined) {
        next[customer] = applyAlertChanges(current, changed, removed);
        touched = true;
      }
      if (all !== undefined && customer !== ALL_CUSTOMERS) {
        for (const alert of changed) allChanged.push(alert);
        for (const number of removed) allRemoved.push(number);
      }
    }
    if (all !== undefined && (allChanged.length > 0 || allRemoved.length > 0)) {
      next[ALL_CUSTOMERS] = applyAlertChanges(next[ALL_CUSTOMERS] ?? all, allChanged, allRemoved);
      touched = true;
    }
    if (!touched) return { pending: pendingMarks };
    return { alertsByCustomer: { ...state.alertsByCustomer, ...next }, pending: pendingMarks };
  });
}

/**
 * Stream changes are held and applied together in the next animation frame, just before it is drawn: at most one
 * store update (one queue patch, one render) per frame however many messages arrive. At 1,000 upserts/s, one
 * update per message re-rendered the queue far more often than the screen can show it, and the backlog grew.
 */
const heldChanges = new Map<string, { changed: Map<number, AlertView>; removed: Set<number> }>();
let frameRequested = false;

function requestFlush(): void {
  if (frameRequested) return;
  frameRequested = true;
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    frameRequested = false;
    flushAlertChanges();
  };
  requestAnimationFrame(once);
  // A hidden window gets no frames: do not hold changes (and pending marks) for long.
  setTimeout(once, 100);
}

/** Applies the held stream changes now, every customer's in one store update; called before anything else writes alerts, so order is kept. */
export function flushAlertChanges(): void {
  if (heldChanges.size === 0) return;
  const held = new Map<string, CustomerChanges>();
  for (const [customer, { changed, removed }] of heldChanges)
    held.set(customer, { changed: [...changed.values()], removed: [...removed] });
  heldChanges.clear();
  applyNow(held);
}

function applyNow(changes: ReadonlyMap<string, CustomerChanges>): void {
  const pending = new Map(getState().pending);
  for (const { changed, removed } of changes.values()) {
    // The core's own local version of a queued acknowledgement ("NOC (pending)") is not COSS speaking: keep the mark.
    for (const alert of changed)
      if (alert.acknowledgedBy?.endsWith(' (pending)') !== true) pending.delete(alert.number);
    for (const number of removed) pending.delete(number);
  }
  mergeCustomerChanges(changes, pending);
}

/** Host-reported alert changes: merged (in the next frame), and their pending marks cleared. */
export function applyAlertsChanged(customer: string, changed: readonly AlertView[], removed: readonly number[]): void {
  // Without frames (the store tests in Node) there is nothing to wait for.
  if (typeof requestAnimationFrame !== 'function') return applyNow(new Map([[customer, { changed, removed }]]));
  let entry = heldChanges.get(customer);
  if (entry === undefined) {
    entry = { changed: new Map(), removed: new Set() };
    heldChanges.set(customer, entry);
  }
  for (const alert of changed) {
    entry.changed.set(alert.number, alert);
    entry.removed.delete(alert.number);
  }
  for (const number of removed) {
    entry.removed.add(number);
    entry.changed.delete(number);
  }
  requestFlush();
}
