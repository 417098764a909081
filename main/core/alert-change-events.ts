/**
 * `alerts.changed` and `customers.changed`, coalesced: the changes of one burst (a replay) go out as one
 * alerts.changed per customer and one customers.changed, and unchanged summaries are not sent again.
 */
import type { Alert } from '../../shared/alert.ts';
import type { AlertView, CustomerSummary } from '../../shared/host/contract.ts';
import type { ConsoleCache } from './cache.ts';
import type { HostEventBus } from './host-event-bus.ts';

/** One alert that changed (still in the queue) or left it (resolved). */
export type AlertChange = { changed: number } | { removed: number };

/** The change an alert's new version makes to its queue: a resolved alert leaves it. */
export function changeOf(alert: Alert): AlertChange {
  return alert.status === 'resolved' ? { removed: alert.number } : { changed: alert.number };
}

export interface AlertChangeEventsOptions {
  bus: HostEventBus;
  cache: ConsoleCache;
  view: (alert: Alert) => AlertView;
  customerSummaries: () => CustomerSummary[];
}

export class AlertChangeEvents {
  private pending: { alerts: Map<string, { changed: Set<number>; removed: Set<number> }>; customers: boolean } | null =
    null;
  private lastCustomersSent = '';

  constructor(private readonly options: AlertChangeEventsOptions) {}

  /** Queues a change of one customer's alert, or (`customer` null) of the customer list and its counts. */
  queue(customer: string | null, change?: AlertChange): void {
    this.pending ??= { alerts: new Map(), customers: false };
    const pending = this.pending;
    pending.customers = true;
    if (customer !== null && change) {
      let entry = pending.alerts.get(customer);
      if (!entry) {
        entry = { changed: new Set(), removed: new Set() };
        pending.alerts.set(customer, entry);
      }
      if ('changed' in change) {
        entry.changed.add(change.changed);
        entry.removed.delete(change.changed);
      } else {
        entry.removed.add(change.removed);
        entry.changed.delete(change.removed);
      }
    }
    if (pending.alerts.size === 0 && customer !== null) return;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    const { bus, cache, view } = this.options;
    for (const [customer, { changed, removed }] of pending.alerts) {
      const alerts = cache.customer(customer).alerts;
      const views = [...changed]
        .map((number) => alerts.get(number))
        .filter((alert): alert is Alert => alert !== undefined)
        .map(view);
      bus.emit('alerts.changed', { customer, alerts: views, removed: [...removed] });
    }
    if (pending.customers) {
      // Not re-sent unchanged (a count bump or a repeated change leaves the side bar as it is).
      const summaries = this.options.customerSummaries();
      const text = JSON.stringify(summaries);
      if (text !== this.lastCustomersSent) {
        this.lastCustomersSent = text;
        bus.emit('customers.changed', summaries);
      }
    }
  }
}
