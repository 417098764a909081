/**
 * The REST acknowledge and resolve statements (server/alerts/status-change.ts) are prepared once per connection on
 * PostgreSQL, so they name the alert columns they return: a prepared `a.*` fails with "cached plan must not change
 * result type" once a newer node's migration adds a column to alerts, and every acknowledgement on the older nodes
 * would fail until their connections closed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPostgresDatabase, databaseKinds, type DatabaseKind } from '../support/databases.ts';
import type { Database } from '../../server/db/database.ts';
import { openPglite } from '../../server/db/pglite.ts';
import { openPostgres } from '../../server/db/postgres.ts';
import { migrate } from '../../server/db/migrate.ts';
import { NoteRulesCache } from '../../server/notes/rules-repo.ts';
import { IngestService } from '../../server/ingest/service.ts';
import { normalizePrometheus } from '../../server/ingest/prometheus.ts';
import { changeStatusOnce } from '../../server/alerts/status-change.ts';
import type { UserPrincipal } from '../../server/auth/principal.ts';
import { testPagerDutyConfig } from '../support/server.ts';

/** One connection on PostgreSQL, so later changes run the statements the first ones prepared. */
async function openOneConnection(kind: DatabaseKind): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openPostgres(url, { max: 1 });
  await migrate(db);
  return {
    db,
    async dispose() {
      await db.close();
      await drop();
    },
  };
}

const NOC: UserPrincipal = {
  kind: 'user',
  userId: 1,
  name: 'noc',
  displayName: 'NOC',
  role: 'operator',
  customerId: null,
  pagerdutyEmail: null,
};

for (const kind of await databaseKinds()) {
  describe(`prepared acknowledge and resolve statements on ${kind}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let numbers: number[];
    before(async () => {
      ({ db, dispose } = await openOneConnection(kind));
      const row = (
        await db.query<{ id: number }>(
          `INSERT INTO customers (number, slug, name) VALUES (7, 'acme', 'Acme') RETURNING id`,
        )
      ).rows[0];
      const service = new IngestService({
        db,
        rules: new NoteRulesCache(db),
        onCommitted: () => undefined,
        concurrency: 1,
      });
      const raised = await service.ingest(
        { id: Number(row?.id), slug: 'acme' },
        ['db1:9100', 'db2:9100'].map((instance) =>
          normalizePrometheus(
            { labels: { alertname: 'DiskFull', instance, job: 'node' }, annotations: { summary: 'disk full' } },
            false,
            'prometheus',
            new Date(),
          ),
        ),
      );
      await service.drain();
      numbers = raised.map((outcome) => Number(outcome.number));
    });
    after(() => dispose());

    const change = (number: number, status: 'acknowledged' | 'resolved', key: string) =>
      db.transaction((tx) =>
        changeStatusOnce(
          tx,
          {
            principal: NOC,
            number,
            status,
            note: `${status} in the test`,
            claim: { principal: 'user:1', key, scope: `${status}:${number}` },
            pagerduty: testPagerDutyConfig(),
          },
          (result) => ({ ...result, replayed: false }),
        ),
      );

    test('acknowledge and resolve still work after a migration adds a column under the prepared statements', async () => {
      const [first, second] = numbers as [number, number];
      const acknowledged = await change(first, 'acknowledged', 'k1');
      assert.equal(acknowledged.claimed && acknowledged.answer.alert.status, 'acknowledged');
      const resolved = await change(first, 'resolved', 'k2');
      assert.equal(resolved.claimed && resolved.answer.alert.status, 'resolved');

      // What a newer node's migration does while this node runs.
      await db.query('ALTER TABLE alerts ADD COLUMN added_by_a_newer_node text');

      const again = await change(second, 'acknowledged', 'k3');
      assert.equal(again.claimed && again.answer.alert.acknowledgedBy, 'NOC');
      assert.equal(again.claimed && again.answer.comment?.body, 'acknowledged in the test');
      const closed = await change(second, 'resolved', 'k4');
      assert.equal(closed.claimed && closed.answer.alert.status, 'resolved');
      // A replay of a key changes nothing and is told so.
      assert.deepEqual(await change(second, 'resolved', 'k4'), { claimed: false });
    });
  });
}
