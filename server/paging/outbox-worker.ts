/**
 * Guaranteed delivery to PagerDuty: the worker that executes pagerduty_outbox rows.
 *
 * All state lives in the database, so any number of nodes can run a worker and a node can die at any moment:
 * - Claiming is one short transaction: due rows (`status='pending' AND next_attempt_at <= now()`) are locked with
 *   FOR UPDATE SKIP LOCKED, and a claimed row's next_attempt_at is pushed forward (a lease). A node that dies
 *   holding a claim loses nothing: the lease runs out and some node sends the row again. PagerDuty folds the
 *   resend into the same incident because the body (and its dedup_key) is identical.
 * - Pacing per routing key is shared through pagerduty_pacing: each Events API request, retries included, takes
 *   the next slot (spacing 60 s / eventsPerMinute) under a row lock in the claim transaction, and is sent at its
 *   slot. No node, and no set of nodes, sends to one routing key faster than the configured rate.
 * - A page's rows run in id order: a row waits while an earlier row of its page is still pending (e.g. the
 *   priority update waits for the trigger).
 * - The result is recorded in one transaction with what it means for the page, the room's bot line and the
 *   stream events; a claimed row is only touched while still pending, so a late duplicate changes nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { SELECT_PAGES, toPage } from './pages.ts';
import { insertRoomMessage } from '../rooms/messages.ts';
import { pageFailedLine, pageSentLine } from '../rooms/bot-lines.ts';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../delivery/backoff.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { EventsClient } from '../integrations/pagerduty/events-client.ts';
import { OutboxOperationSchema, type OutboxOperation } from './outbox-operations.ts';
import { final, hint, retry, type FetchLike, type Outcome } from '../integrations/call-outcome.ts';
import { RestClient, type IncidentRef } from '../integrations/pagerduty/rest-client.ts';

/** The bot's name in rooms, as the dispatcher signs its answers. */
const BOT_AUTHOR = 'COSS';

export interface OutboxWorkerOptions {
  db: Database;
  /** woken with the last seq after a commit that appended events */
  hub: { wake(seq?: number): void };
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  config: PagerDutyConfig;
  /** how often to look for due rows when nobody calls wake(); default 250 ms */
  pollIntervalMs?: number;
  /** rows claimed and not yet recorded on this node (waiting for their pacing slot or in flight); default 16 */
  maxInFlight?: number;
  /** how far ahead a pacing slot may be claimed (the row is then sent at its slot); default 1000 ms */
  lookaheadMs?: number;
  /** give up (delivery failed) after this many attempts; default 20 */
  maxAttempts?: number;
  /** or when the row is older than this; default 24 h */
  maxAgeMs?: number;
  backoff?: BackoffPolicy;
  fetch?: FetchLike;
}

interface ClaimedRow {
  id: number;
  pageId: number | null;
  customerId: number;
  operation: string;
  routingKey: string | null;
  payload: unknown;
  actor: string;
  actorEmail: string | null;
  /** attempts before this one */
  attempts: number;
  ageMs: number;
  /** local time (Date.now()) at which to send: the pacing slot */
  sendAt: number;
}

interface PageRowForWorker {
  id: number;
  customer_id: number;
  alert_id: number | null;
  slug: string;
  dedup_key: string;
  requested_by: string;
  target_name: string;
  request_message_id: number | null;
  incident_id: string | null;
  incident_number: number | null;
  delivery: string;
  action_error: string | null;
}

type Executed = { outcome: Outcome<unknown>; incident: IncidentRef | null };

export class OutboxWorker {
  private readonly db: Database;
  private readonly log: OutboxWorkerOptions['log'];
  private readonly config: PagerDutyConfig;
  private readonly pollIntervalMs: number;
  private readonly maxInFlight: number;
  private readonly lookaheadMs: number;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly spacingMs: number;
  private readonly events: EventsClient;
  private readonly rest: RestClient | null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private lastClaimErrorAt = 0;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.db = options.db;
    this.log = options.log;
    this.config = options.config;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxInFlight = options.maxInFlight ?? 16;
    this.lookaheadMs = options.lookaheadMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.backoff = options.backoff ?? backoffPolicyFromEnv(process.env);
    this.spacingMs = 60_000 / this.config.eventsPerMinute;
    const timeoutMs = this.config.requestTimeoutMs;
    this.events = new EventsClient({ url: this.config.eventsUrl, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.rest = this.config.apiToken
      ? new RestClient({ apiUrl: this.config.apiUrl, token: this.config.apiToken, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) })
      : null;
  }

  /** Starts polling; rows written before the start (or by other nodes) are picked up by the poll. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Look for due rows now: call after committing outbox rows. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tickLoop();
  }

  /** Stops claiming and waits for the requests in flight (and their results) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Requests claimed and not yet recorded on this node. */
  get busy(): number {
    return this.inFlight.size;
  }

  private async tickLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.tick();
      } while (this.again && !this.stopped);
    } finally {
      this.ticking = null;
    }
  }

  private async tick(): Promise<void> {
    const capacity = this.maxInFlight - this.inFlight.size;
    if (capacity <= 0 || this.stopped) return;
    let claimed: ClaimedRow[];
    try {
      claimed = await this.claim(capacity);
    } catch (error) {
      // The database is unreachable or busy: the next tick tries again. Say so now and then, not every 250 ms.
      if (Date.now() - this.lastClaimErrorAt > 10_000) {
        this.lastClaimErrorAt = Date.now();
        this.log.warn({ err: error }, 'pagerduty outbox: claiming due rows failed; will retry');
      }
      return;
    }
    for (const row of claimed) this.launch(row);
  }

  private launch(row: ClaimedRow): void {
    const task = (async () => {
      const wait = row.sendAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.process(row);
    })()
      .catch((error: unknown) => {
        // Recording failed (database down): the lease runs out and the row is sent again; PagerDuty dedups it.
        this.log.error({ err: error, outbox: row.id }, 'pagerduty outbox: recording a result failed; the row will be retried');
      })
      .finally(() => {
        this.inFlight.delete(task);
        if (!this.stopped) this.wake();
      });
    this.inFlight.add(task);
  }

  /**
   * One short transaction: pick due rows fairly across routing keys, lock them (SKIP LOCKED), allot pacing slots
   * for Events API rows under the pacing rows' locks, and lease what was claimed.
   */
  private async claim(capacity: number): Promise<ClaimedRow[]> {
    const perKey = Math.max(1, Math.ceil(this.lookaheadMs / this.spacingMs));
    return this.db.transaction(async (tx) => {
      // Candidates: due, first of their page, and (for events) on a key with a slot within the look-ahead.
      // Ranked per routing key so one busy key cannot starve the others. Read without locks (window functions
      // cannot be combined with FOR UPDATE); the lock below re-checks.
      const candidates = await tx.query<{ id: number }>(
        `WITH due AS (
           SELECT o.id,
                  row_number() OVER (
                    PARTITION BY CASE WHEN o.operation = 'events.send' THEN 'e:' || coalesce(o.routing_key, '') ELSE 'r:' || o.id END
                    ORDER BY o.next_attempt_at, o.id) AS rank
           FROM pagerduty_outbox o
           WHERE o.status = 'pending' AND o.next_attempt_at <= now()
             AND (o.page_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM pagerduty_outbox e WHERE e.page_id = o.page_id AND e.status = 'pending' AND e.id < o.id))
             AND (o.operation <> 'events.send' OR NOT EXISTS (
               SELECT 1 FROM pagerduty_pacing p WHERE p.routing_key = o.routing_key
                 AND p.next_allowed_at > now() + $3::float8 * interval '1 millisecond'))
         )
         SELECT id FROM due WHERE rank <= $1 ORDER BY rank, id LIMIT $2`,
        [perKey, capacity, this.lookaheadMs],
      );
      if (candidates.rows.length === 0) return [];
      const locked = await tx.query<{
        id: number;
        page_id: number | null;
        customer_id: number;
        operation: string;
        routing_key: string | null;
        payload: unknown;
        actor: string;
        actor_email: string | null;
        attempts: number;
        age_ms: number;
      }>(
        `SELECT id, page_id, customer_id, operation, routing_key, payload, actor, actor_email, attempts,
                (extract(epoch from (clock_timestamp() - created_at)) * 1000)::float8 AS age_ms
         FROM pagerduty_outbox
         WHERE id = ANY($1::bigint[]) AND status = 'pending' AND next_attempt_at <= now()
         ORDER BY id FOR UPDATE SKIP LOCKED`,
        [candidates.rows.map((row) => Number(row.id))],
      );
      if (locked.rows.length === 0) return [];

      const eventKeys = [
        ...new Set(locked.rows.filter((row) => row.operation === 'events.send' && row.routing_key).map((row) => row.routing_key as string)),
      ];
      const slots = new Map<number, number>(); // outbox id -> delay from `localAt`
      let localAt = Date.now();
      if (eventKeys.length > 0) {
        await tx.query(
          `INSERT INTO pagerduty_pacing (routing_key, next_allowed_at)
           SELECT k, now() FROM unnest($1::text[]) AS k ON CONFLICT (routing_key) DO NOTHING`,
          [eventKeys],
        );
        // Another node holding a key's pacing row is claiming for it right now: skip that key this round.
        const pacing = await tx.query<{ routing_key: string; next_ms: number; now_ms: number }>(
          `SELECT routing_key, (extract(epoch from next_allowed_at) * 1000)::float8 AS next_ms,
                  (extract(epoch from clock_timestamp()) * 1000)::float8 AS now_ms
           FROM pagerduty_pacing WHERE routing_key = ANY($1::text[]) FOR UPDATE SKIP LOCKED`,
          [eventKeys],
        );
        localAt = Date.now();
        const keys: string[] = [];
        const nexts: number[] = [];
        for (const row of pacing.rows) {
          const nowMs = Number(row.now_ms);
          let next = Number(row.next_ms);
          for (const candidate of locked.rows) {
            if (candidate.operation !== 'events.send' || candidate.routing_key !== row.routing_key) continue;
            const slot = Math.max(next, nowMs);
            if (slot > nowMs + this.lookaheadMs) break;
            slots.set(Number(candidate.id), slot - nowMs);
            next = slot + this.spacingMs;
          }
          if (next !== Number(row.next_ms)) {
            keys.push(row.routing_key);
            nexts.push(next);
          }
        }
        if (keys.length > 0) {
          await tx.query(
            `UPDATE pagerduty_pacing p SET next_allowed_at = to_timestamp(x.next_ms / 1000.0)
             FROM unnest($1::text[], $2::float8[]) AS x(k, next_ms) WHERE p.routing_key = x.k`,
            [keys, nexts],
          );
        }
      }

      const timeoutMs = this.config.requestTimeoutMs;
      const claimed: ClaimedRow[] = [];
      for (const row of locked.rows) {
        const id = Number(row.id);
        const isEvent = row.operation === 'events.send';
        const delay = isEvent ? slots.get(id) : 0;
        if (delay === undefined) continue; // no slot this round: stays due, released at commit
        claimed.push({
          id,
          pageId: row.page_id === null ? null : Number(row.page_id),
          customerId: Number(row.customer_id),
          operation: row.operation,
          routingKey: row.routing_key,
          payload: row.payload,
          actor: row.actor,
          actorEmail: row.actor_email,
          attempts: Number(row.attempts),
          ageMs: Number(row.age_ms),
          sendAt: localAt + delay,
        });
      }
      if (claimed.length === 0) return [];
      // The lease: long enough for the slot wait and the request(s) to finish; a REST row may make three calls.
      const leases = claimed.map((row) => (row.sendAt - localAt) + (row.operation === 'events.send' ? 2 : 4) * timeoutMs + 1000);
      await tx.query(
        `UPDATE pagerduty_outbox o SET next_attempt_at = clock_timestamp() + x.lease_ms * interval '1 millisecond'
         FROM unnest($1::bigint[], $2::float8[]) AS x(id, lease_ms) WHERE o.id = x.id`,
        [claimed.map((row) => row.id), leases],
      );
      return claimed;
    });
  }

  private async process(row: ClaimedRow): Promise<void> {
    const parsed = OutboxOperationSchema.safeParse(row.payload);
    let executed: Executed;
    if (!parsed.success) {
      executed = { outcome: final(`the outbox row is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})`), incident: null };
    } else {
      executed = await this.execute(row, parsed.data);
    }
    await this.record(row, parsed.success ? parsed.data : null, executed);
  }

  private async execute(row: ClaimedRow, operation: OutboxOperation): Promise<Executed> {
    if (operation.operation === 'events.send') {
      return { outcome: await this.events.send(operation.body), incident: null };
    }
    if (!this.rest) {
      return {
        outcome: final('COSS has no PagerDuty REST API token (PAGERDUTY_API_TOKEN), so it cannot change incidents'),
        incident: null,
      };
    }
    if (!row.actorEmail) {
      return {
        outcome: final(
          `no PagerDuty email for ${row.actor} in COSS (PagerDuty records who acted by it; an admin sets it with coss admin user update --pagerduty-email)`,
        ),
        incident: null,
      };
    }
    const dedupKey = operation.operation === 'rest.incident.update' ? operation.update.dedupKey : operation.note.dedupKey;
    const page =
      row.pageId === null
        ? undefined
        : (
            await this.db.query<{ incident_id: string | null; incident_number: number | null; service_id: string | null }>(
              `SELECT p.incident_id, p.incident_number, t.service_id
               FROM pages p JOIN paging_targets t ON t.id = p.target_id WHERE p.id = $1`,
              [row.pageId],
            )
          ).rows[0];
    let incident: IncidentRef | null = page?.incident_id
      ? { id: page.incident_id, number: page.incident_number === null ? null : Number(page.incident_number), status: null }
      : null;
    if (!incident) {
      const found = await this.rest.findIncident(dedupKey, page?.service_id ?? null);
      if (found.kind !== 'ok') return { outcome: found, incident: null };
      // The trigger was accepted but PagerDuty may not have opened the incident yet: try again later.
      if (!found.value) return { outcome: retry(`PagerDuty has no incident for ${dedupKey} yet`), incident: null };
      incident = found.value;
    }
    if (operation.operation === 'rest.incident.update') {
      const { status, escalationLevel, escalationPolicyId, priorityName } = operation.update;
      const updated = await this.rest.updateIncident(incident.id, row.actorEmail, {
        status,
        escalationLevel,
        escalationPolicyId,
        priorityName,
      });
      if (updated.kind !== 'ok') return { outcome: updated, incident };
      return { outcome: updated, incident: { ...updated.value, number: updated.value.number ?? incident.number } };
    }
    const noted = await this.rest.addNote(incident.id, row.actorEmail, operation.note.content);
    return { outcome: noted, incident };
  }

  /** Writes the result: the outbox row, the page, the bot line and the stream events, in one transaction. */
  private async record(row: ClaimedRow, operation: OutboxOperation | null, executed: Executed): Promise<void> {
    const { outcome } = executed;
    const isTrigger = operation?.operation === 'events.send' && operation.body.event_action === 'trigger';
    const logFields = {
      outbox: row.id,
      page: row.pageId,
      operation: row.operation,
      routingKey: hint(row.routingKey),
      attempt: row.attempts + 1,
    };

    const seq = await this.db.transaction(async (tx) => {
      const page = row.pageId === null ? null : await this.lockPage(tx, row.pageId);
      let line: string | null = null;
      let pageChanged = false;

      if (outcome.kind === 'ok') {
        const done = await tx.query(
          `UPDATE pagerduty_outbox SET status = 'done', attempts = attempts + 1, done_at = now(), last_error = NULL
           WHERE id = $1 AND status = 'pending' RETURNING attempts`,
          [row.id],
        );
        if (done.rowCount === 0) return null; // finished elsewhere after our lease ran out
        if (page && isTrigger && page.delivery !== 'sent') {
          await tx.query(
            `UPDATE pages SET delivery = 'sent', sent_at = now(), attempts = $2, delivery_error = NULL, updated_at = now()
             WHERE id = $1`,
            [page.id, row.attempts + 1],
          );
          line = pageSentLine(page.requested_by, page.dedup_key, page.target_name);
          pageChanged = true;
        }
        // A change that went through replaces the refusal of an earlier one: the incident is where the operator put it.
        if (page && !isTrigger && page.action_error !== null) {
          await tx.query('UPDATE pages SET action_error = NULL, updated_at = now() WHERE id = $1', [page.id]);
          pageChanged = true;
        }
        const incident = executed.incident;
        if (page && incident && (page.incident_id !== incident.id || (incident.number !== null && page.incident_number !== incident.number))) {
          await tx.query(
            `UPDATE pages SET incident_id = $2, incident_number = coalesce($3, incident_number), updated_at = now() WHERE id = $1`,
            [page.id, incident.id, incident.number],
          );
          pageChanged = true;
        }
        this.log.debug(logFields, 'pagerduty outbox: delivered');
      } else {
        const attempts = row.attempts + 1;
        let failure: string | null = outcome.kind === 'final' ? outcome.reason : null;
        if (outcome.kind === 'retry' && (attempts >= this.maxAttempts || row.ageMs >= this.maxAgeMs)) {
          failure = `gave up after ${attempts} attempts over ${formatDuration(row.ageMs)}; the last: ${outcome.reason}`;
        }
        if (outcome.kind === 'retry' && failure === null) {
          const delayMs = retryDelayMs(attempts, outcome.retryAfterMs, this.backoff);
          const updated = await tx.query(
            `UPDATE pagerduty_outbox SET attempts = attempts + 1, last_error = $2,
               next_attempt_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
             WHERE id = $1 AND status = 'pending'`,
            [row.id, outcome.reason, delayMs],
          );
          if (updated.rowCount === 0) return null;
          if (page && isTrigger && page.delivery === 'queued') {
            await tx.query('UPDATE pages SET attempts = $2, updated_at = now() WHERE id = $1', [page.id, attempts]);
            pageChanged = true;
          }
          // PagerDuty asked this routing key to wait: every row of the key waits, not just this one.
          if (operation?.operation === 'events.send' && outcome.retryAfterMs !== null && row.routingKey) {
            await tx.query(
              `UPDATE pagerduty_pacing SET next_allowed_at = greatest(next_allowed_at, clock_timestamp() + $2::float8 * interval '1 millisecond')
               WHERE routing_key = $1`,
              [row.routingKey, Math.min(outcome.retryAfterMs, 5 * 60_000)],
            );
          }
          this.log.debug({ ...logFields, reason: outcome.reason, delayMs }, 'pagerduty outbox: will retry');
        } else {
          const reason = failure ?? 'failed';
          const failed = await tx.query(
            `UPDATE pagerduty_outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, done_at = now()
             WHERE id = $1 AND status = 'pending'`,
            [row.id, reason],
          );
          if (failed.rowCount === 0) return null;
          if (page && isTrigger) {
            if (page.delivery === 'queued') {
              await tx.query(
                `UPDATE pages SET delivery = 'failed', delivery_error = $2, attempts = $3, updated_at = now() WHERE id = $1`,
                [page.id, reason, attempts],
              );
              line = pageFailedLine(page.requested_by, page.dedup_key, page.target_name, reason);
              pageChanged = true;
            }
            // What was queued behind the trigger (its priority, say) has no incident to act on, ever.
            await tx.query(
              `UPDATE pagerduty_outbox SET status = 'failed', last_error = 'not sent: the page was not delivered', done_at = now()
               WHERE page_id = $1 AND status = 'pending' AND id > $2`,
              [page.id, row.id],
            );
          } else {
            line = operationFailedLine(row.actor, operation, page, reason);
            // The row and the detail show it too: COSS says acknowledged, the incident may still be triggered.
            if (page && operation !== null) {
              await tx.query('UPDATE pages SET action_error = $2, updated_at = now() WHERE id = $1', [
                page.id,
                `${describeOperation(operation)}: ${reason}`,
              ]);
              pageChanged = true;
            }
          }
          this.log.warn({ ...logFields, reason }, 'pagerduty outbox: delivery failed for good');
        }
      }

      const events: NewEvent[] = [];
      if (line !== null) {
        const slug = page?.slug ?? (await customerSlug(tx, row.customerId));
        const message = await insertRoomMessage(tx, {
          customerId: row.customerId,
          customerSlug: slug,
          kind: 'bot',
          author: BOT_AUTHOR,
          body: line,
          replyTo: isTrigger ? (page?.request_message_id ?? null) : null,
        });
        events.push(message.event);
      }
      if (pageChanged && page) {
        const fresh = (await tx.query<Parameters<typeof toPage>[0]>(`${SELECT_PAGES} WHERE p.id = $1`, [page.id])).rows[0];
        if (fresh) {
          events.push({
            customerId: Number(page.customer_id),
            type: 'page.updated',
            alertId: page.alert_id === null ? null : Number(page.alert_id),
            actor: null,
            payload: toPage(fresh),
          });
        }
      }
      const range = await appendEvents(tx, events);
      return range?.last ?? null;
    });
    if (seq !== null) this.options.hub.wake(seq);
  }

  private async lockPage(tx: Sql, pageId: number): Promise<PageRowForWorker | null> {
    const row = (
      await tx.query<PageRowForWorker>(
        `SELECT p.id, p.customer_id, p.alert_id, c.slug, p.dedup_key, p.requested_by, t.name AS target_name,
                p.request_message_id, p.incident_id, p.incident_number, p.delivery, p.action_error
         FROM pages p JOIN paging_targets t ON t.id = p.target_id JOIN customers c ON c.id = p.customer_id
         WHERE p.id = $1 FOR UPDATE OF p`,
        [pageId],
      )
    ).rows[0];
    if (!row) return null;
    return {
      ...row,
      id: Number(row.id),
      incident_number: row.incident_number === null ? null : Number(row.incident_number),
      request_message_id: row.request_message_id === null ? null : Number(row.request_message_id),
    };
  }
}

/** PAGERDUTY_RETRY_BASE_MS / PAGERDUTY_RETRY_CAP_MS override the backoff (tests shorten the cap); defaults 1 s / 60 s. */
export function backoffPolicyFromEnv(env: NodeJS.ProcessEnv): BackoffPolicy {
  const read = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return { baseMs: read('PAGERDUTY_RETRY_BASE_MS', DEFAULT_BACKOFF.baseMs), capMs: read('PAGERDUTY_RETRY_CAP_MS', DEFAULT_BACKOFF.capMs) };
}

async function customerSlug(tx: Sql, customerId: number): Promise<string> {
  const row = (await tx.query<{ slug: string }>('SELECT slug FROM customers WHERE id = $1', [customerId])).rows[0];
  return row?.slug ?? String(customerId);
}

/** The bot's report of a change PagerDuty did not take (acknowledge, resolve, escalate, reassign, priority, note). */
export function operationFailedLine(
  actor: string,
  operation: OutboxOperation | null,
  page: { dedup_key: string; target_name: string } | null,
  reason: string,
): string {
  const what = describeOperation(operation);
  const about = page ? ` for ${page.dedup_key} (${page.target_name})` : '';
  return `${actor}, PagerDuty did not take the ${what}${about}: ${reason}`;
}

function describeOperation(operation: OutboxOperation | null): string {
  if (!operation) return 'request';
  switch (operation.operation) {
    case 'events.send':
      return operation.body.event_action;
    case 'rest.incident.note':
      return 'note';
    case 'rest.incident.update': {
      const u = operation.update;
      const parts: string[] = [];
      if (u.status === 'acknowledged') parts.push('acknowledge');
      if (u.status === 'resolved') parts.push('resolve');
      if (u.escalationLevel !== undefined) parts.push(`escalation to level ${u.escalationLevel}`);
      if (u.escalationPolicyId !== undefined) parts.push('reassignment');
      if (u.priorityName !== undefined) parts.push(`priority ${u.priorityName}`);
      return parts.length > 0 ? parts.join(' and ') : 'update';
    }
  }
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
