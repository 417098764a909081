/** Start-up: bind the host, listen for its events, load the session and the first customer. */
import type { HostApi } from '../../shared/host/contract.ts';
import { openDefaultView } from './customer-actions.ts';
import { loadAllHeartbeats } from './heartbeat-actions.ts';
import { bindHost } from './host-binding.ts';
import { unlockSoundOnGesture } from '../sound/sound-player.ts';
import { loadSettings } from './settings-actions.ts';
import { setState } from './store.ts';
import { keepSelection } from './selection-keeper.ts';
import { subscribeHostEvents } from './subscribe-host-events.ts';
import { toastError } from './ui-actions.ts';

/** Wires the store to a host; resolves when the first view (all customers, or the one) has loaded. Returns the unsubscribe. */
export async function startConsole(host: HostApi): Promise<() => void> {
  bindHost(host);
  const stopKeeping = keepSelection();
  const unsubscribeHost = subscribeHostEvents(host);
  // Store tests run in Node, where there is no window and nothing to hear.
  const stopUnlocking = typeof window === 'undefined' ? () => undefined : unlockSoundOnGesture(window);
  const unsubscribe = () => {
    unsubscribeHost();
    stopKeeping();
    stopUnlocking();
  };
  // Both asked at once: one round trip to the host instead of two before the first customer can load.
  const [session, customers] = await Promise.all([host.invoke('session.get', {}), host.invoke('customers.list', {})]);
  if (!session.ok) {
    setState({ startError: session.error.message, ready: true });
    return unsubscribe;
  }
  setState({ user: session.value.user, connection: session.value.connection });
  if (customers.ok) setState({ customers: customers.value });
  else toastError('Loading customers', customers.error);
  setState({ ready: true });
  await openDefaultView();
  // After the queue: the sidebar's heartbeat marks must not hold up the first view.
  void loadAllHeartbeats();
  // The notification policy, for the repeats and reminders this console schedules itself.
  void loadSettings();
  return unsubscribe;
}
