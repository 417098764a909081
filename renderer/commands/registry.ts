/**
 * The one command registry: shared/console-commands.ts's definitions joined with when each applies and what it does.
 * Keybindings, the palette and the Electron menu all read from here, so a key, a palette entry and a menu
 * item can never disagree.
 */
import type { Severity } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import {
  actionTargets,
  clearMarks,
  closeDetail,
  escalateAlert,
  openDetail,
  toggleMarkAtCursor,
  acknowledgeAlerts,
} from '../state/alert-actions.ts';
import {
  collapseGroupAtCursor,
  expandGroupAtCursor,
  moveCursor,
  moveCursorTo,
  setAllGroupsCollapsed,
  setGrouping,
  toggleGroupAtCursor,
  toggleMarkGroupAtCursor,
} from '../state/cursor-actions.ts';
import { selectCursorGroup, selectQueueLayout } from '../state/queue-groups.ts';
import { showAllCustomers, switchCustomer, switchCustomerByIndex } from '../state/customer-actions.ts';
import { resolveWithUndo, undoLastResolve } from '../state/resolve-undo-actions.ts';
import { selectCursorAlert } from '../state/queue-selectors.ts';
import { getState, type ConsoleState } from '../state/store.ts';
import { closeOverlay, openOverlay, pushToast, requestFocus, sortQueueBy, updateFilter } from '../state/ui-actions.ts';
import { SORT_COLUMNS, type SortColumn } from '../state/queue-sort.ts';
import { actionHoldReason } from '../state/selection-keeper.ts';
import { commandRefusal } from './role-gates.ts';
import { switchRoomView } from '../state/room-actions.ts';
import { moveToPreferredEndpoint } from '../state/endpoint-actions.ts';
import { COMMAND_DEFINITIONS, type CommandDefinition } from '../../shared/console-commands.ts';

export interface ConsoleCommand extends CommandDefinition {
  /** false when the command cannot run now (no alert under the cursor, …); the palette shows it dimmed */
  when: (state: ConsoleState) => boolean;
  run: () => void;
}

type Behaviour = Pick<ConsoleCommand, 'when' | 'run'>;

const PAGE_ROWS = 20;
const always = (): boolean => true;
const hasAlert = (state: ConsoleState): boolean => selectCursorAlert(state) !== null;
const onGroup = (state: ConsoleState): boolean => selectCursorGroup(state) !== null;
const grouped = (state: ConsoleState): boolean => state.grouping !== 'none';
// A header is no target, but a key pressed on one says so rather than doing nothing.
const hasTargets = (state: ConsoleState): boolean => state.marked.size > 0 || hasAlert(state) || onGroup(state);
const hasAlertOrGroup = (state: ConsoleState): boolean => hasAlert(state) || onGroup(state);

/** Why an alert action does nothing on a group header, or null when the cursor is on an alert. */
function headerRefusal(): string | null {
  const group = selectCursorGroup(getState());
  if (group === null) return null;
  const count = group.alerts.length === 1 ? '1 alert' : `${group.alerts.length} alerts`;
  return `Not done: the cursor is on the group ${group.value} (${count}), not an alert. x marks the group's alerts for a bulk action; → or Enter shows them.`;
}

/**
 * An action on the cursor's alert, held back (with the reason shown) just after the cursor moved on its own: the key
 * was likely meant for the alert that left.
 */
function onCursorAlert(run: () => void): () => void {
  return () => {
    const held = actionHoldReason(getState()) ?? headerRefusal();
    if (held !== null) return pushToast('info', held);
    run();
  };
}

/** A command on the cursor's alert (held back like onCursorAlert); on a group header it says why it does nothing. */
function withCursorAlert(act: (alert: AlertView) => void): Behaviour {
  return {
    when: hasAlertOrGroup,
    run: onCursorAlert(() => {
      const alert = selectCursorAlert(getState());
      if (alert !== null) act(alert);
    }),
  };
}

/**
 * Acknowledge/resolve: one acknowledgement goes at once, one resolve after an undo window (`u`); marked alerts get a
 * dialog for one shared note or ticket #, which is their confirmation.
 */
function actOnTargets(action: 'acknowledge' | 'resolve'): void {
  // Marked alerts are chosen one by one; only the cursor's alert can have changed under the key.
  if (getState().marked.size === 0) {
    const held = actionHoldReason(getState()) ?? headerRefusal();
    if (held !== null) return pushToast('info', held);
  }
  const numbers = actionTargets();
  if (numbers.length === 0) return;
  if (getState().marked.size > 0) openOverlay({ kind: 'bulk', action, numbers });
  else if (action === 'acknowledge') void acknowledgeAlerts(numbers);
  else if (numbers[0] !== undefined) void resolveWithUndo(numbers[0]);
}

/**
 * `m`: a maintenance window for the customer under the cursor, its scope started from what the cursor is on: the
 * alert's device, or the group's device or event class.
 */
function newMaintenanceWindow(): void {
  const state = getState();
  const held = actionHoldReason(state);
  if (held !== null) return pushToast('info', held);
  const alert = selectCursorAlert(state);
  const group = selectCursorGroup(state);
  const customer = alert?.customer ?? group?.customer ?? state.activeCustomer;
  if (customer === null) return;
  const seed =
    alert !== null
      ? { devices: alert.device }
      : group !== null
        ? state.grouping === 'eventClass'
          ? { eventClasses: group.value }
          : { devices: group.value }
        : {};
  openOverlay({ kind: 'maintenance', customer, seed });
}

/** `g m`: the windows of the customer under the cursor (the one shown, in the all-customers queue). */
function listMaintenanceWindows(): void {
  const state = getState();
  const customer = selectCursorAlert(state)?.customer ?? state.activeCustomer;
  if (customer !== null) openOverlay({ kind: 'maintenance-list', customer });
}

/** `g h`: the heartbeats of the customer under the cursor (the one shown, in the all-customers queue). */
function listHeartbeats(): void {
  const state = getState();
  const customer = selectCursorAlert(state)?.customer ?? state.activeCustomer;
  if (customer !== null) openOverlay({ kind: 'heartbeats', customer });
}

/** `g N`: the noise report of the customer under the cursor (the one shown, in the all-customers queue). */
function showNoise(): void {
  const state = getState();
  const customer = selectCursorAlert(state)?.customer ?? state.activeCustomer;
  if (customer !== null) openOverlay({ kind: 'noise', customer });
}

/** `g T`: the triage session of the customer under the cursor (the one shown, in the all-customers queue). */
function showTriage(): void {
  const state = getState();
  const customer = selectCursorAlert(state)?.customer ?? state.activeCustomer;
  if (customer !== null) openOverlay({ kind: 'triage', customer });
}

/** `g t`: the transforms of the customer under the cursor (the one shown, in the all-customers queue). */
function listTransforms(): void {
  const state = getState();
  const customer = selectCursorAlert(state)?.customer ?? state.activeCustomer;
  if (customer !== null) openOverlay({ kind: 'transforms', customer });
}

/** Esc walks back one step: overlay, then detail, then marks, then search. */
function back(): void {
  const state = getState();
  if (state.overlay !== null) return closeOverlay();
  if (state.detailOpen) return closeDetail();
  if (state.marked.size > 0) return clearMarks();
  if (state.filter.search !== '') updateFilter({ search: '' });
  requestFocus('queue');
}

function stepCustomer(delta: number): void {
  const { customers, activeCustomer, allCustomers } = getState();
  if (customers.length === 0) return;
  // From the all-customers queue, ] goes to the first customer and [ to the last.
  const index = allCustomers
    ? delta > 0
      ? -1
      : 0
    : customers.findIndex((customer) => customer.slug === activeCustomer);
  const next = customers[(index + delta + customers.length) % customers.length];
  if (next !== undefined) void switchCustomer(next.slug);
}

function minSeverity(severity: Severity): Behaviour {
  return { when: always, run: () => updateFilter({ minSeverity: severity }) };
}

const BEHAVIOUR: Readonly<Record<string, Behaviour>> = {
  'queue.down': { when: always, run: () => moveCursor(1) },
  'queue.up': { when: always, run: () => moveCursor(-1) },
  'queue.pageDown': { when: always, run: () => moveCursor(PAGE_ROWS) },
  'queue.pageUp': { when: always, run: () => moveCursor(-PAGE_ROWS) },
  'queue.top': { when: always, run: () => moveCursorTo(0) },
  'queue.bottom': { when: always, run: () => moveCursorTo(selectQueueLayout(getState()).rowCount - 1) },
  'alert.open': { when: hasAlertOrGroup, run: () => (onGroup(getState()) ? toggleGroupAtCursor() : openDetail()) },
  'app.back': { when: always, run: back },
  'queue.mark': {
    when: hasAlertOrGroup,
    run: () => {
      if (toggleMarkGroupAtCursor()) return;
      onCursorAlert(toggleMarkAtCursor)();
    },
  },
  'queue.clearMarks': { when: (state) => state.marked.size > 0, run: clearMarks },
  'queue.groupDevice': { when: always, run: () => setGrouping('device') },
  'queue.groupEventClass': { when: always, run: () => setGrouping('eventClass') },
  'queue.groupNone': { when: grouped, run: () => setGrouping('none') },
  'queue.collapseGroup': { when: grouped, run: collapseGroupAtCursor },
  'queue.expandGroup': { when: onGroup, run: expandGroupAtCursor },
  'queue.collapseAll': { when: grouped, run: () => setAllGroupsCollapsed(true) },
  'queue.expandAll': { when: grouped, run: () => setAllGroupsCollapsed(false) },
  'alert.acknowledge': { when: hasTargets, run: () => actOnTargets('acknowledge') },
  'alert.resolve': { when: hasTargets, run: () => actOnTargets('resolve') },
  // Always offered while a resolve may be waiting: pressed too late, it says where the resolve went and how to reopen.
  'alert.undo': { when: always, run: () => void undoLastResolve() },
  'alert.reopen': {
    when: always,
    run: () => {
      // Resolved alerts leave the queue; the one shown under the cursor (f r) or the last this console resolved.
      const state = getState();
      const cursor = selectCursorAlert(state);
      openOverlay({ kind: 'reopen', number: cursor?.status === 'resolved' ? cursor.number : state.lastResolved });
    },
  },
  'alert.reassign': withCursorAlert((alert) => openOverlay({ kind: 'reassign', number: alert.number })),
  'alert.escalate': withCursorAlert((alert) => void escalateAlert(alert.number)),
  'alert.note': withCursorAlert((alert) => openOverlay({ kind: 'note', number: alert.number })),
  'alert.ticket': withCursorAlert((alert) => openOverlay({ kind: 'ticket', number: alert.number })),
  'alert.page': {
    when: (state) => state.activeCustomer !== null,
    run: onCursorAlert(() => openOverlay({ kind: 'page', number: selectCursorAlert(getState())?.number ?? null })),
  },
  'maintenance.new': { when: (state) => state.activeCustomer !== null, run: newMaintenanceWindow },
  'maintenance.list': { when: (state) => state.activeCustomer !== null, run: listMaintenanceWindows },
  'heartbeats.list': { when: (state) => state.activeCustomer !== null, run: listHeartbeats },
  'noise.report': { when: (state) => state.activeCustomer !== null, run: showNoise },
  'triage.session': { when: (state) => state.activeCustomer !== null, run: showTriage },
  'transforms.list': { when: (state) => state.activeCustomer !== null, run: listTransforms },
  'alert.transform': withCursorAlert((alert) =>
    openOverlay({ kind: 'transform-editor', customer: alert.customer, number: alert.number }),
  ),
  'customer.all': { when: (state) => state.customers.length > 0, run: () => void showAllCustomers() },
  'customer.next': { when: always, run: () => stepCustomer(1) },
  'customer.previous': { when: always, run: () => stepCustomer(-1) },
  'filter.search': { when: always, run: () => requestFocus('search') },
  'filter.clear': {
    when: always,
    run: () => updateFilter({ search: '', status: 'active', minSeverity: 'debug', suppressed: false }),
  },
  'filter.unacknowledged': { when: always, run: () => updateFilter({ status: 'unacknowledged' }) },
  'filter.active': { when: always, run: () => updateFilter({ status: 'active' }) },
  'filter.all': { when: always, run: () => updateFilter({ status: 'all' }) },
  'filter.minCritical': minSeverity('critical'),
  'filter.minError': minSeverity('error'),
  'filter.minWarning': minSeverity('warning'),
  'filter.anySeverity': minSeverity('debug'),
  'filter.suppressed': { when: always, run: () => updateFilter({ suppressed: !getState().filter.suppressed }) },
  'go.room': { when: (state) => state.activeCustomer !== null, run: () => requestFocus('room') },
  'room.switch': { when: (state) => state.activeCustomer !== null, run: switchRoomView },
  'go.queue': { when: always, run: () => requestFocus('queue') },
  'app.palette': { when: always, run: () => openOverlay({ kind: 'palette' }) },
  'notes.search': { when: (state) => state.activeCustomer !== null, run: () => openOverlay({ kind: 'notes-search' }) },
  'app.settings': { when: always, run: () => openOverlay({ kind: 'settings' }) },
  'connection.usePreferred': { when: always, run: () => void moveToPreferredEndpoint() },
  'app.cheatSheet': {
    when: always,
    run: () => (getState().overlay?.kind === 'cheat-sheet' ? closeOverlay() : openOverlay({ kind: 'cheat-sheet' })),
  },
};

/** The 0-based sidebar position a `customer.switch.N` command goes to, or null for any other command. */
function customerSwitchIndex(id: string): number | null {
  const match = /^customer\.switch\.(\d)$/.exec(id);
  return match === null ? null : Number(match[1]) - 1;
}

/** `sort.<column>`: sort the queue by that column; the same again reverses it. */
function sortBehaviour(id: string): Behaviour | undefined {
  const column = id.startsWith('sort.') ? id.slice('sort.'.length) : null;
  if (column === null || !(SORT_COLUMNS as readonly string[]).includes(column)) return undefined;
  return { when: always, run: () => sortQueueBy(column as SortColumn) };
}

function customerBehaviour(id: string): Behaviour | undefined {
  const index = customerSwitchIndex(id);
  if (index === null) return undefined;
  return { when: (state) => state.customers.length > index, run: () => switchCustomerByIndex(index) };
}

/** Every command, in palette order. Throws at load if a definition has no behaviour: caught by any test. */
export const COMMANDS: readonly ConsoleCommand[] = COMMAND_DEFINITIONS.map((definition) => {
  const behaviour = BEHAVIOUR[definition.id] ?? customerBehaviour(definition.id) ?? sortBehaviour(definition.id);
  if (behaviour === undefined) throw new Error(`command ${definition.id} has no behaviour in registry.ts`);
  // What the role may not do is shown disabled, like a command with nothing to act on.
  return {
    ...definition,
    ...behaviour,
    when: (state) => commandRefusal(definition.id, state) === null && behaviour.when(state),
  };
});

const BY_ID = new Map(COMMANDS.map((command) => [command.id, command]));

/**
 * What the palette offers: every command but the palette itself and those the role may not use, with the customer
 * keys named after the customers there are ("Switch to Globex"), and none for sidebar positions no customer has.
 */
export function paletteCommands(state: ConsoleState): ConsoleCommand[] {
  return COMMANDS.flatMap((command) => {
    if (command.id === 'app.palette' || commandRefusal(command.id, state) !== null) return [];
    const index = customerSwitchIndex(command.id);
    if (index === null) return [command];
    const customer = state.customers[index];
    return customer === undefined ? [] : [{ ...command, title: `Switch to ${customer.name}` }];
  });
}

/** Runs a command by id if it applies now; true when it ran. The menu and palette come through here. */
export function runCommand(id: string): boolean {
  const command = BY_ID.get(id);
  if (command === undefined) return false;
  // A key the role may not use says why rather than doing nothing; COSS would refuse it anyway.
  const refused = commandRefusal(id, getState());
  if (refused !== null) {
    pushToast('info', refused);
    return false;
  }
  if (!command.when(getState())) return false;
  command.run();
  return true;
}

/** key string (or sequence) → command, for the keybinding dispatcher. */
export const COMMANDS_BY_KEY: ReadonlyMap<string, ConsoleCommand> = new Map(
  COMMANDS.flatMap((command) => command.keys.map((key) => [key, command] as const)),
);

/** First keys of two-key sequences ('g' of 'g r'): pressing one waits for the second. */
export const SEQUENCE_PREFIXES: ReadonlySet<string> = new Set(
  COMMANDS.flatMap((command) => command.keys.filter((key) => key.includes(' ')).map((key) => key.split(' ')[0] ?? '')),
);
