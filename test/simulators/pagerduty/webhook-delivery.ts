/**
 * Delivers Webhooks v3 as PagerDuty documents them (developer docs "Behavior" and "Verifying Signatures"):
 * - X-PagerDuty-Signature: `v1=<hex HMAC-SHA256(raw body, secret)>`, one per secret, comma-separated;
 * - X-Webhook-Id unique per webhook and repeated on every attempt, so receivers can dedupe;
 * - retried on timeout, connection failure, 429 and 5xx; any other 4xx is permanent and dropped;
 * - 5 attempts with backoff; webhooks of one subscription go out in the order they were generated.
 * Timeout and backoff are options so tests take milliseconds instead of PagerDuty's 5 s and 20 minutes.
 */
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { WebhookEventEnvelope } from './webhook-payload.ts';
import type { DeliveryAttempt, WebhookDelivery, WebhookEventType, WebhookSubscriberConfig } from './types.ts';

export const WEBHOOK_USER_AGENT = 'PagerDuty-Webhook/V3.0';
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;
/** Four retries spread over about 20 minutes, like PagerDuty's schedule. */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [30_000, 120_000, 300_000, 750_000];

export function signatureHeader(rawBody: string, secrets: readonly string[]): string {
  return secrets.map((secret) => `v1=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`).join(',');
}

interface Subscription {
  id: string;
  url: string;
  secrets: string[];
  events: WebhookEventType[] | null;
  serviceId: string | null;
  /** Tail of this subscription's serial queue (PagerDuty keeps per-subscription ordering). */
  tail: Promise<void>;
}

export interface DispatcherOptions {
  timeoutMs: number;
  retryDelaysMs: number[];
}

export class WebhookDispatcher {
  private readonly subscriptions: Subscription[] = [];
  private readonly log: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private subscriptionCounter = 0;

  constructor(private options: DispatcherOptions) {}

  configure(options: Partial<DispatcherOptions>): void {
    this.options = { ...this.options, ...options };
  }

  addSubscriber(config: WebhookSubscriberConfig): string {
    const secrets = [...(config.secrets ?? []), ...(config.secret === undefined ? [] : [config.secret])];
    this.subscriptionCounter += 1;
    const id = config.id ?? `PWHS${String(this.subscriptionCounter).padStart(3, '0')}`;
    this.subscriptions.push({
      id,
      url: config.url,
      secrets,
      events: config.events ?? null,
      serviceId: config.serviceId ?? null,
      tail: Promise.resolve(),
    });
    return id;
  }

  removeSubscribers(): void {
    this.subscriptions.length = 0;
  }

  deliveries(): WebhookDelivery[] {
    return this.log;
  }

  /** Queue one event for every subscription that wants it. */
  dispatch(envelope: WebhookEventEnvelope, eventType: WebhookEventType, incidentId: string, serviceId: string): void {
    if (this.closed) return;
    const body = JSON.stringify(envelope);
    const eventId = envelope.event.id;
    for (const sub of this.subscriptions) {
      if (sub.events !== null && !sub.events.includes(eventType)) continue;
      if (sub.serviceId !== null && sub.serviceId !== serviceId) continue;
      const delivery: WebhookDelivery = {
        webhookId: randomUUID(),
        subscriptionId: sub.id,
        url: sub.url,
        eventId,
        eventType,
        incidentId,
        body,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': WEBHOOK_USER_AGENT,
          'X-PagerDuty-Signature': signatureHeader(body, sub.secrets),
          'X-Webhook-Id': '',
          'X-Webhook-Subscription': sub.id,
        },
        attempts: [],
        status: 'pending',
      };
      delivery.headers['X-Webhook-Id'] = delivery.webhookId;
      this.log.push(delivery);
      this.enqueue(sub, delivery);
    }
  }

  /** Send an already-logged webhook again with the same X-Webhook-Id and body, as a duplicate would arrive. */
  async redeliver(webhookId: string): Promise<WebhookDelivery> {
    const delivery = this.log.find((d) => d.webhookId === webhookId);
    if (!delivery) throw new Error(`no webhook with X-Webhook-Id ${webhookId}`);
    const sub = this.subscriptions.find((s) => s.id === delivery.subscriptionId);
    delivery.status = 'pending';
    if (sub) this.enqueue(sub, delivery);
    else await this.attemptAll(delivery);
    await this.whenIdle();
    return delivery;
  }

  /** Resolves once every queued webhook has been delivered, dropped or has used up its attempts. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    this.pending = 0;
    this.releaseWaiters();
  }

  private enqueue(sub: Subscription, delivery: WebhookDelivery): void {
    this.pending += 1;
    sub.tail = sub.tail
      .then(() => this.attemptAll(delivery))
      .catch(() => undefined)
      .finally(() => {
        this.pending = Math.max(0, this.pending - 1);
        if (this.pending === 0) this.releaseWaiters();
      });
  }

  private releaseWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async attemptAll(delivery: WebhookDelivery): Promise<void> {
    const maxAttempts = this.options.retryDelaysMs.length + 1;
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      if (attempt > 1) await this.sleep(this.options.retryDelaysMs[attempt - 2] ?? 0);
      if (this.closed) return;
      const result = await this.post(delivery);
      delivery.attempts.push(result);
      const code = result.statusCode;
      if (code !== null && code >= 200 && code < 300) {
        delivery.status = 'delivered';
        return;
      }
      const retryable = code === null || code === 429 || code >= 500;
      if (!retryable) {
        delivery.status = 'dropped';
        return;
      }
    }
    if (!this.closed) delivery.status = 'failed';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private post(delivery: WebhookDelivery): Promise<DeliveryAttempt> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (statusCode: number | null, error: string | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.timers.delete(timer);
        this.inFlight.delete(req);
        resolve({ at: started, statusCode, error, durationMs: Date.now() - started });
      };
      const url = new URL(delivery.url);
      const transport = url.protocol === 'https:' ? https : http;
      // agent:false = one connection per attempt, so a hung receiver cannot poison later attempts.
      const req = transport.request(url, {
        method: 'POST',
        agent: false,
        headers: { ...delivery.headers, 'Content-Length': String(Buffer.byteLength(delivery.body)) },
      });
      this.inFlight.add(req);
      const timer = setTimeout(() => {
        finish(null, `timeout after ${this.options.timeoutMs} ms`);
        req.destroy();
      }, this.options.timeoutMs);
      this.timers.add(timer);
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => finish(res.statusCode ?? null, null));
        res.on('error', (err) => finish(res.statusCode ?? null, err.message));
      });
      req.on('error', (err) => finish(null, err.message));
      req.end(delivery.body);
    });
  }
}
