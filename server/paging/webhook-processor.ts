/**
 * Works through stored webhook deliveries after their 2xx: each unprocessed pagerduty_webhooks row becomes an
 * IncidentChange and goes through the one idempotent apply path (incident-sync.ts). Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several nodes drain together without doing a delivery twice; the row is marked
 * processed in the transaction that applies it, so a crash at any point leaves it to be done again, whole.
 * The drain runs when a delivery is stored, every few seconds, and at start.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import {
  IncidentDataSchema,
  incidentEventKind,
  NoteDataSchema,
  WebhookEnvelopeSchema,
  type WebhookEnvelope,
} from '../integrations/pagerduty/webhook-schemas.ts';
import type { IncidentChange } from './incident-change.ts';
import { applyIncidentChange } from './incident-sync.ts';
import type { IncidentResolver } from './incident-resolver.ts';
import { errorMessage } from '../../shared/error-message.ts';

/**
 * Stores a verified delivery for processing; false when it was seen before. A delivery is new only when both its
 * X-Webhook-Id and its signed event id are: the header is not covered by the signature, so a captured body
 * replayed under fresh ids must still be a duplicate.
 */
export async function storeWebhookDelivery(
  db: Database,
  webhookId: string,
  envelope: WebhookEnvelope,
): Promise<boolean> {
  const inserted = await db.query(
    `INSERT INTO pagerduty_webhooks (webhook_id, event_id, event_type, payload) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING webhook_id`,
    [webhookId, envelope.event.id, envelope.event.event_type, JSON.stringify(envelope)],
  );
  return inserted.rows.length > 0;
}

/** A webhook event as an IncidentChange; null for event types COSS does not act on. */
export function changeFromWebhook(envelope: WebhookEnvelope): IncidentChange | null {
  const event = envelope.event;
  const kind = incidentEventKind(event.event_type);
  if (kind === null) return null;
  const base = {
    kind,
    source: 'webhook' as const,
    sourceId: event.id,
    agent: event.agent?.summary ?? null,
    occurredAt: new Date(event.occurred_at),
  };
  if (kind === 'annotated') {
    const data = NoteDataSchema.parse(event.data);
    return {
      ...base,
      incidentId: data.incident.id,
      incidentKey: null,
      incidentNumber: null,
      serviceId: null,
      escalationPolicy: null,
      status: null,
      assignees: null,
      escalationLevel: null,
      note: data.content,
    };
  }
  const data = IncidentDataSchema.parse(event.data);
  return {
    ...base,
    incidentId: data.id,
    incidentKey: data.incident_key ?? null,
    incidentNumber: data.number ?? null,
    serviceId: data.service?.id ?? null,
    escalationPolicy: data.escalation_policy
      ? { id: data.escalation_policy.id, name: data.escalation_policy.summary ?? null }
      : null,
    status: data.status ?? null,
    assignees: data.assignees ? data.assignees.map((a) => ({ id: a.id, name: a.summary ?? a.id })) : null,
    escalationLevel: null,
    note: null,
    ...(kind === 'priority_updated'
      ? { priority: data.priority ? (data.priority.summary ?? data.priority.id) : null }
      : {}),
  };
}

/** Deliveries whose processing failed this many times are recorded as failed and left alone. */
const MAX_ATTEMPTS = 5;

export interface WebhookProcessorOptions {
  db: Database;
  log: FastifyBaseLogger;
  resolver: IncidentResolver;
  onCommitted: (seq: number) => void;
  intervalMs?: number;
}

export class WebhookProcessor {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: WebhookProcessorOptions) {}

  /** Drains what is stored (deliveries a crash left unprocessed included), then keeps draining periodically. */
  start(): void {
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for the drain in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Asks for a drain; one runs at a time, and a kick during a drain runs another after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Drains until nothing is left; resolves when done (tests await this). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drainOnce();
      } catch (error) {
        this.options.log.warn({ err: error }, 'PagerDuty webhook processing failed; will retry');
      }
    } while (this.again && !this.stopped);
  }

  private async drainOnce(): Promise<void> {
    const failedThisPass = new Set<string>();
    while (!this.stopped) {
      const candidate = (
        await this.options.db.query<{ webhook_id: string; payload: unknown; attempts: number }>(
          `SELECT webhook_id, payload, attempts FROM pagerduty_webhooks
           WHERE processed_at IS NULL AND NOT (webhook_id = ANY($1::text[]))
           ORDER BY received_at, webhook_id LIMIT 1`,
          [[...failedThisPass]],
        )
      ).rows[0];
      if (!candidate) return;
      try {
        await this.processOne(candidate.webhook_id, candidate.payload);
      } catch (error) {
        failedThisPass.add(candidate.webhook_id);
        const message = errorMessage(error).slice(0, 500);
        this.options.log.warn(
          { err: error, webhookId: candidate.webhook_id },
          'PagerDuty webhook could not be applied',
        );
        await this.options.db.query(
          `UPDATE pagerduty_webhooks SET attempts = attempts + 1, last_error = $2,
             processed_at = CASE WHEN attempts + 1 >= $3 THEN now() ELSE NULL END,
             outcome = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE outcome END
           WHERE webhook_id = $1`,
          [candidate.webhook_id, message, MAX_ATTEMPTS],
        );
      }
    }
  }

  private async processOne(webhookId: string, payload: unknown): Promise<void> {
    const parsed = WebhookEnvelopeSchema.safeParse(payload);
    const change = parsed.success ? changeFromWebhook(parsed.data) : null;
    // Network look-ups happen before the transaction: the dedup key of an incident only its id names, and the
    // escalation level (webhooks do not carry it).
    if (change) await this.options.resolver.enrich(change);
    const outcome = await this.options.db.transaction(async (tx) => {
      const row = (
        await tx.query<{ webhook_id: string }>(
          'SELECT webhook_id FROM pagerduty_webhooks WHERE webhook_id = $1 AND processed_at IS NULL FOR UPDATE SKIP LOCKED',
          [webhookId],
        )
      ).rows[0];
      if (!row) return null; // another node has it, or has done it
      const result = change
        ? await applyIncidentChange(tx, change)
        : {
            outcome: parsed.success ? `ignored ${parsed.data.event.event_type}` : 'invalid payload',
            lastSeq: null,
            reported: false,
          };
      await tx.query('UPDATE pagerduty_webhooks SET processed_at = now(), outcome = $2 WHERE webhook_id = $1', [
        webhookId,
        result.outcome,
      ]);
      return result;
    });
    if (outcome?.lastSeq != null) this.options.onCommitted(outcome.lastSeq);
  }
}
