/**
 * Acting in PagerDuty directly while COSS is unreachable (Settings turn it on; the target needs a routing key), and
 * telling COSS afterwards: the reconciliation is plain outbox entries, so it survives restarts and runs once.
 */
import type { z } from 'zod';
import type { Alert } from '../../shared/alert.ts';
import type { ActionOutcome, HOST_REQUESTS } from '../../shared/host/contract.ts';
import type { ConsoleActions, CossSession } from './console-actions.ts';
import type { AlertChangeEvents } from './alert-change-events.ts';
import type { ConsoleCache } from './cache.ts';
import type { CacheWriter } from './cache-writer.ts';
import type { Clock } from './clock.ts';
import type { ConnectionEvents } from './connection-events.ts';
import type { CustomerRecord } from './coss-client.ts';
import type { NotifyEvent } from './notification-policy.ts';
import { PagerDutyError } from './pagerduty-fallback.ts';

export type PageArgs = z.infer<(typeof HOST_REQUESTS)['page.send']['args']>;

export interface DirectPagerDutyParts {
  cache: ConsoleCache;
  clock: Clock;
  session: CossSession;
  actions: ConsoleActions;
  connection: ConnectionEvents;
  changes: AlertChangeEvents;
  writer: CacheWriter;
  notify: (event: NotifyEvent) => void;
}

export class DirectPagerDuty {
  constructor(private readonly parts: DirectPagerDutyParts) {}

  /** Whether acting directly applies now: COSS is not live and the fallback is on. */
  get available(): boolean {
    return !this.parts.session.isLive && this.parts.session.fallback !== null;
  }

  /** Acknowledges the alert's incidents in PagerDuty; returns the dedup keys it acknowledged. */
  async acknowledge(alert: Alert): Promise<string[]> {
    const fallback = this.parts.session.fallback;
    if (!fallback) return [];
    const { cache } = this.parts;
    const pages = [...cache.customer(alert.customer).pages.values()].filter(
      (page) =>
        page.alertNumber === alert.number &&
        (page.delivery === 'sent' || page.delivery === 'direct') &&
        fallback.canAcknowledge(page.target),
    );
    const done: string[] = [];
    for (const page of pages) {
      try {
        await fallback.acknowledge(page.dedupKey, page.target);
        cache.putPage(alert.customer, {
          ...page,
          delivery: 'direct',
          incidentStatus: 'acknowledged',
          actionError: null,
        });
        done.push(page.dedupKey);
      } catch (error) {
        if (!(error instanceof PagerDutyError)) throw error;
        this.parts.connection.lastError = error.message;
      }
    }
    return done;
  }

  /**
   * Reconciliation of a direct acknowledgement: the acknowledgement itself reaches COSS from the outbox; this line
   * tells the room why PagerDuty already shows it acknowledged.
   */
  recordAcknowledgement(alert: Alert, dedupKeys: readonly string[], idempotencyKey: string): ActionOutcome {
    const when = new Date(this.parts.clock.now()).toISOString();
    this.parts.actions.enqueue(
      alert.customer,
      {
        kind: 'room',
        body: `Acknowledged ${dedupKeys.join(', ')} directly in PagerDuty at ${when} while COSS was unreachable (event ${alert.number}).`,
      },
      `Record the direct acknowledgement of ${alert.number}`,
    );
    return {
      status: 'direct',
      idempotencyKey,
      message: `Acknowledged ${dedupKeys.join(', ')} directly in PagerDuty (COSS unreachable); COSS is updated when it is back.`,
    };
  }

  /** Pages directly when it applies (else null: the page goes through COSS); `line` is the page command for COSS. */
  async page(customer: CustomerRecord, args: PageArgs, line: string): Promise<ActionOutcome | null> {
    const fallback = this.parts.session.fallback;
    if (!fallback || this.parts.session.isLive || !fallback.canPage(args.target)) return null;
    const { cache, clock, actions } = this.parts;
    const alert = args.number === null ? undefined : cache.customer(args.customer).alerts.get(args.number);
    let dedupKey: string;
    try {
      ({ dedupKey } = await fallback.page({
        customerName: customer.name,
        customerNumber: customer.number,
        number: args.number,
        target: args.target,
        priority: args.priority,
        message: args.message,
        pagedBy: cache.me?.displayName ?? 'COSS Console',
        alert,
      }));
    } catch (error) {
      if (!(error instanceof PagerDutyError)) throw error;
      this.parts.connection.lastError = error.message;
      return null;
    }
    const targetName =
      cache.customer(args.customer).targets.find((target) => target.path === args.target)?.name ?? args.target;
    cache.putPage(args.customer, {
      dedupKey,
      target: args.target,
      targetName,
      priority: args.priority,
      delivery: 'direct',
      incidentStatus: 'triggered',
      assignees: [],
      alertNumber: args.number,
      createdAt: new Date(clock.now()).toISOString(),
    });
    if (args.number !== null) this.parts.changes.queue(args.customer, { changed: args.number });
    this.parts.writer.schedule();
    const when = new Date(clock.now()).toISOString();
    const entry = actions.enqueue(
      args.customer,
      {
        kind: 'room',
        body: `Paged ${args.target} directly in PagerDuty at ${when} while COSS was unreachable (dedup key ${dedupKey}).`,
      },
      `Record the direct page of ${args.target}`,
    );
    // With an alert, COSS's own page uses the same dedup key, so PagerDuty folds it into the incident just opened
    // and COSS follows that incident from then on. Without one, a second page would open a second incident.
    if (args.number !== null) actions.enqueue(args.customer, { kind: 'room', body: line }, `Page ${args.target}`);
    this.parts.notify({
      kind: 'page.sent',
      customer: args.customer,
      customerName: customer.name,
      number: args.number,
      targetName,
      direct: true,
    });
    return {
      status: 'direct',
      idempotencyKey: entry.key,
      message: `Paged ${targetName} directly in PagerDuty (COSS unreachable; dedup key ${dedupKey}).`,
    };
  }
}
