/** Loading and switching customers: the queue, room and targets of the one in front. */
import type { AlertView } from '../../shared/host/contract.ts';
import { flushAlertChanges } from './alert-actions.ts';
import { currentHost } from './host-binding.ts';
import { getState, setState } from './store.ts';
import { toastError } from './ui-actions.ts';

/** Reloads the customer list (sidebar counts and on-call). */
export async function loadCustomers(): Promise<void> {
  const response = await currentHost().invoke('customers.list', {});
  if (!response.ok) return toastError('Loading customers', response.error);
  setState({ customers: response.value });
}

/** Replaces a customer's alerts with a fresh list from the host. */
export async function loadAlerts(customer: string): Promise<void> {
  setState({ loadingCustomer: customer });
  const response = await currentHost().invoke('alerts.list', { customer });
  setState((state) => ({ loadingCustomer: state.loadingCustomer === customer ? null : state.loadingCustomer }));
  if (!response.ok) return toastError('Loading alerts', response.error);
  // Stream changes still held for the next frame are older than this list.
  flushAlertChanges();
  setState((state) => ({ alertsByCustomer: { ...state.alertsByCustomer, [customer]: toMap(response.value) } }));
}

/** Loads a customer's room transcript and paging targets. */
export async function loadRoom(customer: string): Promise<void> {
  const host = currentHost();
  const [room, targets] = await Promise.all([host.invoke('room.list', { customer }), host.invoke('targets.list', { customer })]);
  if (room.ok) setState((state) => ({ roomByCustomer: { ...state.roomByCustomer, [customer]: room.value } }));
  else toastError('Loading the ops room', room.error);
  if (targets.ok) setState((state) => ({ targetsByCustomer: { ...state.targetsByCustomer, [customer]: targets.value } }));
}

/** Puts a customer in front: cursor to the top, detail and marks cleared, data loaded. */
export async function switchCustomer(slug: string): Promise<void> {
  const state = getState();
  if (!state.customers.some((customer) => customer.slug === slug)) return;
  if (state.activeCustomer !== slug) {
    setState({ activeCustomer: slug, cursor: null, cursorIndex: 0, detailOpen: false, marked: new Set() });
  }
  await Promise.all([loadAlerts(slug), loadRoom(slug)]);
}

/** Switches to the customer at a 0-based sidebar position (keys 1–9). */
export function switchCustomerByIndex(index: number): void {
  const customer = getState().customers[index];
  if (customer !== undefined) void switchCustomer(customer.slug);
}

/** Reloads everything after the connection comes back: what changed while away arrives in one go. */
export async function refreshAll(): Promise<void> {
  await loadCustomers();
  const active = getState().activeCustomer;
  if (active !== null) await Promise.all([loadAlerts(active), loadRoom(active)]);
}

function toMap(alerts: readonly AlertView[]): Map<number, AlertView> {
  const map = new Map<number, AlertView>();
  for (const alert of alerts) map.set(alert.number, alert);
  return map;
}
