/**
 * What the renderer is shown of the cache: an alert with its pages, the customers with their unacknowledged counts,
 * and the queue in order (a customer's, or every customer's merged), a page at a time. Reads the cache only.
 */
import { SEVERITIES, type Alert } from '../../shared/alert.ts';
import { ALL_CUSTOMERS, type AlertView, type CustomerSummary, type QueuePosition } from '../../shared/host/contract.ts';
import { compareQueueOrder, indexAfter, mergeSorted } from '../../shared/queue-order.ts';
import type { ConsoleCache } from './cache.ts';

function emptyCounts(): CustomerSummary['unacknowledged'] {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as CustomerSummary['unacknowledged'];
}

function suppressedByTransform(alert: Alert): boolean {
  return (alert.suppressedBy ?? null) !== null;
}

/** An alert as the renderer shows it: with the state of its pages. */
export function alertView(cache: ConsoleCache, alert: Alert): AlertView {
  const pages = [...cache.customer(alert.customer).pages.values()]
    .filter((page) => page.alertNumber === alert.number)
    .map(({ alertNumber: _alertNumber, createdAt: _createdAt, ...state }) => state);
  return { ...alert, pages };
}

/** The side bar: every customer with its open alerts by severity and who is on call. */
export function customerSummaries(cache: ConsoleCache): CustomerSummary[] {
  return cache.customerList.map((customer) => {
    const data = cache.customer(customer.slug);
    const unacknowledged = emptyCounts();
    // A transform's suppressed alerts are not in the default queue: counting them would send the NOC to nothing.
    for (const alert of data.alerts.values())
      if (alert.status === 'open' && !suppressedByTransform(alert)) unacknowledged[alert.severity] += 1;
    return {
      slug: customer.slug,
      name: customer.name,
      number: customer.number,
      timeZone: customer.timeZone,
      unacknowledged,
      onCall: data.onCall,
      onCallProblem: data.onCallProblem,
    };
  });
}

/** The queues in order, each sorted once per change of its alerts rather than once per request. */
export class QueueViews {
  private readonly sortedByCustomer = new Map<
    string,
    { alerts: ReadonlyMap<number, Alert>; revision: number; sorted: readonly Alert[] }
  >();
  private sortedAll: { lists: readonly (readonly Alert[])[]; sorted: readonly Alert[] } | null = null;

  constructor(private readonly cache: ConsoleCache) {}

  /** The queue, or one page of it (`limit` alerts after `after`), as views; `*` is every customer's. */
  list(slug: string, page: { limit?: number | undefined; after?: QueuePosition | undefined } = {}): AlertView[] {
    const sorted = slug === ALL_CUSTOMERS ? this.sortedAllAlerts() : this.sortedAlerts(slug);
    const start = page.after === undefined ? 0 : indexAfter(sorted, page.after);
    const slice = sorted.slice(start, page.limit === undefined ? undefined : start + page.limit);
    // Pages by alert once per request: looking them up per alert was O(alerts × pages).
    const pagesByAlert = new Map<number, AlertView['pages']>();
    const customers = slug === ALL_CUSTOMERS ? this.cache.customerList.map((customer) => customer.slug) : [slug];
    for (const customer of customers) {
      for (const { alertNumber, createdAt: _createdAt, ...state } of this.cache.customer(customer).pages.values()) {
        if (alertNumber === null) continue;
        const list = pagesByAlert.get(alertNumber);
        if (list === undefined) pagesByAlert.set(alertNumber, [state]);
        else list.push(state);
      }
    }
    return slice.map((alert) => ({ ...alert, pages: pagesByAlert.get(alert.number) ?? [] }));
  }

  /**
   * The newest unacknowledged critical alert across customers (the global shortcut brings it up; never one a
   * transform suppressed): the latest `lastSeen`, the first in queue order among equals.
   */
  newestCritical(): { customer: string; number: number } | null {
    let best: Alert | null = null;
    for (const customer of this.cache.customerList) {
      for (const alert of this.sortedAlerts(customer.slug)) {
        if (
          alert.severity === 'critical' &&
          alert.status === 'open' &&
          !suppressedByTransform(alert) &&
          (best === null || alert.lastSeen > best.lastSeen)
        )
          best = alert;
      }
    }
    return best === null ? null : { customer: best.customer, number: best.number };
  }

  /** A customer's alerts in queue order. */
  private sortedAlerts(slug: string): readonly Alert[] {
    const data = this.cache.customer(slug);
    const held = this.sortedByCustomer.get(slug);
    if (held !== undefined && held.alerts === data.alerts && held.revision === data.alertsRevision) return held.sorted;
    const sorted = [...data.alerts.values()].sort(compareQueueOrder);
    this.sortedByCustomer.set(slug, { alerts: data.alerts, revision: data.alertsRevision, sorted });
    return sorted;
  }

  /**
   * Every customer's alerts in one queue order: each customer's sorted list, merged. Kept until a customer's alerts
   * change, so paging through 100,000 alerts merges once.
   */
  private sortedAllAlerts(): readonly Alert[] {
    const lists = this.cache.customerList.map((customer) => this.sortedAlerts(customer.slug));
    const held = this.sortedAll;
    if (held !== null && held.lists.length === lists.length && held.lists.every((list, index) => list === lists[index]))
      return held.sorted;
    const sorted = mergeSorted(lists);
    this.sortedAll = { lists, sorted };
    return sorted;
  }
}
