/**
 * `coss admin harvest set|user` on a PGlite data directory, as an admin runs it: the project and task a customer's
 * time goes to and the Harvest user a staff member logs as are stored; bad input names the flag; a customer user
 * cannot be given a Harvest user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.ts';
import { seedStore } from '../support/process.ts';
import { runAdmin } from '../support/admin-cli.ts';

test('coss admin harvest: set a customer’s project and task, a person’s Harvest user, and errors that name the flag', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-harvest-'));
  try {
    await seedStore({ dataDir });
    const set = await runAdmin(
      { dataDir },
      'harvest',
      'set',
      'acme',
      '--project',
      '14300001',
      '--task',
      '8000001',
      '--json',
    );
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), { slug: 'acme', projectId: 14300001, taskId: 8000001 });
    const again = await runAdmin({ dataDir }, 'harvest', 'set', 'acme', '--project', '14300002', '--task', '8000001');
    assert.equal(again.stdout, 'acme: time goes to Harvest project 14300002, task 8000001\n');
    const user = await runAdmin({ dataDir }, 'harvest', 'user', 'noc', '--harvest-user-id', '3100002');
    assert.equal(user.stdout, 'noc tracks time as Harvest user 3100002\n');

    const bad = await runAdmin({ dataDir }, 'harvest', 'set', 'acme', '--project', 'acme-ms', '--task', '1');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--project: a Harvest id/);
    const missing = await runAdmin({ dataDir }, 'harvest', 'set', 'acme', '--project', '1');
    assert.match(missing.stderr, /--task is required/);
    const nobody = await runAdmin({ dataDir }, 'harvest', 'set', 'nobody', '--project', '1', '--task', '1');
    assert.match(nobody.stderr, /no customer nobody/);
    const customer = await runAdmin({ dataDir }, 'harvest', 'user', 'fred', '--harvest-user-id', '5');
    assert.match(customer.stderr, /fred is a customer user/);

    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    try {
      const stored = await db.query<{ project_id: number; task_id: number; harvest_user_id: number }>(
        `SELECT p.project_id, p.task_id, (SELECT harvest_user_id FROM users WHERE name = 'noc') AS harvest_user_id
         FROM harvest_projects p JOIN customers c ON c.id = p.customer_id WHERE c.slug = 'acme'`,
      );
      assert.deepEqual(
        stored.rows.map((row) => [Number(row.project_id), Number(row.task_id), Number(row.harvest_user_id)]),
        [[14300002, 8000001, 3100002]],
      );
    } finally {
      await db.close();
    }
    const removed = await runAdmin({ dataDir }, 'harvest', 'user', 'noc', '--harvest-user-id', '');
    assert.equal(removed.stdout, 'noc no longer tracks time in Harvest\n');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
