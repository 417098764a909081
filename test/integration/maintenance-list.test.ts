/**
 * The maintenance list is capped (500 windows), and the cap must never hide a window that may still be in force: a
 * long window made weeks ago stays listed however many newer ones ended since. On PGlite and PostgreSQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { MaintenanceWindow } from '../../shared/maintenance.ts';

for (const kind of await databaseKinds()) {
  describe(`the maintenance list on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    test('an old window still in force is listed past 500 newer ended ones', async () => {
      const db = coss.server.context.db;
      const acme = coss.customers.acme.id;
      const old = (
        await db.query<{ id: number }>(
          `INSERT INTO maintenance_windows (customer_id, scope, starts_at, ends_at, reason, created_by)
           VALUES ($1, '{"devices": ["db1"]}', now() - interval '40 days', now() + interval '1 day',
                   'datacentre move', 'noc')
           RETURNING id`,
          [acme],
        )
      ).rows[0];
      assert.ok(old);
      await db.query(
        `INSERT INTO maintenance_windows (customer_id, scope, starts_at, ends_at, reason, created_by, ended_at, ended_by)
         SELECT $1, '{"devices": ["web1"]}', now() - interval '2 days' + make_interval(secs => i),
                now() + interval '1 day', 'patching ' || i, 'noc', now() - interval '1 hour', 'noc'
         FROM generate_series(1, 500) AS i`,
        [acme],
      );
      const answer = await coss.request('GET', '/api/v1/customers/acme/maintenance', coss.tokens.noc);
      assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 300));
      const windows = (answer.body as { windows: MaintenanceWindow[] }).windows;
      const listed = windows.find((window) => window.id === Number(old.id));
      assert.ok(listed, `window ${old.id} is in force and must be listed (${windows.length} listed)`);
      assert.equal(listed.state, 'active');
      assert.equal(windows[0]?.id, Number(old.id), 'windows in force come first');
    });
  });
}
