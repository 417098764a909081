/** The one place host events enter the store. Returns a function that unsubscribes everything. */
import type { HostApi } from '../../shared/host/contract.ts';
import { receiveNotice, watchCriticals } from '../notify/notices.ts';
import { applyAlertsChanged } from './alert-actions.ts';
import { openDefaultView, refreshAll } from './customer-actions.ts';
import { focusAlert } from './focus-alert.ts';
import { loadAllHeartbeats, loadHeartbeats } from './heartbeat-actions.ts';
import { appendRoomMessage, dropPendingLine } from './room-actions.ts';
import { applyHeldSettled } from './resolve-undo-actions.ts';
import { getState, setState } from './store.ts';
import { runCommand } from '../commands/registry.ts';

export function subscribeHostEvents(host: HostApi): () => void {
  const unsubscribers = [
    host.on('connection.changed', (connection) => {
      const before = getState().connection?.status;
      setState({ connection });
      // Back to live after a gap: reload so what happened meanwhile shows at once, not alert by alert.
      if (connection.status === 'live' && before !== undefined && before !== 'live' && before !== 'connecting')
        void refreshAll();
      // Heartbeats are only known while live: the first time too (start-up may have found COSS still connecting).
      if (connection.status === 'live' && before !== 'live') void loadAllHeartbeats();
    }),
    host.on('customers.changed', (customers) => {
      setState({ customers });
      // A first run knows no customers at start-up: the view opens when they arrive.
      const { activeCustomer, allCustomers, ready } = getState();
      if (ready && activeCustomer === null && !allCustomers) void openDefaultView();
    }),
    host.on('alerts.changed', ({ customer, alerts, removed }) => {
      applyAlertsChanged(customer, alerts, removed);
      watchCriticals(customer, alerts, removed);
    }),
    host.on('notice', (notice) => receiveNotice(notice)),
    host.on('room.message', (message) => appendRoomMessage(message)),
    host.on('heartbeats.changed', ({ customer }) => void loadHeartbeats(customer)),
    host.on('room.settled', ({ customer, id }) => dropPendingLine(customer, id)),
    host.on('alerts.heldSettled', (event) => applyHeldSettled(event)),
    // The Electron menu runs commands through the same registry as the keys and the palette.
    host.on('menu.command', ({ id }) => {
      runCommand(id);
    }),
    host.on('alerts.focus', ({ customer, number }) => focusAlert(customer, number)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
