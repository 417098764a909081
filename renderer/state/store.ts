/**
 * The console's one store, composed from typed slices. State only: the actions that change it are plain
 * module-level functions (state/*-actions.ts) and host events arrive in one place (subscribe-host-events.ts).
 */
import { create } from 'zustand';
import { initialAlerts, type AlertsSlice } from './alerts-slice.ts';
import { initialCustomers, type CustomersSlice } from './customers-slice.ts';
import { initialHeartbeats, type HeartbeatsSlice } from './heartbeats-slice.ts';
import { initialNoise, type NoiseSlice } from './noise-slice.ts';
import { initialRoom, type RoomSlice } from './room-slice.ts';
import { initialSelection, type SelectionSlice } from './selection-slice.ts';
import { initialSession, type SessionSlice } from './session-slice.ts';
import { initialTransforms, type TransformsSlice } from './transforms-slice.ts';
import { initialUi, type UiSlice } from './ui-slice.ts';

export type ConsoleState = SessionSlice &
  CustomersSlice &
  AlertsSlice &
  SelectionSlice &
  RoomSlice &
  UiSlice &
  HeartbeatsSlice &
  TransformsSlice &
  NoiseSlice;

function initialState(): ConsoleState {
  return {
    ...initialSession(),
    ...initialCustomers(),
    ...initialAlerts(),
    ...initialSelection(),
    ...initialRoom(),
    ...initialUi(),
    ...initialHeartbeats(),
    ...initialTransforms(),
    ...initialNoise(),
  };
}

export const useConsoleStore = create<ConsoleState>()(initialState);

/** Back to a fresh console: for tests, and for signing out. */
export function resetConsoleStore(): void {
  useConsoleStore.setState(initialState(), true);
}

/** Shorthands for actions, which read and write outside React. */
export const getState = useConsoleStore.getState;
export const setState = useConsoleStore.setState;
