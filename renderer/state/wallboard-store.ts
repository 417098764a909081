/**
 * What only the wallboard keeps, beside the console's store (whose alerts, customers, heartbeats and connection it
 * reads as they are): each customer's maintenance windows as COSS last listed them, and since when COSS has been
 * away. Nothing else in the console holds windows (the dialogs ask each time), and the connection state says how
 * it is, not since when; a TV across the room must say "reconnecting since 01:02" without anyone asking.
 */
import { create } from 'zustand';
import type { ConnectionState } from '../../shared/host/connection.ts';
import type { MaintenanceWindow } from '../../shared/maintenance.ts';

export interface WallboardState {
  /** by customer slug: the windows COSS listed, and when */
  windows: Readonly<Record<string, { windows: readonly MaintenanceWindow[]; asOf: string }>>;
  /** why the last listing failed (COSS away, …), null once one has answered */
  windowsError: string | null;
  /** when this wallboard saw COSS go away (ISO); null while live or before it was ever seen live */
  awaySince: string | null;
}

export const useWallboardStore = create<WallboardState>()(() => ({ windows: {}, windowsError: null, awaySince: null }));

/** Keeps `awaySince`: set on the first state that is not live after a live one, cleared when live again. */
export function noteConnection(previous: ConnectionState['status'] | undefined, next: ConnectionState, now: number) {
  if (next.status === 'live') {
    if (useWallboardStore.getState().awaySince !== null) useWallboardStore.setState({ awaySince: null });
    return;
  }
  if (previous === 'live' && useWallboardStore.getState().awaySince === null)
    useWallboardStore.setState({ awaySince: new Date(now).toISOString() });
}
