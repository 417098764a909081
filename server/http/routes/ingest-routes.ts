/** The Alerts API: Zenoss, Alertmanager webhook, Prometheus client API and the generic COSS format. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { NormalizedEvent } from '../../../shared/alert.ts';
import { normalizeGeneric, GenericBodySchema } from '../../ingest/generic.ts';
import {
  isResolvedAt,
  normalizePrometheus,
  AlertmanagerWebhookSchema,
  PostableAlertsSchema,
} from '../../ingest/prometheus.ts';
import { normalizeZenoss, ZenossBodySchema } from '../../ingest/zenoss.ts';
import type { IngestResult } from '../../ingest/service.ts';
import type { AppContext } from '../context.ts';
import { requireIngestKey } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';
import { isWatchdog } from '../../heartbeats/watchdog.ts';

interface IngestReply {
  accepted: number;
  created: number;
  updated: number;
  resolved: number;
  unmatchedClears: number;
  /** Watchdog alerts taken as heartbeat pings, not stored */
  heartbeats: number;
  alerts: Array<IngestResult | WatchdogResult>;
}

/** A Watchdog alert's answer: it pinged the watchdog heartbeat (or, resolved, was ignored) instead of being stored. */
interface WatchdogResult {
  fingerprint: string;
  number: null;
  result: 'heartbeat';
}

function summarize(results: Array<IngestResult | WatchdogResult>): IngestReply {
  const count = (result: (IngestResult | WatchdogResult)['result']) =>
    results.filter((r) => r.result === result).length;
  return {
    accepted: results.length,
    created: count('created'),
    updated: count('updated'),
    resolved: count('resolved'),
    unmatchedClears: count('no-match'),
    heartbeats: count('heartbeat'),
    alerts: results,
  };
}

/** Registers the four ingest endpoints. */
export function ingestRoutes(context: AppContext) {
  async function accept(request: FastifyRequest, parse: (now: Date) => NormalizedEvent[]): Promise<IngestReply> {
    if (context.draining()) {
      throw new HttpError(503, 'shutting_down', 'this COSS node is shutting down; retry', { retryAfterSeconds: 1 });
    }
    const key = await requireIngestKey(context, request);
    const events = parse(new Date());
    const wait = context.ingestLimiter.take(`key:${key.keyId}`, Math.max(1, events.length));
    if (wait > 0) {
      throw new HttpError(
        429,
        'rate_limited',
        `ingest key over its rate of ${context.config.ingestRatePerKey} alerts/s`,
        {
          retryAfterSeconds: wait,
        },
      );
    }
    const customer = { id: key.customerId, slug: key.customerSlug };
    // The dead man's switch: a firing Watchdog pings the customer's watchdog heartbeat and is not stored.
    const watchdog = events.map((event) => isWatchdog(event, context.watchdog));
    if (events.some((event, i) => watchdog[i] === true && !event.isClear)) {
      await context.heartbeats.ping(customer, context.config.watchdogHeartbeat, { source: 'watchdog' });
    }
    const stored = await context.ingest.ingest(
      customer,
      events.filter((_, i) => watchdog[i] !== true),
    );
    let next = 0;
    return summarize(
      events.map((event, i) =>
        watchdog[i] === true
          ? { fingerprint: event.fingerprint, number: null, result: 'heartbeat' as const }
          : (stored[next++] as IngestResult),
      ),
    );
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/alerts/zenoss', async (request) =>
      accept(request, (now) => {
        const body = parseOr400(ZenossBodySchema, request.body);
        return (Array.isArray(body) ? body : [body]).map((event) => normalizeZenoss(event, now));
      }),
    );

    app.post('/api/v1/alerts/alertmanager', async (request) =>
      accept(request, (now) => {
        const body = parseOr400(AlertmanagerWebhookSchema, request.body);
        return body.alerts.map((alert) => normalizePrometheus(alert, alert.status === 'resolved', 'alertmanager', now));
      }),
    );

    app.post('/api/v2/alerts', async (request) =>
      accept(request, (now) => {
        const body = parseOr400(PostableAlertsSchema, request.body);
        return body.map((alert) => normalizePrometheus(alert, isResolvedAt(alert, now), 'prometheus', now));
      }),
    );

    app.post('/api/v1/alerts', async (request) =>
      accept(request, (now) => {
        const body = parseOr400(GenericBodySchema, request.body);
        return (Array.isArray(body) ? body : [body]).map((event) => normalizeGeneric(event, now));
      }),
    );
  };
}
