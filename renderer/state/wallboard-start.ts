/**
 * Start-up of the wallboard (`?view=wallboard`): the console's store on the host, with only what a read-only TV
 * needs. It listens to connection, customer, alert and heartbeat events and nothing else, so no menu command,
 * focus request or key can act through it; every customer's alerts load into the all-customers queue; maintenance
 * windows are asked for at start, whenever COSS is live again, and every 30 s (they start and end by the clock).
 */
import { errorMessage } from '../../shared/error-message.ts';
import { ALL_CUSTOMERS, type HostApi } from '../../shared/host/contract.ts';
import { applyAlertsChanged } from './alert-actions.ts';
import { loadAlerts } from './customer-actions.ts';
import { loadAllHeartbeats, loadHeartbeats } from './heartbeat-actions.ts';
import { bindHost, currentHost } from './host-binding.ts';
import { getState, setState } from './store.ts';
import { noteConnection, useWallboardStore } from './wallboard-store.ts';

const WINDOWS_EVERY_MS = 30_000;

/** Asks COSS for every customer's windows; keeps the last answer of each when it cannot answer. */
async function loadWindows(): Promise<void> {
  const { customers, connection } = getState();
  if (connection?.status !== 'live') return;
  const errors: string[] = [];
  await Promise.all(
    customers.map(async ({ slug }) => {
      try {
        const answer = await currentHost().invoke('maintenance.list', { customer: slug });
        if (!answer.ok) return void errors.push(answer.error.message);
        useWallboardStore.setState((state) => ({
          windows: { ...state.windows, [slug]: { windows: answer.value, asOf: new Date().toISOString() } },
        }));
      } catch (error) {
        errors.push(errorMessage(error));
      }
    }),
  );
  useWallboardStore.setState({ windowsError: errors[0] ?? null });
}

async function loadEverything(): Promise<void> {
  const customers = await currentHost().invoke('customers.list', {});
  if (customers.ok) setState({ customers: customers.value });
  await Promise.all([loadAlerts(ALL_CUSTOMERS), loadAllHeartbeats(), loadWindows()]);
}

/** Wires the store to `host` for the wallboard; resolves when every customer's alerts are in. Returns the unsubscribe. */
export async function startWallboard(host: HostApi): Promise<() => void> {
  bindHost(host);
  setState({ allCustomers: true });
  const unsubscribers = [
    host.on('connection.changed', (connection) => {
      const before = getState().connection?.status;
      noteConnection(before, connection, Date.now());
      setState({ connection });
      // Back after a gap: what changed meanwhile arrives in one go, as in the console.
      if (connection.status === 'live' && before !== 'live') void loadEverything();
    }),
    host.on('customers.changed', (customers) => setState({ customers })),
    host.on('alerts.changed', ({ customer, alerts, removed }) => applyAlertsChanged(customer, alerts, removed)),
    host.on('heartbeats.changed', ({ customer }) => void loadHeartbeats(customer)),
  ];
  const timer = setInterval(() => void loadWindows(), WINDOWS_EVERY_MS);
  const stop = () => {
    clearInterval(timer);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
  const session = await host.invoke('session.get', {});
  if (!session.ok) {
    setState({ startError: session.error.message, ready: true });
    return stop;
  }
  setState({ user: session.value.user, connection: session.value.connection, ready: true });
  await loadEverything();
  return stop;
}
