/**
 * Heartbeats from the console (`g h`, the sidebar's mark): asked of COSS through the host, which answers only while
 * COSS is live, since their state is COSS's to judge at the time of asking. A change COSS announces asks again for
 * that customer only; a burst of changes (a replay after a gap) costs one request in flight and one after it.
 */
import { errorMessage } from '../../shared/error-message.ts';
import type { HostError } from '../../shared/host/contract.ts';
import { currentHost } from './host-binding.ts';
import { getState, setState } from './store.ts';

const inFlight = new Map<string, Promise<HostError | null>>();
const askAgain = new Set<string>();

async function ask(customer: string): Promise<HostError | null> {
  let response;
  try {
    response = await currentHost().invoke('heartbeats.list', { customer });
  } catch (error) {
    // The host went away mid-request (a closed socket): as good as COSS not answering.
    return { code: 'unavailable', message: errorMessage(error) };
  }
  if (!response.ok) return response.error;
  setState((state) => ({ heartbeats: { ...state.heartbeats, [customer]: response.value } }));
  return null;
}

/** Asks COSS for `customer`'s heartbeats into the store; the host's refusal (COSS away, …) when it did not answer. */
export function loadHeartbeats(customer: string): Promise<HostError | null> {
  const running = inFlight.get(customer);
  if (running !== undefined) {
    askAgain.add(customer);
    return running.then(() => inFlight.get(customer) ?? ask(customer));
  }
  const started = ask(customer).finally(() => {
    inFlight.delete(customer);
    if (askAgain.delete(customer)) void loadHeartbeats(customer);
  });
  inFlight.set(customer, started);
  return started;
}

/** Every customer's heartbeats, for the sidebar's mark: at start-up and each time the stream is live again. */
export async function loadAllHeartbeats(): Promise<void> {
  const { customers, connection } = getState();
  if (connection?.status !== 'live') return;
  await Promise.all(customers.map((customer) => loadHeartbeats(customer.slug)));
}
