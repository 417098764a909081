/**
 * Zendesk as a consumer of the delivery outbox: the worker that creates zendesk_outbox rows' tickets. Before every
 * create COSS asks Zendesk for a ticket with the row's external_id, so a create whose answer was lost (or whose
 * node died mid-request) is found, not made twice. One lookup per ticket is cheap beside a duplicate ticket.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { DeliveryWorker, type DeliveryConsumer } from '../delivery/delivery-worker.ts';
import type { ClaimedDelivery } from '../delivery/outbox-table.ts';
import type { RetryLimits } from '../delivery/settle.ts';
import { final, type FetchLike, type Outcome } from '../integrations/call-outcome.ts';
import type { ZendeskConfig } from '../integrations/zendesk/config.ts';
import { TicketsClient, type CreatedTicket } from '../integrations/zendesk/tickets-client.ts';
import { recordTicketOutcome } from './ticket-outcome.ts';
import { readZendeskDelivery, ZENDESK_OUTBOX, type ZendeskDelivery } from './zendesk-outbox.ts';

export interface ZendeskWorkerOptions {
  db: Database;
  hub: { wake(seq?: number): void };
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  config: ZendeskConfig;
  /** give up after this many attempts; default 20 */
  maxAttempts?: number;
  /** or when the row is older than this; default 24 h */
  maxAgeMs?: number;
  fetch?: FetchLike;
}

/** The worker that delivers the Zendesk outbox; start() it, wake() it after committing rows. */
export function createZendeskWorker(options: ZendeskWorkerOptions): DeliveryWorker {
  const { db, config, log } = options;
  const client =
    config.url && config.token
      ? new TicketsClient({
          url: config.url,
          token: config.token,
          timeoutMs: config.requestTimeoutMs,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        })
      : null;
  const limits: RetryLimits = {
    maxAttempts: options.maxAttempts ?? 20,
    maxAgeMs: options.maxAgeMs ?? 24 * 60 * 60 * 1000,
    backoff: { baseMs: config.retryBaseMs, capMs: config.retryCapMs },
  };
  const consumer: DeliveryConsumer = {
    name: 'zendesk outbox',
    table: ZENDESK_OUTBOX,
    spacingMs: 60_000 / config.ticketsPerMinute,
    // A lookup (the list, and the search when the list cannot filter) and a create, each with its timeout.
    workMs: () => 3 * config.requestTimeoutMs + 1000,
    async deliver(claim: ClaimedDelivery): Promise<void> {
      const delivery = readZendeskDelivery(claim);
      const outcome = await createOnce(client, delivery);
      const seq = await recordTicketOutcome(db, delivery, outcome, { limits, log, zendeskUrl: config.url });
      if (seq !== null) options.hub.wake(seq);
    },
  };
  return new DeliveryWorker(consumer, { db, log });
}

/** The ticket Zendesk has for the row's external_id, else a new one. */
async function createOnce(client: TicketsClient | null, delivery: ZendeskDelivery): Promise<Outcome<CreatedTicket>> {
  if (client === null) return final('tickets are not configured on this COSS (ZENDESK_URL and ZENDESK_TOKEN)');
  if (delivery.body === null) return final('the outbox row is malformed');
  const found = await client.findByExternalId(delivery.body.external_id);
  if (found.kind !== 'ok') return found;
  if (found.value !== null) return { kind: 'ok', value: found.value };
  return client.create(delivery.body);
}
