/**
 * One customer's ingest cannot hurt another's, on PGlite and PostgreSQL: identities of any allowed length are
 * stored (indexed as digests), and a request the database refuses fails alone, never the others in its batch.
 */
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { inspect } from 'node:util';
import assert from 'node:assert/strict';
import { createPostgresDatabase, databaseKinds, type DatabaseKind } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Database } from '../../server/db/database.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { NoteRulesCache } from '../../server/notes/rules-repo.ts';
import { IngestService, UnstorableEventsError } from '../../server/ingest/service.ts';
import { notesStage, type IngestStage } from '../../server/ingest/pipeline.ts';
import { RESOLVE_SQL } from '../../server/ingest/store.ts';
import { toHttpError } from '../../server/http/error-handler.ts';
import { normalizeZenoss, ZenossEventSchema } from '../../server/ingest/zenoss.ts';

interface IngestBody {
  accepted: number;
  alerts: Array<{ number: number | null; result: string }>;
}

/**
 * A summary of 8,000 characters that does not compress (as a dump of ids or a base64 blob in a check's output):
 * PostgreSQL compresses long values before indexing them, so a repetitive one would hide the problem.
 */
const longSummary = (tag: string) => `${tag}: `.padEnd(8000, randomBytes(6000).toString('base64'));

async function rawDatabase(kind: DatabaseKind): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    return { db, dispose: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url);
  return {
    db,
    async dispose() {
      await db.close();
      await drop();
    },
  };
}

for (const kind of await databaseKinds()) {
  describe(`ingest isolation on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    test('6 posts with an 8,000-character summary from one customer among 60 concurrent posts from another: all stored', async () => {
      const acmePost = (i: number) =>
        coss.request(
          'POST',
          '/api/v1/alerts',
          coss.keys.acme,
          Array.from({ length: 50 }, (_, j) => ({
            device: `web${i}-${j}.acme.com`,
            severity: 'critical',
            summary: 'HTTP 500 rate above 5%',
          })),
        );
      const globexPost = (i: number) =>
        i % 2 === 0
          ? coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.globex, {
              device: `db${i}.globex.com`,
              severity: 4,
              summary: longSummary(`z${i}`),
            })
          : coss.request('POST', '/api/v1/alerts', coss.keys.globex, {
              device: `db${i}.globex.com`,
              severity: 'error',
              summary: longSummary(`g${i}`),
            });
      const requests: Array<{ who: string; response: ReturnType<typeof acmePost> }> = [];
      for (let i = 0; i < 60; i += 1) {
        requests.push({ who: `acme ${i}`, response: acmePost(i) });
        if (i % 10 === 5) requests.push({ who: `globex ${requests.length}`, response: globexPost(i) });
      }
      const answers = await Promise.all(requests.map(async ({ who, response }) => ({ who, ...(await response) })));
      const failed = answers
        .filter((answer) => answer.status !== 200)
        .map((a) => `${a.who}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
      assert.deepEqual(failed, [], `${failed.length} of ${answers.length} posts failed`);
      for (const answer of answers.filter((a) => a.who.startsWith('acme')))
        assert.equal((answer.body as IngestBody).accepted, 50);

      const db = coss.server.context.db;
      const counts = await db.query<{ customer_id: string; n: string; long: string }>(
        `SELECT customer_id, count(*) AS n, count(*) FILTER (WHERE length(summary) = 8000) AS long FROM alerts GROUP BY customer_id`,
      );
      const byCustomer = new Map(counts.rows.map((row) => [Number(row.customer_id), row]));
      assert.equal(Number(byCustomer.get(coss.customers.acme.id)?.n), 3000);
      assert.equal(Number(byCustomer.get(coss.customers.globex.id)?.long), 6);
    });

    test('an 8,000-character identity still dedups, and a clear resolves it', async () => {
      const event = {
        device: 'long.globex.com',
        component: 'jvm',
        eventClass: '/App/Java',
        severity: 5,
        summary: longSummary('dedup'),
      };
      const post = async (body: unknown) => {
        const response = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.globex, body);
        assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 300));
        return (response.body as IngestBody).alerts[0];
      };
      const first = await post(event);
      assert.equal(first?.result, 'created');
      const repeat = await post(event);
      assert.deepEqual([repeat?.number, repeat?.result], [first?.number, 'updated']);
      const clear = await post({ ...event, severity: 0, summary: 'recovered' });
      assert.deepEqual([clear?.number, clear?.result], [first?.number, 'resolved']);
      const again = await post(event);
      assert.equal(again?.result, 'created');
      assert.notEqual(again?.number, first?.number);
    });

    test('the clear resolves through the digest index', async () => {
      const plan = await coss.server.context.db.transaction(async (tx) => {
        // With the 3,000 alerts posted above. Where scanning every active alert is cheap the planner prefers it;
        // forbidding that (as a large table would) shows whether the digest index serves each clear's lookup.
        await tx.query('ANALYZE alerts');
        for (const method of ['seqscan', 'bitmapscan', 'hashjoin', 'mergejoin'])
          await tx.query(`SET LOCAL enable_${method} = off`);
        const input = [
          { customer_id: coss.customers.acme.id, clear_key: 'x|y|z|', last_seen: new Date().toISOString() },
        ];
        return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${RESOLVE_SQL}`, [JSON.stringify(input)])).rows;
      });
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      assert.ok(text.includes('alerts_active_clear_key_digest'), text);
    });

    test('a request whose values the database refuses fails alone, with a 4xx error, and its batch-mates commit', async () => {
      const db = coss.server.context.db;
      // A stage that lets an unstorable time through stands for any value the database may refuse after validation.
      const poison: IngestStage = {
        name: 'poison',
        apply: (event) => (event.device === 'poison' ? { ...event, lastSeen: new Date(8.64e15) } : event),
      };
      const service = new IngestService({
        db,
        rules: new NoteRulesCache(db),
        onCommitted: () => undefined,
        stages: [notesStage, poison],
        concurrency: 1,
      });
      const customer = { id: coss.customers.acme.id, slug: 'acme' };
      const event = (device: string) =>
        normalizeZenoss(ZenossEventSchema.parse({ device, severity: 3, summary: 'batch-mate' }), new Date());
      const results = await Promise.allSettled(
        ['mate-1', 'mate-2', 'mate-3', 'poison', 'mate-4', 'mate-5'].map((device) =>
          service.ingest(customer, [event(device)]),
        ),
      );
      assert.deepEqual(
        results.map((result) => result.status),
        ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
      );
      const refused = results[3];
      assert.ok(refused?.status === 'rejected' && refused.reason instanceof UnstorableEventsError, inspect(refused));
      const answer = toHttpError(refused.reason);
      assert.deepEqual(
        [answer.statusCode, answer.code, answer.details.field],
        [400, 'invalid_request', '(body)'],
        'the input is at fault, not COSS',
      );
      await service.drain();
    });
  });

  test(`migration 004 gives existing alerts their digests, and ingest finds them (${kind})`, async () => {
    const { db, dispose } = await rawDatabase(kind);
    try {
      await migrate(db, { before: '004' });
      const customer = (
        await db.query<{ id: string }>(
          `INSERT INTO customers (number, slug, name) VALUES (7, 'old', 'Old') RETURNING id`,
        )
      ).rows[0];
      const customerId = Number(customer?.id);
      // An identity with what a careless digest would mangle: backslashes, an octal-looking escape, non-ASCII.
      const parsed = ZenossEventSchema.parse({
        device: 'C:\\srv\\001 é.acme.com',
        component: 'disk \\\\ 𝄞',
        severity: 4,
        summary: 'old',
      });
      const old = normalizeZenoss(parsed, new Date('2026-01-01T00:00:00Z'));
      const inserted = await db.query<{ number: string }>(
        `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key, severity,
           summary, message, count, first_seen, last_seen)
         VALUES ($1, 'zenoss', $2, $3, $4, $5, $6, '', 'error', 'old', '', 1, now(), now()) RETURNING number`,
        [customerId, old.fingerprint, old.clearKey, old.device, old.component, old.eventClass],
      );
      const number = Number(inserted.rows[0]?.number);

      await migrate(db);
      const digests = await db.query<{ f: string; c: string }>(
        `SELECT encode(fingerprint_digest, 'hex') AS f, encode(clear_key_digest, 'hex') AS c FROM alerts WHERE number = $1`,
        [number],
      );
      const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
      assert.deepEqual(digests.rows[0], { f: sha256(old.fingerprint), c: sha256(old.clearKey) });

      const service = new IngestService({ db, rules: new NoteRulesCache(db), onCommitted: () => undefined });
      const target = { id: customerId, slug: 'old' };
      const [repeat] = await service.ingest(target, [normalizeZenoss(parsed, new Date())]);
      assert.deepEqual(repeat, { fingerprint: old.fingerprint, number, result: 'updated' });
      const [clear] = await service.ingest(target, [normalizeZenoss({ ...parsed, severity: 0 }, new Date())]);
      assert.deepEqual(clear, {
        fingerprint: normalizeZenoss({ ...parsed, severity: 0 }, new Date()).fingerprint,
        number,
        result: 'resolved',
      });
      await service.drain();
    } finally {
      await dispose();
    }
  });
}
