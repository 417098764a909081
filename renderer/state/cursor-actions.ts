/**
 * Moving the cursor over the queue's rows, and the group rows' own actions: group by device or event class,
 * collapse and expand, mark a whole group. Rows are the layout's (queue-groups.ts): alerts, and group headers when
 * the queue is grouped.
 */
import { loadAlertDetail } from './alert-actions.ts';
import {
  groupingWord,
  selectCursorGroup,
  selectCursorRow,
  selectQueueLayout,
  type QueueGroup,
  type QueueGrouping,
} from './queue-groups.ts';
import { selectCursorAlert } from './queue-selectors.ts';
import { getState, setState } from './store.ts';
import { pushToast } from './ui-actions.ts';

/** Moves the cursor by `delta` rows, stopping at either end. */
export function moveCursor(delta: number): void {
  const state = getState();
  const layout = selectQueueLayout(state);
  if (layout.rowCount === 0) return;
  moveCursorTo(Math.min(layout.rowCount - 1, Math.max(0, selectCursorRow(state) + delta)));
}

/** Puts the cursor on a row (clamped); loads the detail when the detail pane is open and the row is an alert. */
export function moveCursorTo(index: number): void {
  const layout = selectQueueLayout(getState());
  const clamped = Math.min(layout.rowCount - 1, Math.max(0, index));
  const entry = layout.entryAt(clamped);
  if (entry === undefined) return;
  if (entry.kind === 'group') {
    setState({ cursor: null, cursorGroup: entry.group.key, cursorIndex: clamped });
    return;
  }
  setState({ cursor: entry.alert.number, cursorGroup: null, cursorIndex: clamped });
  if (getState().detailOpen) void loadAlertDetail(entry.alert.number);
}

/** Lays the queue out flat or in groups; the cursor stays on its alert (or goes to the top when it had none). */
export function setGrouping(grouping: QueueGrouping): void {
  const state = getState();
  if (state.grouping === grouping) return;
  const alert = selectCursorAlert(state);
  // A header of the old grouping means nothing in the new one: its first alert keeps the operator's place.
  const group = selectCursorGroup(state);
  const number = alert?.number ?? group?.alerts[0]?.number ?? null;
  setState({ grouping, cursor: number, cursorGroup: null, cursorIndex: 0 });
  if (grouping !== 'none')
    pushToast(
      'info',
      `Grouped by ${groupingWord(grouping)}: ← collapses a group, → expands it, - and = collapse and expand all.`,
    );
}

/** The group the cursor is in: its header, or the group of its alert. */
function cursorGroupNow(): QueueGroup | null {
  const state = getState();
  const header = selectCursorGroup(state);
  if (header !== null) return header;
  const alert = selectCursorAlert(state);
  return alert === null ? null : (selectQueueLayout(state).groupOf(alert.number) ?? null);
}

/** Collapses the cursor's group; the cursor goes to its header. */
export function collapseGroupAtCursor(): void {
  const group = cursorGroupNow();
  if (group === null) return;
  const collapsed = new Set(getState().collapsed);
  collapsed.add(group.key);
  setState({ collapsed, cursor: null, cursorGroup: group.key });
}

/** Expands the group under the cursor; the cursor stays on its header, its alerts below. */
export function expandGroupAtCursor(): void {
  const group = selectCursorGroup(getState());
  if (group === null || !getState().collapsed.has(group.key)) return;
  const collapsed = new Set(getState().collapsed);
  collapsed.delete(group.key);
  setState({ collapsed });
}

/** Enter on a header: collapses an expanded group, expands a collapsed one. */
export function toggleGroupAtCursor(): void {
  const group = selectCursorGroup(getState());
  if (group === null) return;
  if (getState().collapsed.has(group.key)) expandGroupAtCursor();
  else collapseGroupAtCursor();
}

/** Collapses every group (the cursor goes to its group's header) or expands every group. */
export function setAllGroupsCollapsed(collapse: boolean): void {
  const state = getState();
  const layout = selectQueueLayout(state);
  if (layout.grouping === 'none') return;
  if (!collapse) return setState({ collapsed: new Set() });
  const group = cursorGroupNow();
  setState({
    collapsed: new Set(layout.groups.map((each) => each.key)),
    cursor: null,
    cursorGroup: group?.key ?? null,
    cursorIndex: 0,
  });
}

/** `x` on a header marks the group's alerts, or unmarks them when all are marked already. */
export function toggleMarkGroupAtCursor(): boolean {
  const group = selectCursorGroup(getState());
  if (group === null) return false;
  setState((state) => {
    const marked = new Set(state.marked);
    const all = group.alerts.every((alert) => marked.has(alert.number));
    for (const alert of group.alerts) {
      if (all) marked.delete(alert.number);
      else marked.add(alert.number);
    }
    return { marked };
  });
  return true;
}
