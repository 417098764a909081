/**
 * PagerDuty as the first user of the delivery outbox: the worker that delivers pagerduty_outbox rows. A claimed
 * row is read, its call made (pagerduty-calls.ts), and the outcome recorded with what it means for the page and
 * the room (pagerduty-outcome.ts). A resend after a lost answer folds into the same incident because the body,
 * and its dedup_key, is identical.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import type { BackoffPolicy } from '../../shared/backoff.ts';
import { DEFAULT_BACKOFF } from '../delivery/backoff.ts';
import { DeliveryWorker, type DeliveryConsumer } from '../delivery/delivery-worker.ts';
import type { ClaimedDelivery } from '../delivery/outbox-table.ts';
import type { RetryLimits } from '../delivery/settle.ts';
import { final, type FetchLike } from '../integrations/call-outcome.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { EventsClient } from '../integrations/pagerduty/events-client.ts';
import { RestClient } from '../integrations/pagerduty/rest-client.ts';
import { OutboxOperationSchema } from './outbox-operations.ts';
import { executeOperation, type Executed, type PagerDutyClients } from './pagerduty-calls.ts';
import { recordPagerDutyOutcome } from './pagerduty-outcome.ts';
import { PAGERDUTY_OUTBOX, readPagerDutyDelivery } from './pagerduty-outbox.ts';

export interface PagerDutyWorkerOptions {
  db: Database;
  /** woken with the last seq after a commit that appended events */
  hub: { wake(seq?: number): void };
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  config: PagerDutyConfig;
  /** give up (delivery failed) after this many attempts; default 20 */
  maxAttempts?: number;
  /** or when the row is older than this; default 24 h */
  maxAgeMs?: number;
  backoff?: BackoffPolicy;
  fetch?: FetchLike;
}

/** The worker that delivers the PagerDuty outbox; start() it, wake() it after committing rows. */
export function createPagerDutyWorker(options: PagerDutyWorkerOptions): DeliveryWorker {
  return new DeliveryWorker(pagerDutyConsumer(options), { db: options.db, log: options.log });
}

function pagerDutyConsumer(options: PagerDutyWorkerOptions): DeliveryConsumer {
  const { db, config, log } = options;
  const clients = pagerDutyClients(config, options.fetch);
  const limits: RetryLimits = {
    maxAttempts: options.maxAttempts ?? 20,
    maxAgeMs: options.maxAgeMs ?? 24 * 60 * 60 * 1000,
    backoff: options.backoff ?? backoffPolicyFromEnv(process.env),
  };
  return {
    name: 'pagerduty outbox',
    table: PAGERDUTY_OUTBOX,
    spacingMs: 60_000 / config.eventsPerMinute,
    // An event is one request; a REST row may make three (find the incident, change it), each with its timeout.
    workMs: (claim: ClaimedDelivery) => (claim.paced ? 2 : 4) * config.requestTimeoutMs + 1000,
    async deliver(claim: ClaimedDelivery): Promise<void> {
      const delivery = readPagerDutyDelivery(claim);
      const parsed = OutboxOperationSchema.safeParse(delivery.payload);
      const executed: Executed = parsed.success
        ? await executeOperation(db, clients, delivery, parsed.data)
        : {
            outcome: final(`the outbox row is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})`),
            incident: null,
          };
      const seq = await recordPagerDutyOutcome(db, delivery, parsed.success ? parsed.data : null, executed, {
        limits,
        log,
      });
      if (seq !== null) options.hub.wake(seq);
    },
  };
}

function pagerDutyClients(config: PagerDutyConfig, fetch: FetchLike | undefined): PagerDutyClients {
  const timeoutMs = config.requestTimeoutMs;
  return {
    events: new EventsClient({ url: config.eventsUrl, timeoutMs, ...(fetch ? { fetch } : {}) }),
    rest: config.apiToken
      ? new RestClient({ apiUrl: config.apiUrl, token: config.apiToken, timeoutMs, ...(fetch ? { fetch } : {}) })
      : null,
  };
}

/** PAGERDUTY_RETRY_BASE_MS / PAGERDUTY_RETRY_CAP_MS override the backoff (tests shorten the cap); defaults 1 s / 60 s. */
export function backoffPolicyFromEnv(env: NodeJS.ProcessEnv): BackoffPolicy {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    baseMs: read('PAGERDUTY_RETRY_BASE_MS', DEFAULT_BACKOFF.baseMs),
    capMs: read('PAGERDUTY_RETRY_CAP_MS', DEFAULT_BACKOFF.capMs),
  };
}
