/** Alerts by customer, the detail of opened alerts, and actions still waiting for COSS. */
import type { AlertView, HostResult } from '../../shared/host/contract.ts';

export type AlertDetail = Omit<HostResult<'alerts.get'>, 'alert'>;

/** What the console did locally that COSS has not confirmed yet, shown on the row. */
export type PendingAction = { action: 'acknowledge' | 'resolve'; via: 'queued' | 'direct' };

export interface AlertsSlice {
  /** customer slug → event number → alert; a Map replaced on change so selectors can compare by reference */
  alertsByCustomer: Readonly<Record<string, ReadonlyMap<number, AlertView>>>;
  /** event number → history and comments, loaded when an alert is opened */
  details: Readonly<Record<number, AlertDetail>>;
  pending: ReadonlyMap<number, PendingAction>;
  loadingCustomer: string | null;
}

export function initialAlerts(): AlertsSlice {
  return { alertsByCustomer: {}, details: {}, pending: new Map(), loadingCustomer: null };
}
