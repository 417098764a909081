/**
 * The simulator's shared state: one object the Events API, the REST API, the webhook dispatcher and the test
 * helpers all use, so that whichever door a change comes through, it is seen everywhere.
 */
import { Directory } from './directory.ts';
import { FaultInjector } from './faults.ts';
import { IdGenerator } from './ids.ts';
import { IncidentStore, type IncidentChange } from './incident-store.ts';
import { SlidingWindowLimiter } from './rate-limiter.ts';
import type { ShapeContext } from './rest-shapes.ts';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, DEFAULT_WEBHOOK_TIMEOUT_MS, WebhookDispatcher } from './webhook-delivery.ts';
import { buildWebhookEvent } from './webhook-payload.ts';
import type { AcceptedEvent, EnqueueAttempt, PagerDutySimulatorOptions, RestRequestRecord } from './types.ts';

export const DEFAULT_EVENTS_RATE_LIMIT = { limit: 120, windowMs: 60_000 };
export const DEFAULT_REST_RATE_LIMIT = { limit: 960, windowMs: 60_000 };

export class SimulatorCore {
  readonly directory: Directory;
  readonly ids = new IdGenerator();
  readonly store: IncidentStore;
  readonly eventsLimiter: SlidingWindowLimiter;
  readonly restLimiter: SlidingWindowLimiter;
  readonly faults: FaultInjector;
  readonly webhooks: WebhookDispatcher;
  readonly now: () => number;
  /** Anchor for default on-call shift times, so repeated /oncalls calls agree. */
  readonly startedAt: number;
  readonly acceptedEvents: AcceptedEvent[] = [];
  readonly enqueueAttempts: EnqueueAttempt[] = [];
  readonly restRequests: RestRequestRecord[] = [];
  requireVersionedAccept: boolean;
  eventsRetryAfterSeconds: number | undefined;
  /** Set once the server listens; references and webhooks need the real port. */
  shapes: ShapeContext;
  private seq = 0;

  constructor(options: PagerDutySimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.directory = new Directory(options);
    this.store = new IncidentStore(this.directory, this.ids, this.now, (change) => this.onIncidentChange(change));
    this.eventsLimiter = new SlidingWindowLimiter(options.eventsRateLimit ?? DEFAULT_EVENTS_RATE_LIMIT);
    this.restLimiter = new SlidingWindowLimiter(options.restRateLimit ?? DEFAULT_REST_RATE_LIMIT);
    this.faults = new FaultInjector(options.faults ?? null);
    this.webhooks = new WebhookDispatcher({
      timeoutMs: options.webhookDelivery?.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
      retryDelaysMs: options.webhookDelivery?.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
    });
    for (const sub of options.webhooks ?? []) this.webhooks.addSubscriber(sub);
    this.requireVersionedAccept = options.requireVersionedAccept ?? false;
    this.eventsRetryAfterSeconds = options.eventsRetryAfterSeconds;
    this.shapes = {
      directory: this.directory,
      store: this.store,
      apiUrl: 'http://127.0.0.1',
      webUrl: 'http://127.0.0.1/web',
    };
  }

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  setBaseUrl(apiUrl: string): void {
    this.shapes = { ...this.shapes, apiUrl, webUrl: `${apiUrl}/web` };
  }

  reset(): void {
    this.store.reset();
    this.ids.reset();
    this.eventsLimiter.reset();
    this.restLimiter.reset();
    this.acceptedEvents.length = 0;
    this.enqueueAttempts.length = 0;
    this.restRequests.length = 0;
    this.faults.records.length = 0;
    this.webhooks.deliveries().length = 0;
  }

  private onIncidentChange(change: IncidentChange): void {
    const envelope = buildWebhookEvent(this.shapes, change);
    const incident = this.store.get(change.incidentId);
    if (envelope && incident) this.webhooks.dispatch(envelope, change.eventType, incident.id, incident.serviceId);
  }
}
