/** Loading and switching customers: the queue, room and targets of the one in front. */
import { watchCriticals } from '../notify/notices.ts';
import { flushAlertChanges } from './alert-actions.ts';
import { applyAlertChanges } from './alert-deltas.ts';
import { currentHost } from './host-binding.ts';
import { getState, setState } from './store.ts';
import { toastError } from './ui-actions.ts';
import { queuePosition } from '../../shared/queue-order.ts';
import { ALL_CUSTOMERS } from '../../shared/host/contract.ts';

/** Reloads the customer list (sidebar counts and on-call). */
export async function loadCustomers(): Promise<void> {
  const response = await currentHost().invoke('customers.list', {});
  if (!response.ok) return toastError('Loading customers', response.error);
  setState({ customers: response.value });
}

/**
 * The first request asks for about a screen of the queue, so rows paint before the rest arrives; the rest follows
 * in pages small enough that validating and merging one stays a short task, so keys keep working while it loads.
 */
const FIRST_PAGE = 100;
const NEXT_PAGE = 250;

/** Per customer, the newest load: an older one still running stops at its next page. */
const loads = new Map<string, number>();

/**
 * Loads a customer's alerts from the host, a page at a time in queue order; resolves once all are in.
 * A first load shows the first page at once. A reload (the customer is already shown) merges the pages into what is
 * there and, at the end, drops the alerts the host no longer listed, so the queue never shrinks to a page meanwhile.
 *
 * Stream changes may arrive between pages: each page is applied in the same task it arrives in (after the changes
 * that came before it on the same ordered link), so a page never overwrites a newer change with an older version,
 * and an alert that moves in the order while pages load arrives through the stream.
 */
export async function loadAlerts(customer: string, options: { onFirstPagePainted?: () => void } = {}): Promise<void> {
  const load = (loads.get(customer) ?? 0) + 1;
  loads.set(customer, load);
  const current = () => loads.get(customer) === load;
  const host = currentHost();
  setState({ loadingCustomer: customer });
  const done = () =>
    setState((state) => ({ loadingCustomer: state.loadingCustomer === customer ? null : state.loadingCustomer }));

  const before = getState().alertsByCustomer[customer];
  const listed = new Set<number>();
  let limit = FIRST_PAGE;
  let pending = host.invoke('alerts.list', { customer, limit });
  for (let first = true; ; first = false) {
    const response = await pending;
    if (!current()) return;
    if (!response.ok) {
      done();
      return toastError('Loading alerts', response.error);
    }
    const page = response.value;
    const last = page[page.length - 1];
    // A host that ignores `limit` answers everything at once; fewer than asked for is the end too.
    const more = page.length === limit && last !== undefined;
    const nextPage = () => {
      if (!more) return;
      limit = NEXT_PAGE;
      pending = host.invoke('alerts.list', { customer, limit, after: queuePosition(last) });
    };
    // Later pages are asked for before this one is merged and drawn, so the host prepares the next meanwhile.
    if (!first) nextPage();
    for (const alert of page) listed.add(alert.number);
    // Stream changes still held for the next frame are older than this page.
    flushAlertChanges();
    setState((state) => {
      const shown = state.alertsByCustomer[customer];
      const all = customer !== ALL_CUSTOMERS ? state.alertsByCustomer[ALL_CUSTOMERS] : undefined;
      if ((first && before === undefined) || shown === undefined) {
        return {
          alertsByCustomer: {
            ...state.alertsByCustomer,
            [customer]: new Map(page.map((alert) => [alert.number, alert])),
            ...(all !== undefined ? { [ALL_CUSTOMERS]: applyAlertChanges(all, page, []) } : {}),
          },
        };
      }
      const removed: number[] = [];
      if (!more && before !== undefined) {
        // Still the very object held when this load began and not listed now: the host no longer has it. Anything
        // replaced meanwhile came from the stream and is newer than this load.
        for (const [number, alert] of before)
          if (!listed.has(number) && shown.get(number) === alert) removed.push(number);
      }
      // Through applyAlertChanges, so the queue knows what changed (alert-deltas.ts) without comparing maps. The
      // all-customers queue, once loaded, takes the same changes.
      return {
        alertsByCustomer: {
          ...state.alertsByCustomer,
          [customer]: applyAlertChanges(shown, page, removed),
          ...(all !== undefined ? { [ALL_CUSTOMERS]: applyAlertChanges(all, page, removed) } : {}),
        },
      };
    });
    watchCriticals(customer, page);
    if (first) {
      // The first screen is drawn before anything else is asked for, so no other answer delays its paint.
      await afterNextPaint();
      if (!current()) return;
      nextPage();
      options.onFirstPagePainted?.();
    }
    if (!more) break;
  }
  done();
}

/** Resolves once the next frame has been drawn; at once without frames (Node), soon when the window is hidden. */
function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      // The frame callback runs before the paint; the task after it runs once the frame is done.
      setTimeout(resolve, 0);
    });
  });
}

/** Loads a customer's room transcript and paging targets. */
export async function loadRoom(customer: string): Promise<void> {
  const host = currentHost();
  const [room, targets] = await Promise.all([
    host.invoke('room.list', { customer }),
    host.invoke('targets.list', { customer }),
  ]);
  if (room.ok) setState((state) => ({ roomByCustomer: { ...state.roomByCustomer, [customer]: room.value } }));
  else toastError('Loading the ops room', room.error);
  if (targets.ok)
    setState((state) => ({ targetsByCustomer: { ...state.targetsByCustomer, [customer]: targets.value } }));
}

/** Puts a customer in front: cursor to the top, detail and marks cleared, data loaded. */
export async function switchCustomer(slug: string): Promise<void> {
  const state = getState();
  if (!state.customers.some((customer) => customer.slug === slug)) return;
  if (state.activeCustomer !== slug || state.allCustomers) {
    setState({
      activeCustomer: slug,
      allCustomers: false,
      cursor: null,
      cursorGroup: null,
      cursorIndex: 0,
      detailOpen: false,
      marked: new Set(),
    });
  }
  // The room's answer (and its render) waits until the first screen of the queue is painted.
  let room: Promise<void> | undefined;
  await loadAlerts(slug, {
    onFirstPagePainted: () => {
      room = loadRoom(slug);
    },
  });
  await (room ?? loadRoom(slug));
}

/** Switches to the customer at a 0-based sidebar position (keys 1–9). */
export function switchCustomerByIndex(index: number): void {
  const customer = getState().customers[index];
  if (customer !== undefined) void switchCustomer(customer.slug);
}

/**
 * The view a console opens on: several customers, all of them in one queue; one customer, that customer. Also when
 * the customer list arrives only after start-up (a first run, with nothing cached yet).
 */
export async function openDefaultView(): Promise<void> {
  const known = getState().customers;
  if (known.length > 1) await showAllCustomers();
  else if (known[0] !== undefined) await switchCustomer(known[0].slug);
}

/**
 * Every customer's alerts in one queue. The room, targets and notes beside it follow the alert under the cursor
 * (selection-keeper.ts), starting with the first customer's until the queue has a row.
 */
export async function showAllCustomers(): Promise<void> {
  const state = getState();
  const first = state.customers[0];
  if (first === undefined) return;
  if (!state.allCustomers) {
    setState({
      allCustomers: true,
      activeCustomer: state.activeCustomer ?? first.slug,
      cursor: null,
      cursorGroup: null,
      cursorIndex: 0,
      detailOpen: false,
      marked: new Set(),
    });
  }
  const room = getState().activeCustomer;
  await Promise.all([
    loadAlerts(ALL_CUSTOMERS),
    room !== null && getState().roomByCustomer[room] === undefined ? loadRoom(room) : undefined,
  ]);
}

/** Reloads everything after the connection comes back: what changed while away arrives in one go. */
export async function refreshAll(): Promise<void> {
  await loadCustomers();
  const { activeCustomer: active, allCustomers } = getState();
  if (active !== null) await Promise.all([loadAlerts(allCustomers ? ALL_CUSTOMERS : active), loadRoom(active)]);
}
