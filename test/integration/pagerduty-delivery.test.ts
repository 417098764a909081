/**
 * Guaranteed delivery to PagerDuty through the outbox worker, against the PagerDuty simulator:
 * - a page is delivered once, with its notes, the bot says so in the room, the priority follows over REST;
 * - a 400 is final: the page fails, the bot says why, nothing is retried;
 * - transient failures are retried with the same body (one incident even when PagerDuty applied a lost answer);
 * - chaos: 500 pages over 5 routing keys with 30% faults, a kill -9 of COSS mid-run and two nodes after the
 *   restart: nothing lost, exactly one incident per dedup key, never more than 120 events per key in 60 s.
 *
 * Long on purpose: the delivery guarantees are one story (deliver once, final refusals, retries, pacing, outages) on
 * one simulator set-up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type CossServer } from '../../server/app.ts';
import type { Database, Sql } from '../../server/db/database.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import type { PagePriority } from '../../shared/commands/catalog.ts';
import { pagerDutyConfigFromEnv, type PagerDutyConfig } from '../../server/integrations/pagerduty/config.ts';
import type { EventsV2Body } from '../../server/integrations/pagerduty/events-v2-schema.ts';
import { createPage, enqueueOperations } from '../../server/paging/pages.ts';
import { upsertTarget, type StoredTarget } from '../../server/paging/targets.ts';
import { findAlert } from '../../server/alerts/queries.ts';
import { toAlert, type AlertRow } from '../../server/alerts/row.ts';
import { readEvents } from '../../server/events/log.ts';
import type { Customer } from '../../shared/customer.ts';
import type { Alert } from '../../shared/alert.ts';
import type { Page } from '../../shared/paging.ts';
import { createPostgresDatabase, databaseKinds, openTestDatabase, postgresAvailable } from '../support/databases.ts';
import { seedDirectory, type Seed } from '../support/seed.ts';
import { jsonRequest } from '../support/server.ts';
import { seedStore, startCossProcess, type CossProcess } from '../support/process.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type EnqueueAttempt,
  type PagerDutySimulator,
  type ServiceConfig,
} from '../simulators/pagerduty/index.ts';

const ROMEL = { displayName: 'NOC', userId: null, email: 'romel.emperado@example.com' };
const UNKNOWN_KEY = 'ffffffffffffffffffffffffffffffff';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function customerOf(db: Sql, slug: string): Promise<Customer> {
  const row = (
    await db.query<{ id: number; number: number; slug: string; name: string; time_zone: string }>(
      'SELECT id, number, slug, name, time_zone FROM customers WHERE slug = $1',
      [slug],
    )
  ).rows[0];
  if (!row) throw new Error(`no customer ${slug}`);
  return { id: Number(row.id), number: Number(row.number), slug: row.slug, name: row.name, timeZone: row.time_zone };
}

async function pageRow(db: Sql, id: number) {
  return (
    await db.query<{
      delivery: Page['delivery'];
      delivery_error: string | null;
      attempts: number;
      sent_at: Date | null;
      incident_id: string | null;
      incident_number: number | null;
      dedup_key: string;
    }>(
      'SELECT delivery, delivery_error, attempts, sent_at, incident_id, incident_number, dedup_key FROM pages WHERE id = $1',
      [id],
    )
  ).rows[0];
}

async function outboxRows(db: Sql, pageId: number) {
  return (
    await db.query<{ id: number; operation: string; status: string; attempts: number; last_error: string | null }>(
      'SELECT id, operation, status, attempts, last_error FROM pagerduty_outbox WHERE page_id = $1 ORDER BY id',
      [pageId],
    )
  ).rows;
}

async function botLines(
  db: Sql,
  customerId: number,
): Promise<Array<{ body: string; author: string; reply_to: number | null }>> {
  return (
    await db.query<{ body: string; author: string; reply_to: number | null }>(
      // The bot's answers, not the alerts' cards it posts when they open.
      "SELECT body, author, reply_to FROM room_messages WHERE customer_id = $1 AND kind = 'bot' AND card_number IS NULL ORDER BY id",
      [customerId],
    )
  ).rows;
}

/** The largest number of `times` inside any 60 s window (a sliding window, as PagerDuty counts). */
function maxInWindow(times: number[], windowMs = 60_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** A pass-through proxy in front of the simulator's Events API that keeps every body it forwards. */
async function recordingProxy(
  target: string,
): Promise<{ url: string; bodies: EventsV2Body[]; close: () => Promise<void> }> {
  const bodies: EventsV2Body[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      bodies.push(JSON.parse(raw) as EventsV2Body);
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw }).then(
        async (response) => {
          res.writeHead(response.status, { 'content-type': 'application/json' });
          res.end(await response.text());
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const kind of await databaseKinds()) {
  describe(`PagerDuty delivery on ${kind}`, () => {
    let pd: PagerDutySimulator;
    let proxy: Awaited<ReturnType<typeof recordingProxy>>;
    let server: CossServer;
    let db: Database;
    let dispose: () => Promise<void>;
    let seed: Seed;
    let url: string;
    let acme: Customer;
    let noc: StoredTarget;
    let bad: StoredTarget;

    before(async () => {
      pd = await startPagerDutySimulator();
      proxy = await recordingProxy(pd.eventsUrl);
      ({ db, dispose } = await openTestDatabase(kind));
      seed = await seedDirectory(db);
      const config: PagerDutyConfig = {
        ...pagerDutyConfigFromEnv({}),
        eventsUrl: proxy.url,
        apiUrl: pd.apiUrl,
        apiToken: DEFAULT_API_TOKEN,
        requestTimeoutMs: 2000,
      };
      server = await createServer({ port: 0, logLevel: 'silent' }, db, config);
      await server.context.customers.reload();
      url = await server.listen();
      acme = await customerOf(db, 'acme');
      noc = await upsertTarget(db, {
        path: 'noc/oncall',
        name: 'NOC On-Call',
        routingKey: DEFAULT_ROUTING_KEY,
        serviceId: 'PSVCNOC',
      });
      bad = await upsertTarget(db, { path: 'noc/retired', name: 'Retired Queue', routingKey: UNKNOWN_KEY });
    });
    after(async () => {
      await server?.close();
      await dispose?.();
      await proxy?.close();
      await pd?.close();
    });

    let device = 0;
    /** Ingests one Zenoss alert for Acme and returns it as stored (with its escalation notes). */
    async function ingest(): Promise<Alert> {
      device += 1;
      const posted = await jsonRequest(url, 'POST', '/api/v1/alerts/zenoss', seed.keys.acme, {
        device: `x${device}.acme.com`,
        component: 'CheckDNSELB',
        eventClass: '/Status/DNS',
        severity: 5,
        summary: `DNS ELB check failed on x${device}`,
        DeviceGroups: ['/Customers/Acme/Web'],
      });
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number as number;
      return (await findAlert(db, number))?.alert as Alert;
    }

    async function page(alert: Alert | null, target: StoredTarget, priority: PagePriority = 'urgent'): Promise<Page> {
      const created = await db.transaction((tx) =>
        createPage(
          tx,
          {
            customer: acme,
            alert,
            target,
            priority,
            message: alert?.summary ?? 'call me',
            requester: ROMEL,
            requestMessageId: null,
          },
          server.context.pagerduty,
        ),
      );
      server.context.pagerdutyWorker.wake();
      return created;
    }

    test('a page is delivered once, with its notes; the bot reports it; the priority follows over REST', async () => {
      const TIER = 'Tier 1: call the Acme NOC at 555-0100 before paging anyone.';
      const DEVICE = 'x*.acme.com sit behind the ELB; check the DNS health check first.';
      const token = seed.tokens.noc;
      const rule = (body: unknown) => jsonRequest(url, 'POST', '/api/v1/customers/acme/note-rules', token, body);
      assert.equal(
        (await rule({ name: 'Acme tier', position: 10, match: { deviceGroup: '/Customers/Acme' }, tierNotes: TIER }))
          .status,
        201,
      );
      assert.equal(
        (await rule({ name: 'x devices', position: 20, match: { deviceGlob: 'x*.acme.com' }, deviceNotes: DEVICE }))
          .status,
        201,
      );

      const alert = await ingest();
      assert.equal(alert.notes.tier, TIER);
      const created = await page(alert, noc, 'emergency');
      const dedupKey = `coss_102-${alert.number}`;
      assert.equal(created.dedupKey, dedupKey);
      assert.equal(created.delivery, 'queued');

      const sent = await waitFor('the page to be sent', async () => {
        const row = await pageRow(db, created.id);
        return row?.delivery === 'sent' ? row : null;
      });
      assert.equal(sent.attempts, 1);
      assert.ok(sent.sent_at);

      // PagerDuty: one incident, with the alert and its notes in custom_details.
      assert.equal(pd.incidentCount(dedupKey), 1);
      const body = proxy.bodies.find((b) => b.dedup_key === dedupKey);
      assert.ok(body, 'the trigger went through the Events API');
      assert.equal(body.routing_key, DEFAULT_ROUTING_KEY);
      assert.equal(body.event_action, 'trigger');
      assert.equal(body.payload?.severity, 'critical');
      assert.equal(body.payload?.custom_details?.tier_notes, TIER);
      assert.equal(body.payload?.custom_details?.device_notes, DEVICE);
      assert.equal(body.payload?.custom_details?.event_number, alert.number);

      // The room: the bot's line, word for word.
      const lines = (await botLines(db, acme.id)).map((line) => line.body);
      assert.deepEqual(lines, [`NOC, I've successfully sent event ${dedupKey} to NOC On-Call via PagerDuty.`]);

      // Emergency maps to P1: set over REST once the incident exists, as Romel (From), and recorded on the page.
      const outbox = await waitFor('the priority update', async () => {
        const rows = await outboxRows(db, created.id);
        return rows.every((row) => row.status === 'done') ? rows : null;
      });
      assert.deepEqual(
        outbox.map((row) => row.operation),
        ['events.send', 'rest.incident.update'],
      );
      const incident = pd.incident(dedupKey);
      assert.equal(incident?.priorityId, 'PPRIO01');
      const put = pd.restRequests().find((r) => r.method === 'PUT' && r.path === `/incidents/${incident?.id}`);
      assert.equal(put?.headers['from'], 'romel.emperado@example.com');
      assert.equal(put?.headers['accept'], 'application/vnd.pagerduty+json;version=2');
      assert.equal(put?.headers['authorization'], `Token token=${DEFAULT_API_TOKEN}`);
      const linked = await pageRow(db, created.id);
      assert.equal(linked?.incident_id, incident?.id);
      assert.equal(linked?.incident_number, incident?.number);

      // Consoles see the delivery state through the stream.
      const updates = (await readEvents(db, 0, 10_000)).filter(
        (e) => e.type === 'page.updated' && (e.payload as Page).id === created.id,
      );
      assert.ok(updates.some((e) => (e.payload as Page).delivery === 'sent'));
      assert.equal((updates.at(-1)?.payload as Page).incidentId, incident?.id);
      assert.ok(
        (await readEvents(db, 0, 10_000)).some(
          (e) => e.type === 'room.message' && (e.payload as { body: string }).body.includes(dedupKey),
        ),
      );

      // A note goes to the same incident.
      await db.transaction((tx) =>
        enqueueOperations(tx, {
          customerId: acme.id,
          pageId: created.id,
          routingKey: DEFAULT_ROUTING_KEY,
          actor: 'NOC',
          actorEmail: ROMEL.email,
          operations: [{ operation: 'rest.incident.note', note: { dedupKey, content: 'Called the DC; on it.' } }],
        }),
      );
      server.context.pagerdutyWorker.wake();
      await waitFor('the note', async () => pd.notes(dedupKey).some((n) => n.content === 'Called the DC; on it.'));
    });

    test('a 400 is final: the page fails, the bot says why, nothing is retried', async () => {
      const alert = await ingest();
      const before = pd.enqueueAttempts().length;
      const created = await page(alert, bad, 'emergency');
      const failed = await waitFor('the page to fail', async () => {
        const row = await pageRow(db, created.id);
        return row?.delivery === 'failed' ? row : null;
      });
      assert.match(failed.delivery_error ?? '', /400.*Invalid routing key/);
      assert.equal(failed.attempts, 1);
      const lines = (await botLines(db, acme.id)).map((line) => line.body);
      assert.equal(
        lines.at(-1),
        `NOC, I could not send event coss_102-${alert.number} to Retired Queue via PagerDuty: ` +
          'PagerDuty answered 400: Event object is invalid: Invalid routing key',
      );
      await sleep(1500);
      const attempts = pd
        .enqueueAttempts()
        .slice(before)
        .filter((a) => a.routingKey === UNKNOWN_KEY);
      assert.equal(attempts.length, 1, 'sent once, never retried');
      // The priority update queued behind the trigger fails with it instead of waiting for an incident forever.
      const rows = await outboxRows(db, created.id);
      assert.deepEqual(
        rows.map((row) => [row.operation, row.status, row.attempts]),
        [
          ['events.send', 'failed', 1],
          ['rest.incident.update', 'failed', 0],
        ],
      );
      assert.equal(pd.restRequests().filter((r) => r.query.includes(`coss_102-${alert.number}`)).length, 0);
    });

    test('transient failures are retried with the same body; a lost answer still makes one incident', async () => {
      // Every request fails AFTER PagerDuty applied it: the incident exists, the client never hears so.
      pd.setFaults({ rate: 1, kinds: ['500', 'reset'], phase: 'after', seed: 3 });
      const alert = await ingest();
      const created = await page(alert, noc);
      const dedupKey = `coss_102-${alert.number}`;
      await waitFor(
        'three attempts',
        async () => ((await pageRow(db, created.id))?.attempts ?? 0) >= 3 || null,
        20_000,
      );
      const queued = await pageRow(db, created.id);
      assert.equal(queued?.delivery, 'queued');
      pd.setFaults(null);
      const sent = await waitFor(
        'the page to be sent',
        async () => {
          const row = await pageRow(db, created.id);
          return row?.delivery === 'sent' ? row : null;
        },
        20_000,
      );
      assert.ok(sent.attempts >= 4);
      assert.equal(pd.incidentCount(dedupKey), 1);
      const sentBodies = proxy.bodies.filter((b) => b.dedup_key === dedupKey);
      assert.equal(sentBodies.length, sent.attempts);
      assert.ok(
        sentBodies.every((b) => JSON.stringify(b) === JSON.stringify(sentBodies[0])),
        'every retry resends the same body',
      );
      const [outbox] = await outboxRows(db, created.id);
      assert.equal(outbox?.status, 'done');
      assert.equal(outbox?.attempts, sent.attempts);
      const lines = (await botLines(db, acme.id)).filter((line) => line.body.includes(dedupKey));
      assert.equal(lines.length, 1);
    });
  });
}

describe('PagerDuty delivery under chaos (real PostgreSQL, coss serve, kill -9)', async () => {
  const available = await postgresAvailable();
  const KEYS = 5;
  const PER_KEY = 100;
  const services: ServiceConfig[] = Array.from({ length: KEYS }, (_, i) => ({
    id: `PSVCCH${i}`,
    name: `Chaos service ${i}`,
    routingKey: `CHAOS${i}`.padEnd(32, String(i)),
    escalationPolicyId: 'PEPNOC1',
  }));

  test(
    '500 pages, 30% faults, kill -9 mid-run, two nodes after: none lost, one incident each, paced',
    { skip: !available, timeout: 240_000 },
    async () => {
      const started = Date.now();
      const pd = await startPagerDutySimulator({
        services,
        faults: {
          rate: 0.3,
          kinds: ['429', '500', '503', 'timeout', 'reset'],
          phase: 'both',
          seed: 2024,
          targets: ['events'],
        },
      });
      const { url: databaseUrl, drop } = await createPostgresDatabase();
      const seed = await seedStore({ databaseUrl });
      const db = await openPostgres(databaseUrl, { max: 4 });
      const nodes: CossProcess[] = [];
      const env = {
        PAGERDUTY_EVENTS_URL: pd.eventsUrl,
        PAGERDUTY_API_URL: pd.apiUrl,
        PAGERDUTY_TIMEOUT_MS: '1500',
        // A row that fails six times in a row would otherwise wait up to a minute between tries: the test's tail.
        PAGERDUTY_RETRY_CAP_MS: '8000',
      };
      const sentCount = async () =>
        Number(
          (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pages WHERE delivery = 'sent'")).rows[0]?.n ??
            0,
        );
      try {
        const first = await startCossProcess({ store: { databaseUrl }, env });
        nodes.push(first);

        // 500 alerts for Acme, then pages to the five services, interleaved.
        for (let batch = 0; batch < (KEYS * PER_KEY) / 100; batch += 1) {
          const body = Array.from({ length: 100 }, (_, i) => ({
            device: `chaos-${batch * 100 + i}.acme.com`,
            summary: `chaos alert ${batch * 100 + i}`,
            severity: 'error',
            component: 'disk',
          }));
          const posted = await jsonRequest(first.url, 'POST', '/api/v1/alerts', seed.keys.acme, body);
          assert.equal(posted.status, 200, JSON.stringify(posted.body).slice(0, 500));
        }
        const alerts = (
          await db.query<AlertRow & { slug: string }>(
            `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id WHERE c.slug = 'acme' ORDER BY a.number`,
          )
        ).rows.map((row) => toAlert(row, row.slug));
        assert.equal(alerts.length, KEYS * PER_KEY);
        const acme = await customerOf(db, 'acme');
        const targets: StoredTarget[] = [];
        for (const [i, service] of services.entries()) {
          targets.push(
            await upsertTarget(db, {
              path: `chaos/k${i}`,
              name: `Chaos ${i}`,
              routingKey: service.routingKey,
              serviceId: service.id,
            }),
          );
        }
        const config = { ...pagerDutyConfigFromEnv({}), eventsUrl: pd.eventsUrl, apiUrl: pd.apiUrl };
        const createPages = async (from: number, to: number) => {
          for (let start = from; start < to; start += 25) {
            await db.transaction(async (tx) => {
              for (let i = start; i < Math.min(to, start + 25); i += 1) {
                const alert = alerts[i] as Alert;
                await createPage(
                  tx,
                  {
                    customer: acme,
                    alert,
                    target: targets[i % KEYS] as StoredTarget,
                    priority: 'urgent',
                    message: alert.summary,
                    requester: ROMEL,
                    requestMessageId: null,
                  },
                  config,
                );
              }
            });
          }
        };

        // Half now; kill -9 once a good part of it is out, with requests in flight.
        await createPages(0, 250);
        await waitFor('75 pages sent before the crash', async () => (await sentCount()) >= 75 || null, 60_000);
        const beforeKill = await sentCount();
        const inFlight = await db.query(
          "SELECT 1 FROM pagerduty_outbox WHERE status = 'pending' AND next_attempt_at > now()",
        );
        await first.kill9();
        nodes.length = 0;
        const killedAt = Date.now();
        // The other half while COSS is down: committed rows wait in the database.
        await createPages(250, 500);
        // Two nodes on the same database from here on: they share the pacing and never take the same row.
        nodes.push(
          ...(await Promise.all([
            startCossProcess({ store: { databaseUrl }, env }),
            startCossProcess({ store: { databaseUrl }, env }),
          ])),
        );
        await waitFor('every page sent', async () => (await sentCount()) === KEYS * PER_KEY || null, 150_000);
        const deliveredAt = Date.now();
        for (const node of nodes.splice(0)) {
          const status = await node.terminate();
          assert.equal(status.code, 0, node.output());
        }

        // Nothing lost, nothing failed, each page's attempts match its outbox row.
        const summary = (
          await db.query<{ delivery: string; n: number }>(
            'SELECT delivery, count(*)::int AS n FROM pages GROUP BY delivery',
          )
        ).rows;
        assert.deepEqual(summary, [{ delivery: 'sent', n: 500 }]);
        const outbox = (
          await db.query<{ status: string; n: number }>(
            'SELECT status, count(*)::int AS n FROM pagerduty_outbox GROUP BY status',
          )
        ).rows;
        assert.deepEqual(outbox, [{ status: 'done', n: 500 }]);
        const mismatched = await db.query(
          'SELECT p.id FROM pages p JOIN pagerduty_outbox o ON o.page_id = p.id WHERE p.attempts <> o.attempts',
        );
        assert.equal(mismatched.rowCount, 0, 'page.attempts follows the outbox');

        // Exactly one incident per dedup key, and one bot line per page.
        const dedupKeys = (await db.query<{ dedup_key: string }>('SELECT dedup_key FROM pages')).rows.map(
          (r) => r.dedup_key,
        );
        assert.equal(new Set(dedupKeys).size, 500);
        const counts = dedupKeys.map((key) => pd.incidentCount(key));
        assert.deepEqual([...new Set(counts)], [1], 'one incident per dedup key');
        const lines = (
          await db.query<{ body: string }>(
            "SELECT body FROM room_messages WHERE kind = 'bot' AND body LIKE '%successfully sent event%'",
          )
        ).rows.map((r) => r.body);
        assert.equal(lines.length, 500);
        assert.equal(new Set(lines).size, 500);

        // Pacing: never more than 120 in any 60 s window per routing key — accepted events, and every attempt
        // including throttled, faulted and timed-out ones. The simulator's own limiter never had to say 429.
        const attempts = pd.enqueueAttempts();
        const faults = attempts.filter((a) => a.fault).length;
        const throttledByLimiter = attempts.filter((a: EnqueueAttempt) => a.status === 429 && !a.fault);
        assert.equal(throttledByLimiter.length, 0, 'the rate limiter never had to refuse');
        const report: string[] = [];
        for (const service of services) {
          const accepted = pd.acceptedEvents(service.routingKey).map((e) => e.receivedAt);
          const all = attempts.filter((a) => a.routingKey === service.routingKey).map((a) => a.receivedAt);
          const peakAccepted = maxInWindow(accepted);
          const peakAll = maxInWindow(all);
          report.push(
            `${service.id}: accepted ${accepted.length} (peak ${peakAccepted}/60s), attempts ${all.length} (peak ${peakAll}/60s)`,
          );
          assert.ok(peakAccepted <= 120, `${service.id} accepted ${peakAccepted} events in 60 s`);
          assert.ok(peakAll <= 120, `${service.id} received ${peakAll} requests in 60 s`);
        }
        const timings =
          `chaos: ${attempts.length} requests, ${faults} faults; ${beforeKill} sent before kill -9 ` +
          `(${inFlight.rowCount} rows leased or backing off); all sent ${Math.round((deliveredAt - killedAt) / 1000)} s after the kill, ` +
          `${Math.round((deliveredAt - started) / 1000)} s in all\n  ${report.join('\n  ')}`;
        const buckets = new Map<number, number>();
        const t0 = Math.min(...attempts.map((a) => a.receivedAt));
        for (const a of attempts) {
          const bucket = Math.floor((a.receivedAt - t0) / 10_000);
          buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
        }
        const last = Math.max(...buckets.keys());
        const perBucket = Array.from({ length: last + 1 }, (_, i) => buckets.get(i) ?? 0).join(' ');
        console.log(`${timings}\n  requests per 10 s: ${perBucket}`);
      } finally {
        for (const node of nodes) await node.kill9().catch(() => undefined);
        await db.close();
        await drop();
        await pd.close();
      }
    },
  );
});
