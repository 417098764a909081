/** Alerts by customer, the detail of opened alerts, and actions still waiting for COSS. */
import type { AlertView, HostResult } from '../../shared/host/contract.ts';

export type AlertDetail = Omit<HostResult<'alerts.get'>, 'alert'>;

/**
 * What the console did locally that COSS has not confirmed yet, shown on the row; `held` is a resolve waiting out
 * its undo window, not sent anywhere yet.
 */
export type PendingAction = { action: 'acknowledge' | 'resolve'; via: 'queued' | 'direct' | 'held' };

/** A resolve in its undo window: `u` takes it back until `sendsAt`. */
export interface UndoableResolve {
  number: number;
  sendsAt: string;
}

export interface AlertsSlice {
  /** customer slug → event number → alert; a Map replaced on change so selectors can compare by reference */
  alertsByCustomer: Readonly<Record<string, ReadonlyMap<number, AlertView>>>;
  /** event number → history and comments, loaded when an alert is opened */
  details: Readonly<Record<number, AlertDetail>>;
  pending: ReadonlyMap<number, PendingAction>;
  loadingCustomer: string | null;
  /** the newest resolve still in its undo window, if any */
  undoable: UndoableResolve | null;
  /** the last alert this console resolved: what reopening (O) offers first, since resolved alerts leave the queue */
  lastResolved: number | null;
}

export function initialAlerts(): AlertsSlice {
  return {
    alertsByCustomer: {},
    details: {},
    pending: new Map(),
    loadingCustomer: null,
    undoable: null,
    lastResolved: null,
  };
}
