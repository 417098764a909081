/**
 * The stream hub keeps following the log when the database fails, and says so: a failed read is logged (once per
 * burst, not once per poll) and counted for /readyz, instead of vanishing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { openPglite } from '../../../../server/db/pglite.ts';
import { migrate } from '../../../../server/db/migrate.ts';
import { StreamHub } from '../../../../server/events/hub.ts';

test('a failed read of the event log is logged and counted, and the hub keeps polling', async () => {
  const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as (typeof lines)[number]);
      done();
    },
  });
  const db = await openPglite(undefined);
  await migrate(db);
  const hub = new StreamHub(db, { log: pino({ level: 'info' }, sink), pollIntervalMs: 20 });
  await hub.start();
  assert.equal(hub.health.readErrors, 0);

  await db.close(); // every read from here on fails
  const deadline = Date.now() + 5_000;
  while (hub.health.readErrors < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await hub.stop();

  assert.ok(hub.health.readErrors >= 3, `the polls kept failing and were counted (${hub.health.readErrors})`);
  const warnings = lines.filter((line) => line.msg.includes('reading the event log failed'));
  assert.equal(warnings.length, 1, 'one warning for the burst, not one per poll');
  assert.equal(warnings[0]?.level, 40);
  assert.ok(warnings[0]?.err?.message, 'the warning carries the database error');
});
