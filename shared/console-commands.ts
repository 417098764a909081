/**
 * Every console command as plain data: id, title, group and keys. Pure TypeScript with no imports, so the
 * Electron main process can build its application menu from the same list the keybindings and palette use.
 * What each command does lives in registry.ts.
 */

export type CommandGroup = 'Queue' | 'Alert' | 'Customer' | 'Filter' | 'Sort' | 'Group' | 'Go' | 'Help';

export interface CommandDefinition {
  id: string;
  title: string;
  group: CommandGroup;
  /**
   * Keys as typed: a printable character ('j', '?', 'G'), a named key ('Enter', 'ArrowDown'), a chord
   * with modifiers ('Mod+k', where Mod is Ctrl, or Cmd on macOS) or a two-key sequence ('g r').
   * The first is the one shown.
   */
  keys: readonly string[];
}

const CUSTOMER_KEYS: CommandDefinition[] = Array.from({ length: 9 }, (_, index) => ({
  id: `customer.switch.${index + 1}`,
  title: `Switch to customer ${index + 1}`,
  group: 'Customer',
  keys: [String(index + 1)],
}));

export const COMMAND_DEFINITIONS: readonly CommandDefinition[] = [
  { id: 'queue.down', title: 'Next alert', group: 'Queue', keys: ['j', 'ArrowDown'] },
  { id: 'queue.up', title: 'Previous alert', group: 'Queue', keys: ['k', 'ArrowUp'] },
  { id: 'queue.pageDown', title: 'Page down', group: 'Queue', keys: ['PageDown'] },
  { id: 'queue.pageUp', title: 'Page up', group: 'Queue', keys: ['PageUp'] },
  { id: 'queue.top', title: 'First alert', group: 'Queue', keys: ['g g', 'Home'] },
  { id: 'queue.bottom', title: 'Last alert', group: 'Queue', keys: ['G', 'End'] },
  {
    id: 'alert.open',
    title: 'Open alert (notes, history, PagerDuty); on a group header, fold or unfold it',
    group: 'Queue',
    keys: ['Enter'],
  },
  { id: 'app.back', title: 'Back / close', group: 'Queue', keys: ['Escape'] },
  {
    id: 'queue.mark',
    title: "Mark alert for a bulk action (on a group header: the group's alerts)",
    group: 'Queue',
    keys: ['x'],
  },
  { id: 'queue.clearMarks', title: 'Clear bulk marks', group: 'Queue', keys: [] },
  { id: 'alert.acknowledge', title: 'Acknowledge (marked alerts, or this one)', group: 'Alert', keys: ['a'] },
  { id: 'alert.resolve', title: 'Resolve (marked alerts, or this one)', group: 'Alert', keys: ['r'] },
  { id: 'alert.undo', title: 'Undo the resolve just made (within 5 s)', group: 'Alert', keys: ['u'] },
  { id: 'alert.reopen', title: 'Reopen a resolved alert…', group: 'Alert', keys: ['O'] },
  { id: 'alert.escalate', title: 'Escalate to the next level', group: 'Alert', keys: ['e'] },
  { id: 'alert.reassign', title: 'Reassign the PagerDuty incident…', group: 'Alert', keys: ['R'] },
  { id: 'alert.note', title: 'Add a note', group: 'Alert', keys: ['n'] },
  { id: 'alert.page', title: 'Page someone…', group: 'Alert', keys: ['p'] },
  { id: 'alert.ticket', title: 'Zendesk ticket about this alert…', group: 'Alert', keys: ['z'] },
  {
    id: 'alert.transform',
    title: 'Make a transform from this alert (suppress it, attach notes, auto-page…), with a preview',
    group: 'Alert',
    keys: ['t'],
  },
  { id: 'customer.all', title: 'All customers in one queue', group: 'Customer', keys: ['0'] },
  ...CUSTOMER_KEYS,
  {
    id: 'maintenance.new',
    title: "Maintenance window for this alert's customer (scope from the alert's device)…",
    group: 'Customer',
    keys: ['m'],
  },
  {
    id: 'maintenance.list',
    title: "This customer's maintenance windows (extend, end)",
    group: 'Customer',
    keys: ['g m'],
  },
  {
    id: 'heartbeats.list',
    title: "This customer's heartbeats: monitors that ping COSS, and which went silent",
    group: 'Customer',
    keys: ['g h'],
  },
  {
    id: 'noise.report',
    title: "This customer's noisiest event families and the week-by-week trend",
    group: 'Customer',
    keys: ['g N'],
  },
  {
    id: 'transforms.list',
    title: "This customer's transforms (turn one off or on)",
    group: 'Customer',
    keys: ['g t'],
  },
  {
    id: 'triage.session',
    title: 'Triage with the customer: its noisiest families one at a time (actionable, noise, skip)',
    group: 'Customer',
    keys: ['g T'],
  },
  { id: 'customer.next', title: 'Next customer', group: 'Customer', keys: [']'] },
  { id: 'customer.previous', title: 'Previous customer', group: 'Customer', keys: ['['] },
  {
    id: 'notes.search',
    title: "Search this customer's escalation notes",
    group: 'Customer',
    keys: ['Mod+Shift+f', 'g n'],
  },
  { id: 'filter.search', title: 'Search the queue', group: 'Filter', keys: ['/'] },
  { id: 'sort.queue', title: 'Sort worst first, then newest (the queue order)', group: 'Sort', keys: ['s s'] },
  { id: 'sort.number', title: 'Sort by event number (again: reverse)', group: 'Sort', keys: ['s n'] },
  { id: 'sort.customer', title: 'Sort by customer (again: reverse)', group: 'Sort', keys: ['s u'] },
  { id: 'sort.device', title: 'Sort by device (again: reverse)', group: 'Sort', keys: ['s d'] },
  { id: 'sort.component', title: 'Sort by component (again: reverse)', group: 'Sort', keys: ['s c'] },
  { id: 'sort.summary', title: 'Sort by summary (again: reverse)', group: 'Sort', keys: ['s m'] },
  { id: 'sort.count', title: 'Sort by count (again: reverse)', group: 'Sort', keys: ['s #'] },
  { id: 'sort.age', title: 'Sort by age, oldest first (again: reverse)', group: 'Sort', keys: ['s a'] },
  { id: 'sort.status', title: 'Sort by status (again: reverse)', group: 'Sort', keys: ['s t'] },
  { id: 'queue.groupDevice', title: 'Group by device, with counts', group: 'Group', keys: ['v d'] },
  { id: 'queue.groupEventClass', title: 'Group by event class, with counts', group: 'Group', keys: ['v e'] },
  { id: 'queue.groupNone', title: 'No grouping: one flat queue', group: 'Group', keys: ['v n'] },
  {
    id: 'queue.collapseGroup',
    title: 'Collapse the group (cursor to its header)',
    group: 'Group',
    keys: ['h', 'ArrowLeft'],
  },
  { id: 'queue.expandGroup', title: 'Expand the group under the cursor', group: 'Group', keys: ['l', 'ArrowRight'] },
  { id: 'queue.collapseAll', title: 'Collapse every group', group: 'Group', keys: ['-'] },
  { id: 'queue.expandAll', title: 'Expand every group', group: 'Group', keys: ['=', '+'] },
  { id: 'filter.clear', title: 'Clear search and filters', group: 'Filter', keys: [] },
  { id: 'filter.unacknowledged', title: 'Show unacknowledged only', group: 'Filter', keys: ['f u'] },
  { id: 'filter.active', title: 'Show open and acknowledged', group: 'Filter', keys: ['f a'] },
  { id: 'filter.all', title: 'Show everything, resolved too', group: 'Filter', keys: ['f r'] },
  { id: 'filter.minCritical', title: 'Show critical only', group: 'Filter', keys: ['f c'] },
  { id: 'filter.minError', title: 'Show error and worse', group: 'Filter', keys: ['f e'] },
  { id: 'filter.minWarning', title: 'Show warning and worse', group: 'Filter', keys: ['f w'] },
  { id: 'filter.anySeverity', title: 'Show every severity', group: 'Filter', keys: ['f s'] },
  {
    id: 'filter.suppressed',
    title: 'Show only the alerts a transform suppressed (again: back to the others)',
    group: 'Filter',
    keys: ['f t'],
  },
  { id: 'go.room', title: 'Go to the ops room input', group: 'Go', keys: ['g r'] },
  {
    id: 'room.switch',
    title: "Switch the ops room: the customer's room or the staff-only internal room",
    group: 'Go',
    keys: ['g i'],
  },
  { id: 'go.queue', title: 'Go to the queue', group: 'Go', keys: ['g q'] },
  {
    id: 'connection.usePreferred',
    title: 'Move back to the preferred COSS endpoint (after a failover to another region)',
    group: 'Go',
    keys: ['g e'],
  },
  { id: 'app.palette', title: 'Command palette', group: 'Help', keys: ['Mod+k'] },
  { id: 'app.cheatSheet', title: 'Keyboard cheat sheet', group: 'Help', keys: ['?'] },
  {
    id: 'app.settings',
    title: 'Settings (COSS, token, PagerDuty, notifications)',
    group: 'Help',
    keys: ['Mod+,', ','],
  },
];

/** An application-menu entry for Electron's Menu.buildFromTemplate. */
export interface MenuEntry {
  id: string;
  label: string;
  group: CommandGroup;
  accelerator?: string;
  /**
   * Single keys are shown in the menu but not registered: a registered menu accelerator fires even while the
   * operator types in the room input.
   */
  registerAccelerator: boolean;
}

/** The menu for the Electron main process, grouped as the palette groups them. */
export function menuEntries(): MenuEntry[] {
  return COMMAND_DEFINITIONS.map((command) => {
    const first = command.keys[0];
    const entry: MenuEntry = { id: command.id, label: command.title, group: command.group, registerAccelerator: false };
    if (first !== undefined && !first.includes(' ')) {
      entry.accelerator = first
        .replace('Mod+', 'CmdOrCtrl+')
        .replace(/\+([a-z])$/, (_, key: string) => `+${key.toUpperCase()}`);
      entry.registerAccelerator = first.startsWith('Mod+');
    }
    return entry;
  });
}
