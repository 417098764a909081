/**
 * The selection is an alert, never a row position. Alerts arriving, changing or leaving move rows under the cursor;
 * once the operator has chosen an alert (any key that moves the cursor), this keeps the cursor on it, whatever
 * changed around it. When that alert leaves the view (resolved, or no longer matching the filter) the cursor goes
 * to its neighbour and says so. Before any choice the cursor is the top row the operator watches. Either way,
 * whenever the highlighted alert changes without a key, action keys wait a moment (ACTION_HOLD_MS), so a key meant
 * for the alert that was there never lands on another one.
 */
import type { AlertView } from '../../shared/host/contract.ts';
import { loadAlertDetail } from './alert-actions.ts';
import { loadRoom } from './customer-actions.ts';
import {
  selectCursorAlert,
  selectCursorIndex,
  selectQueue,
  selectQueueAlerts,
  selectQueueKey,
  type QueueRows,
} from './queue-selectors.ts';
import type { QueueFilter } from './selection-slice.ts';
import { getState, setState, useConsoleStore, type ConsoleState } from './store.ts';
import { pushToast } from './ui-actions.ts';
import { selectCursorGroup, selectQueueLayout, type QueueEntry } from './queue-groups.ts';

/** How long after an involuntary move action keys do nothing but say why. */
export const ACTION_HOLD_MS = 750;

interface Shown {
  customer: string | null;
  filter: QueueFilter;
  rows: QueueRows;
  index: number;
}

function shownIn(state: ConsoleState): Shown {
  return {
    customer: selectQueueKey(state),
    filter: state.filter,
    rows: selectQueue(state).rows,
    index: selectCursorIndex(state),
  };
}

/** The nearest row of `rows` around `index` (after it first, as the eye reads on) still in the new queue. */
function neighbour(
  rows: QueueRows,
  index: number,
  inQueue: (number: number) => number | undefined,
): { alert: AlertView; index: number } | null {
  for (let step = 1; index + step < rows.length || index - step >= 0; step += 1) {
    for (const candidate of [rows.get(index + step), rows.get(index - step)]) {
      if (candidate === undefined) continue;
      const at = inQueue(candidate.number);
      if (at !== undefined) return { alert: candidate, index: at };
    }
  }
  return null;
}

/** Starts keeping the selection; returns the function that stops it. */
export function keepSelection(now: () => number = Date.now): () => void {
  let shown = shownIn(getState());
  const detailsAsked = new Set<number>();
  const unsubscribe = useConsoleStore.subscribe((state, previous) => {
    const explicit =
      state.cursor !== previous.cursor ||
      state.cursorGroup !== previous.cursorGroup ||
      state.grouping !== previous.grouping ||
      state.collapsed !== previous.collapsed ||
      selectQueueKey(state) !== shown.customer ||
      state.filter !== shown.filter;
    const queue = selectQueue(state);
    const before = shown;
    shown = shownIn(state);
    if (!explicit && queue.rows !== before.rows && before.index >= 0) {
      const selected = before.rows.get(before.index);
      if (selected !== undefined) keep(state, selected, before, queue.indexOf);
    }
    keepGroupCursor(getState(), now);
    ensureDetail(getState(), detailsAsked);
    refreshDetail(getState(), previous);
    followCursorCustomer(getState());
  });
  return () => {
    unsubscribe();
    clearTimeout(refreshTimer);
  };

  function keep(
    state: ConsoleState,
    selected: AlertView,
    before: Shown,
    inQueue: (number: number) => number | undefined,
  ): void {
    const at = inQueue(selected.number);
    if (state.cursor === null) {
      // Nothing chosen yet: the cursor is the row the operator watches (the top, where new criticals arrive), and
      // the window stays there. When another alert takes that row, keys wait a moment, as after any move the
      // operator did not make, so a key meant for the alert that was there never lands on the newcomer.
      const shownNow = selectCursorAlert(state);
      if (shownNow !== null && shownNow.number !== selected.number) {
        const current = selectQueueAlerts(state).get(selected.number);
        const why =
          at !== undefined
            ? 'displaced'
            : current === undefined || current.status === 'resolved'
              ? 'resolved'
              : 'filtered';
        setState({ cursorMoved: { from: selected.number, to: shownNow.number, why, at: now() } });
      }
      return;
    }
    if (at !== undefined) {
      // Still there, wherever the changes put it.
      if (state.cursor !== selected.number) setState({ cursor: selected.number, cursorIndex: at });
      return;
    }
    const current = selectQueueAlerts(state).get(selected.number);
    const why = current === undefined || current.status === 'resolved' ? 'resolved' : 'filtered';
    const next = neighbour(before.rows, before.index, inQueue);
    setState({
      cursor: next?.alert.number ?? null,
      cursorIndex: next?.index ?? 0,
      cursorMoved: { from: selected.number, to: next?.alert.number ?? null, why, at: now() },
    });
    const left = why === 'resolved' ? `${selected.number} resolved` : `${selected.number} no longer matches the filter`;
    pushToast('info', next === null ? `${left}; the queue is empty.` : `${left}, now on ${next.alert.number}.`);
  }
}

/**
 * In a grouped queue the cursor is always on a row the list shows: on a header when nothing is chosen (the first
 * group's), on its group's header when its alert is folded away, and on the row where a vanished group's header was
 * (all its alerts left). A header is no action target, so none of this needs the action hold, except when the row
 * it lands on is an alert.
 */
function keepGroupCursor(state: ConsoleState, now: () => number): void {
  if (state.grouping === 'none') return;
  const layout = selectQueueLayout(state);
  if (layout.rowCount === 0) return;
  if (state.cursorGroup !== null) {
    if (layout.indexOfGroup(state.cursorGroup) !== undefined) return;
    landOn(state, layout.entryAt(Math.min(Math.max(state.cursorIndex, 0), layout.rowCount - 1)), now);
    return;
  }
  if (state.cursor === null) {
    landOn(state, layout.entryAt(0), now);
    return;
  }
  if (layout.indexOfAlert(state.cursor) !== undefined) return;
  const group = layout.groupOf(state.cursor);
  if (group !== undefined) setState({ cursor: null, cursorGroup: group.key });
}

function landOn(state: ConsoleState, entry: QueueEntry | undefined, now: () => number): void {
  if (entry === undefined) return;
  if (entry.kind === 'group') return setState({ cursor: null, cursorGroup: entry.group.key });
  const from = state.cursorGroup;
  setState({ cursor: entry.alert.number, cursorGroup: null });
  if (from !== null)
    setState({ cursorMoved: { from: entry.alert.number, to: entry.alert.number, why: 'emptied', at: now() } });
}

/** Changes to these, and nothing else the host sends again unchanged, mean the timeline has more to say. */
function versionOf(alert: AlertView): string {
  return `${alert.updatedAt}|${alert.status}|${alert.count}|${alert.pages.map((page) => `${page.delivery}:${page.incidentStatus ?? ''}`).join(',')}`;
}

/** A room line names an event when its number stands alone: `.ack 32962`, `coss_102-32962`. */
function namesEvent(body: string, number: number): boolean {
  const text = String(number);
  for (let at = body.indexOf(text); at !== -1; at = body.indexOf(text, at + 1)) {
    const before = body.charCodeAt(at - 1);
    const after = body.charCodeAt(at + text.length);
    if (!(before >= 48 && before <= 57) && !(after >= 48 && after <= 57)) return true;
  }
  return false;
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** A burst of changes (a stream frame, a page and its room lines) loads the timeline once. */
const REFRESH_DELAY_MS = 250;

/**
 * The open detail's timeline follows what happens to its alert while it is shown: a change of the alert or its
 * pages, or a room line that names it, loads it again.
 */
function refreshDetail(state: ConsoleState, previous: ConsoleState): void {
  if (!state.detailOpen || state.activeCustomer === null || state.cursor === null) return;
  const number = state.cursor;
  if (state.details[number] === undefined) return;
  const now = selectQueueAlerts(state).get(number);
  const before = selectQueueAlerts(previous).get(number);
  let changed = now !== undefined && before !== undefined && now !== before && versionOf(now) !== versionOf(before);
  const lines = state.roomByCustomer[state.activeCustomer];
  const earlier = previous.roomByCustomer[state.activeCustomer];
  if (!changed && lines !== undefined && lines !== earlier) {
    const known = new Set((earlier ?? []).map((line) => line.id));
    changed = lines.some((line) => !known.has(line.id) && namesEvent(line.body, number));
  }
  if (!changed) return;
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    const current = getState();
    if (current.detailOpen && current.cursor === number) void loadAlertDetail(number);
  }, REFRESH_DELAY_MS);
}

/**
 * In the all-customers view the customer in front is the cursor alert's: its room, targets and notes show beside
 * the queue, so `p` pages and the room speaks for the alert the operator is on.
 */
function followCursorCustomer(state: ConsoleState): void {
  if (!state.allCustomers) return;
  const alert = selectCursorAlert(state) ?? selectCursorGroup(state)?.alerts[0] ?? null;
  if (alert === null || alert.customer === state.activeCustomer) return;
  setState({ activeCustomer: alert.customer });
  if (getState().roomByCustomer[alert.customer] === undefined) void loadRoom(alert.customer);
}

/** With the detail open, the alert under the cursor gets its notes and history: asked once per alert. */
function ensureDetail(state: ConsoleState, asked: Set<number>): void {
  if (!state.detailOpen) {
    asked.clear();
    return;
  }
  const { rows } = selectQueue(state);
  const alert = rows.get(selectCursorIndex(state));
  if (alert === undefined || state.details[alert.number] !== undefined || asked.has(alert.number)) return;
  asked.add(alert.number);
  void loadAlertDetail(alert.number);
}

/**
 * Why an action key must not act now, or null when it may: within ACTION_HOLD_MS of an involuntary move the
 * operator's key was likely meant for the alert that left.
 */
export function actionHoldReason(state: ConsoleState, at: number = Date.now()): string | null {
  const moved = state.cursorMoved;
  if (moved === null || at - moved.at >= ACTION_HOLD_MS) return null;
  if (moved.why === 'emptied')
    return `Not done: the group under the cursor emptied and the cursor moved to ${moved.to}. Check it, then press the key again.`;
  if (moved.why === 'displaced') {
    return `Not done: ${moved.to} just arrived in the row of ${moved.from}. Check it, then press the key again (j or k first keeps the cursor on one alert).`;
  }
  const left =
    moved.why === 'resolved' ? `${moved.from} was just resolved` : `${moved.from} just left the filtered view`;
  return moved.to === null
    ? `Not done: ${left}.`
    : `Not done: ${left} and the cursor moved to ${moved.to}. Check it, then press the key again.`;
}
