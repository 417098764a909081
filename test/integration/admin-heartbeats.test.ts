/**
 * `coss admin heartbeat add|list|update|remove` on a PGlite data directory, as an admin runs it: what it makes is
 * what REST answers, bad input says which flag, and removing a missed heartbeat resolves its alert.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedStore } from '../support/process.ts';
import { runAdmin } from '../support/admin-cli.ts';
import { openPglite } from '../../server/db/pglite.ts';
import type { Heartbeat } from '../../shared/heartbeat.ts';

test('coss admin heartbeat: add, list, update, remove, and errors that name the flag', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-heartbeat-'));
  try {
    await seedStore({ dataDir });
    const added = await runAdmin(
      { dataDir },
      'heartbeat',
      'add',
      '--customer',
      'acme',
      '--name',
      'zenoss-acme',
      '--interval',
      '5m',
      '--json',
    );
    assert.equal(added.code, 0, added.stderr);
    const made = JSON.parse(added.stdout) as Heartbeat;
    assert.deepEqual(
      [made.name, made.state, made.intervalMs, made.graceMs],
      ['zenoss-acme', 'waiting', 300_000, 120_000],
    );

    const updated = await runAdmin(
      { dataDir },
      'heartbeat',
      'update',
      '--customer',
      'acme',
      '--name',
      'zenoss-acme',
      '--grace',
      '30s',
    );
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /zenoss-acme\twaiting\tevery 5m \+ 30s\tlast ping never/);

    const listed = await runAdmin({ dataDir }, 'heartbeat', 'list', '--customer', 'acme');
    assert.match(listed.stdout, /^zenoss-acme\twaiting/m);
    assert.match(
      (await runAdmin({ dataDir }, 'heartbeat', 'list', '--customer', 'globex')).stdout,
      /no heartbeats for globex/,
    );

    const bad: Array<[string[], RegExp]> = [
      [['add', '--customer', 'acme', '--name', 'x', '--interval', 'often'], /--interval: expected a duration/],
      [['add', '--customer', 'acme', '--name', 'Bad Name', '--interval', '5m'], /--name: lowercase letters/],
      [['add', '--customer', 'acme', '--name', 'zenoss-acme', '--interval', '5m'], /already exists/],
      [['update', '--customer', 'acme', '--name', 'zenoss-acme'], /give interval, grace or both/],
      [['remove', '--customer', 'acme', '--name', 'nope'], /no heartbeat nope/],
      [['list', '--customer', 'nobody'], /no customer nobody/],
    ];
    for (const [args, message] of bad) {
      const result = await runAdmin({ dataDir }, 'heartbeat', ...args);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }

    // Missed (as the monitor marks it, with its alert): removing it resolves the alert.
    const db = await openPglite(dataDir);
    try {
      await db.query(
        `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key,
           severity, summary, message, count, first_seen, last_seen)
         SELECT id, 'heartbeat', 'heartbeat|zenoss-acme', 'heartbeat|zenoss-acme', 'zenoss-acme', 'heartbeat',
           '/Heartbeat', 'zenoss-acme', 'critical', 'Heartbeat zenoss-acme missed', '', 1, now(), now()
         FROM customers WHERE slug = 'acme'`,
      );
      await db.query(`UPDATE heartbeats SET missed_at = now() WHERE name = 'zenoss-acme'`);
    } finally {
      await db.close();
    }
    const removed = await runAdmin({ dataDir }, 'heartbeat', 'remove', '--customer', 'acme', '--name', 'zenoss-acme');
    assert.equal(removed.code, 0, removed.stderr);
    const after = await openPglite(dataDir);
    try {
      const alerts = await after.query<{ status: string }>(`SELECT status FROM alerts WHERE device = 'zenoss-acme'`);
      assert.deepEqual(
        alerts.rows.map((row) => row.status),
        ['resolved'],
      );
      const events = await after.query<{ type: string }>(
        `SELECT type FROM events WHERE type = 'heartbeat.changed' ORDER BY seq`,
      );
      assert.equal(events.rows.length, 3, 'made, changed and removed each tell the stream');
    } finally {
      await after.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
