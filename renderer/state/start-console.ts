/** Start-up: bind the host, listen for its events, load the session and the first customer. */
import type { HostApi } from '../../shared/host/contract.ts';
import { loadCustomers, switchCustomer } from './customer-actions.ts';
import { bindHost } from './host-binding.ts';
import { getState, setState } from './store.ts';
import { subscribeHostEvents } from './subscribe-host-events.ts';

/** Wires the store to a host; resolves when the first customer's queue has loaded. Returns the unsubscribe. */
export async function startConsole(host: HostApi): Promise<() => void> {
  bindHost(host);
  const unsubscribe = subscribeHostEvents(host);
  const session = await host.invoke('session.get', {});
  if (!session.ok) {
    setState({ startError: session.error.message, ready: true });
    return unsubscribe;
  }
  setState({ user: session.value.user, connection: session.value.connection });
  await loadCustomers();
  setState({ ready: true });
  const first = getState().customers[0];
  if (first !== undefined) await switchCustomer(first.slug);
  return unsubscribe;
}
