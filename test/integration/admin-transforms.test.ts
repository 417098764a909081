/**
 * `coss admin transform …`, run as an admin runs it, on PGlite (a data directory) and PostgreSQL: a transform made
 * from the command line is the one REST makes (versions, the room line, and ingest runs it), preview counts what it
 * would change, and bad input names the flag to fix.
 *
 * PGlite allows one process per data directory, so the node runs between the commands, not beside them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db/open.ts';
import type { Alert } from '../../shared/alert.ts';
import type { Transform, TransformVersion } from '../../shared/transforms.ts';
import type { TransformPreview } from '../../server/transforms/preview.ts';
import { createPostgresDatabase, databaseKinds, type DatabaseKind } from '../support/databases.ts';
import { seedStore, type StoreLocation } from '../support/process.ts';
import { jsonRequest, testPagerDutyConfig, type TestResponse } from '../support/server.ts';
import { runAdmin } from '../support/admin-cli.ts';

const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;

const where = (store: StoreLocation) =>
  'dataDir' in store
    ? { databaseUrl: undefined, dataDir: store.dataDir }
    : { databaseUrl: store.databaseUrl, dataDir: undefined };

/** A node on the store while `work` runs, then closed, so the next command may open the store. */
async function withNode<T>(
  store: StoreLocation,
  work: (
    request: (method: string, path: string, secret: string, body?: unknown) => Promise<TestResponse>,
  ) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(where(store));
  try {
    const server = await createServer(
      { port: 0, logLevel: 'silent', shutdownQuietMs: 0, maintenanceCheckMs: 0, heartbeatCheckMs: 0 },
      db,
      testPagerDutyConfig(),
    );
    const url = await server.listen();
    try {
      return await work((method, path, secret, body) => jsonRequest(url, method, path, secret, body));
    } finally {
      await server.close();
    }
  } finally {
    await db.close();
  }
}

async function openStore(kind: DatabaseKind): Promise<{ store: StoreLocation; dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const { url, drop } = await createPostgresDatabase();
    return { store: { databaseUrl: url }, dispose: drop };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-transforms-'));
  return { store: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

const zenoss = (device: string, severity = 5) => ({
  evid: `evid-${device}-${severity}-${Math.random()}`,
  device: device,
  component: 'eth0',
  eventClass: '/Status/Ping',
  eventKey: '',
  severity,
  summary: `${device} is DOWN!`,
  count: 1,
});

for (const kind of await databaseKinds()) {
  test(`coss admin transform on ${kind}`, async () => {
    const { store, dispose } = await openStore(kind);
    try {
      const seed = await seedStore(store);
      // Two alerts of the last days for preview to count.
      await withNode(store, async (request) => {
        const posted = await request('POST', '/api/v1/alerts/zenoss', seed.keys.acme, [zenoss('lab1'), zenoss('lab2')]);
        assert.equal(posted.status, 200, show(posted));
      });

      const preview = await runAdmin(
        store,
        'transform',
        'preview',
        '--customer',
        'acme',
        '--json',
        '--match',
        '{"device":"lab*"}',
        '--actions',
        '[{"type":"suppress"},{"type":"set-severity","severity":"critical"}]',
      );
      assert.equal(preview.code, 0, preview.stderr);
      const counted = JSON.parse(preview.stdout) as TransformPreview;
      assert.equal(counted.matched.alerts, 2);
      assert.equal(counted.changes.suppress?.alerts, 2);
      assert.equal(counted.changes['set-severity']?.alerts, 0, 'they are critical already');

      const made = await runAdmin(
        store,
        'transform',
        'add',
        '--customer',
        'acme',
        '--json',
        '--name',
        'lab noise',
        '--match',
        '{"device":"lab*"}',
        '--actions',
        '[{"type":"suppress"}]',
        '--why',
        'lab flaps',
        '--by',
        'Romel',
      );
      assert.equal(made.code, 0, made.stderr);
      const transform = JSON.parse(made.stdout) as Transform;
      assert.equal(transform.customer, 'acme');

      const listed = await runAdmin(store, 'transform', 'list', '--customer', 'acme');
      assert.match(
        listed.stdout,
        new RegExp(`^#${transform.id}\\t100\\tenabled\\tv1\\tlab noise\\tsuppress, where device is lab\\*$`, 'm'),
      );

      const badRegex = await runAdmin(
        store,
        'transform',
        'add',
        '--customer',
        'acme',
        '--name',
        'x',
        '--match',
        '{"summary":"(a"}',
        '--actions',
        '[{"type":"suppress"}]',
      );
      assert.equal(badRegex.code, 1);
      assert.match(badRegex.stderr, /--match \(match\.summary\): missing "\)"/);
      const noScope = await runAdmin(store, 'transform', 'list');
      assert.match(noScope.stderr, /--customer SLUG \(or --global\) is required/);
      const notJson = await runAdmin(
        store,
        'transform',
        'add',
        '--customer',
        'acme',
        '--name',
        'x',
        '--match',
        'device=lab*',
        '--actions',
        '[{"type":"suppress"}]',
      );
      assert.match(notJson.stderr, /--match is not JSON/);

      await withNode(store, async (request) => {
        const posted = await request('POST', '/api/v1/alerts/zenoss', seed.keys.acme, [zenoss('lab3')]);
        const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number;
        const stored = await request('GET', `/api/v1/alerts/${number}`, seed.tokens.noc);
        assert.equal((stored.body as { alert: Alert }).alert.suppressedBy, transform.id);
        const room = await request('GET', '/api/v1/rooms/acme/messages', seed.tokens.noc);
        assert.ok(
          JSON.stringify(room.body).includes(
            `Romel made transform #${transform.id} \\"lab noise\\" (suppress, where device is lab*): lab flaps`,
          ),
          show(room),
        );
      });

      assert.equal(
        (
          await runAdmin(
            store,
            'transform',
            'disable',
            '--customer',
            'acme',
            '--id',
            String(transform.id),
            '--why',
            'pause',
          )
        ).code,
        0,
      );
      assert.equal(
        (await runAdmin(store, 'transform', 'enable', '--customer', 'acme', '--id', String(transform.id))).code,
        0,
      );
      const again = await runAdmin(store, 'transform', 'enable', '--customer', 'acme', '--id', String(transform.id));
      assert.match(again.stderr, /already enabled/);
      assert.equal(
        (
          await runAdmin(
            store,
            'transform',
            'remove',
            '--customer',
            'acme',
            '--id',
            String(transform.id),
            '--why',
            'fixed',
          )
        ).code,
        0,
      );
      const wrongCustomer = await runAdmin(
        store,
        'transform',
        'show',
        '--customer',
        'globex',
        '--id',
        String(transform.id),
      );
      assert.match(wrongCustomer.stderr, /no transform #\d+ for globex/);

      const global = await runAdmin(
        store,
        'transform',
        'add',
        '--global',
        '--json',
        '--name',
        'global quiet',
        '--match',
        '{"prodStates":["Test"]}',
        '--actions',
        '[{"type":"suppress"}]',
      );
      assert.equal(global.code, 0, global.stderr);
      const globalId = (JSON.parse(global.stdout) as Transform).id;
      const shown = await runAdmin(store, 'transform', 'show', '--global', '--id', String(globalId), '--json');
      const { versions } = JSON.parse(shown.stdout) as { versions: TransformVersion[] };
      assert.deepEqual(
        versions.map((v) => [v.version, v.kind, v.by]),
        [[1, 'created', 'coss admin']],
      );
      assert.deepEqual((JSON.parse(shown.stdout) as { transform: Transform }).transform.match, { prodStates: [400] });
    } finally {
      await dispose();
    }
  });
}
