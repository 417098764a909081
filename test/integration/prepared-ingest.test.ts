/**
 * Ingest's hot statements are prepared once per connection (server/db/postgres.ts), so they name the columns they
 * return: a prepared `RETURNING *` fails with "cached plan must not change result type" once a newer node's migration
 * adds a column, and ingest on the older nodes would fail until their connections closed.
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
import { ALERT_ROW_COLUMNS } from '../../server/alerts/row.ts';

/** Columns no reader of an alert row needs: derived from others (digests, family) or never shown (created_at). */
const NOT_RETURNED = ['created_at', 'fingerprint_digest', 'clear_key_digest', 'family'];

/** One connection on PostgreSQL, so the second ingest runs the statements the first one prepared. */
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

const alert = (instance: string, endsAt?: Date) =>
  normalizePrometheus(
    { labels: { alertname: 'DiskFull', instance, job: 'node' }, annotations: { summary: 'disk full' }, endsAt },
    endsAt !== undefined,
    'prometheus',
    new Date(),
  );

for (const kind of await databaseKinds()) {
  describe(`prepared ingest statements on ${kind}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    let customer: { id: number; slug: string };
    before(async () => {
      ({ db, dispose } = await openOneConnection(kind));
      const row = (
        await db.query<{ id: number }>(
          `INSERT INTO customers (number, slug, name) VALUES (7, 'acme', 'Acme') RETURNING id`,
        )
      ).rows[0];
      customer = { id: Number(row?.id), slug: 'acme' };
    });
    after(() => dispose());

    test('the columns ingest returns are every column of alerts but the derived ones', async () => {
      const columns = (
        await db.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY column_name`,
        )
      ).rows.map((row) => row.column_name);
      assert.deepEqual(
        [...ALERT_ROW_COLUMNS].sort(),
        columns.filter((column) => !NOT_RETURNED.includes(column)),
        'a column added to alerts is either listed in ALERT_ROW_COLUMNS (and AlertRow) or in NOT_RETURNED here',
      );
    });

    test('raise, repeat and clear still work after a migration adds columns under the prepared statements', async () => {
      const service = new IngestService({
        db,
        rules: new NoteRulesCache(db),
        onCommitted: () => undefined,
        concurrency: 1,
      });
      const [created] = await service.ingest(customer, [alert('db1:9100')]);
      assert.equal(created?.result, 'created');
      const [cleared] = await service.ingest(customer, [alert('db0:9100', new Date(Date.now() - 1000))]);
      assert.equal(cleared?.result, 'no-match');

      // What a newer node's migration does while this node runs.
      await db.query('ALTER TABLE alerts ADD COLUMN added_by_a_newer_node text');
      await db.query('ALTER TABLE maintenance_windows ADD COLUMN added_by_a_newer_node text');

      const [repeat, fresh] = await service.ingest(customer, [alert('db1:9100'), alert('db2:9100')]);
      assert.equal(repeat?.result, 'updated');
      assert.equal(repeat?.number, created?.number);
      assert.equal(fresh?.result, 'created');
      const [resolved] = await service.ingest(customer, [alert('db1:9100', new Date(Date.now() - 1000))]);
      assert.deepEqual(resolved, { fingerprint: created?.fingerprint, number: created?.number, result: 'resolved' });
      await service.drain();
    });
  });
}
