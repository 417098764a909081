/**
 * The family column (migration 011) is shared/noise-family.ts's rule in SQL: the two must agree on every device,
 * including the odd ones (upper case, non-ASCII, dots and colons anywhere), on PGlite and PostgreSQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { databaseKinds, openTestDatabase } from '../support/databases.ts';
import type { Database } from '../../server/db/database.ts';
import { familyOf, type FamilySubject } from '../../shared/noise-family.ts';

const deviceChar = fc.constantFrom(...'aZ09.:-_ İıßÉé٣'.split(''), 'web', '01', '.acme.com', '172.30.0.', '::');
const device = fc.array(deviceChar, { maxLength: 12 }).map((parts) => parts.join(''));
const subject = fc.record({
  source: fc.constantFrom('zenoss', 'generic', 'heartbeat', 'alertmanager', 'prometheus'),
  device,
  component: fc.constantFrom('', 'eth0', 'Disk C:'),
  eventClass: fc.constantFrom('', '/Net/Link', '/Perf/CPU'),
  labels: fc.dictionary(
    fc.constantFrom('alertname', 'job', 'instance'),
    fc.constantFrom('', 'HighLoad', 'node', 'x|y'),
  ),
});

for (const kind of await databaseKinds()) {
  describe(`event families on ${kind}`, () => {
    let db: Database;
    let dispose: () => Promise<void>;
    before(async () => {
      ({ db, dispose } = await openTestDatabase(kind));
      await db.query(`INSERT INTO customers (number, slug, name) VALUES (102, 'acme', 'Acme')`);
    });
    after(() => dispose());

    test('the stored family equals familyOf for any device', async () => {
      const samples: FamilySubject[] = fc.sample(subject, { numRuns: 300, seed: 11 });
      samples.push(
        { source: 'zenoss', device: 'WEB01.Acme.com', component: 'eth0', eventClass: '/Net/Link', labels: {} },
        { source: 'zenoss', device: '172.30.0.14', component: '', eventClass: '/Status/Ping', labels: {} },
        { source: 'alertmanager', device: 'n', component: '', eventClass: '', labels: { alertname: 'A', job: 'j' } },
      );
      const rows = (
        await db.query<{ family: string; ordinal: number }>(
          `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key,
             severity, summary, message, count, first_seen, last_seen, status, labels)
           SELECT c.id, x.source, 'f' || x.ordinal, 'k', x.device, x.component, x.event_class, '', 'warning', '', '', 1,
             now(), now(), 'resolved', x.labels
           FROM customers c, jsonb_to_recordset($1::jsonb) AS x(source text, device text, component text,
             event_class text, labels jsonb, ordinal bigint)
           RETURNING family, substr(fingerprint, 2)::int AS ordinal`,
          [JSON.stringify(samples.map((s, i) => ({ ...s, event_class: s.eventClass, ordinal: i + 1 })))],
        )
      ).rows;
      assert.equal(rows.length, samples.length);
      for (const row of rows) {
        const sample = samples[Number(row.ordinal) - 1];
        assert.ok(sample);
        assert.equal(row.family, familyOf(sample), JSON.stringify(sample));
      }
    });
  });
}
