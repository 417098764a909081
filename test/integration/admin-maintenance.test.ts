/**
 * `coss admin maintenance add|list|end` and `coss admin customer update --page-test-devices`, run as an admin runs
 * them, on PGlite (a data directory) and PostgreSQL: a window made or ended from the command line is the change REST
 * makes (listed over REST, the same room line and stream events, pages held), bad input names the flag to fix, and
 * the customer's setting decides whether a Zenoss Test device's alert is paged.
 *
 * PGlite allows one process per data directory, so the node runs between the commands, not beside them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../server/app.ts';
import {
  runMaintenanceAdmin,
  updateCustomerPaging,
  type MaintenanceFlags,
} from '../../server/cli/admin-maintenance.ts';
import type { Database } from '../../server/db/database.ts';
import { DomainError } from '../../server/domain-error.ts';
import { openDatabase } from '../../server/db/open.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { MaintenanceWindow } from '../../shared/maintenance.ts';
import { createPostgresDatabase, databaseKinds, type DatabaseKind } from '../support/databases.ts';
import { seedStore, type StoreLocation } from '../support/process.ts';
import { jsonRequest, testPagerDutyConfig, type TestResponse } from '../support/server.ts';
import { runAdmin } from '../support/admin-cli.ts';

/** Idempotency keys unique across the nodes a test starts on one store. */
let keys = 0;
const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 600)}`;

const where = (store: StoreLocation) =>
  'dataDir' in store
    ? { databaseUrl: undefined, dataDir: store.dataDir }
    : { databaseUrl: store.databaseUrl, dataDir: undefined };

/** What `coss admin <args>` refuses with, run in-process on `db` (its flags as parseArgs gives them). */
async function refusal(db: Database, args: readonly string[]): Promise<string> {
  const [noun, verb, ...rest] = args;
  const flags: MaintenanceFlags = {};
  for (let i = 0; i < rest.length; i += 2) {
    flags[(rest[i] ?? '').replace(/^--/, '') as keyof MaintenanceFlags] = rest[i + 1] ?? '';
  }
  try {
    if (noun === 'customer') await updateCustomerPaging(db, flags, () => undefined);
    else await runMaintenanceAdmin(db, verb, flags, () => undefined);
    return '(done, not refused)';
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

interface Node {
  db: Database;
  /** as NOC (display name NOC), or with `secret` (an ingest key) */
  request: (method: string, path: string, body?: unknown, secret?: string) => Promise<TestResponse>;
}

/** A node on the store while `work` runs, then closed, so the next command may open the store. */
async function withNode<T>(store: StoreLocation, token: string, work: (node: Node) => Promise<T>): Promise<T> {
  const db = await openDatabase(where(store));
  try {
    const server = await createServer(
      { port: 0, logLevel: 'silent', shutdownQuietMs: 0, maintenanceCheckMs: 0, heartbeatCheckMs: 0 },
      db,
      testPagerDutyConfig(),
    );
    const url = await server.listen();
    try {
      return await work({
        db,
        request: (method, path, body, secret) =>
          jsonRequest(
            url,
            method,
            path,
            secret ?? token,
            body,
            method === 'GET' ? {} : { 'idempotency-key': `admin-maint-${process.pid}-${keys++}` },
          ),
      });
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
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-maintenance-'));
  return { store: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

interface LoggedEvent {
  seq: string;
  type: string;
  actor: string | null;
  payload: Record<string, unknown>;
}

const eventsAfter = async (db: Database, seq: number) =>
  (await db.query<LoggedEvent>('SELECT seq, type, actor, payload FROM events WHERE seq > $1 ORDER BY seq', [seq])).rows;
const lastSeq = async (db: Database) =>
  Number((await db.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM events')).rows[0]?.seq ?? 0);

/** A change's events as kinds: which type, by whom, about which window or which alert's mark. */
const shape = (events: LoggedEvent[]) =>
  events.map((event) =>
    event.type === 'room.message'
      ? `${event.type} ${String(event.payload.kind)} ${String(event.payload.author)}`
      : `${event.type} ${event.actor ?? '-'}`,
  );
const roomBody = (events: LoggedEvent[]) => {
  const body = events.find((event) => event.type === 'room.message')?.payload.body;
  return typeof body === 'string' ? body : '';
};

/** A real Zenoss EventsRouter row, as the Zenoss push sends it. */
const zenossEvent = (device: string, prodState: string) => ({
  evid: `0050568c-${device}`,
  device: { text: device, uid: `/zport/dmd/Devices/Server/Linux/devices/${device}` },
  component: { text: 'eth0', uid: `/zport/dmd/Devices/Server/Linux/devices/${device}/os/interfaces/eth0` },
  eventClass: { text: '/Status/Ping', uid: '/zport/dmd/Events/Status/Ping' },
  eventKey: '',
  severity: 5,
  summary: `${device} is DOWN!`,
  count: 1,
  firstTime: Math.floor(Date.now() / 1000) - 60,
  lastTime: Math.floor(Date.now() / 1000),
  prodState,
  eventState: 'New',
});

for (const kind of await databaseKinds()) {
  test(`coss admin maintenance and --page-test-devices on ${kind}: the changes REST makes, errors that name the flag`, async () => {
    const { store, dispose } = await openStore(kind);
    try {
      const seed = await seedStore(store);
      // Both windows end at the same minute, so their room lines can be compared word for word.
      const endsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 3_600_000).toISOString();
      const rest = await withNode(store, seed.tokens.noc, async (node) => {
        await upsertTarget(node.db, {
          path: 'casc/int/systems',
          name: 'COSS oncall macro – Systems',
          routingKey: 'R'.repeat(32),
          serviceId: 'PSYS001',
        });
        const ingested = await node.request(
          'POST',
          '/api/v1/alerts/zenoss',
          [
            zenossEvent('web1.acme.com', 'Production'),
            zenossEvent('db1.acme.com', 'Production'),
            zenossEvent('pt1.acme.com', 'Test'),
          ],
          seed.keys.acme,
        );
        assert.equal(ingested.status, 200, show(ingested));
        const [web1, db1, pt1] = (ingested.body as { alerts: Array<{ number: number }> }).alerts.map((a) => a.number);
        assert.ok(web1 && db1 && pt1);
        const before = await lastSeq(node.db);
        const made = await node.request('POST', '/api/v1/customers/acme/maintenance', {
          scope: { devices: ['web*.acme.com'] },
          endsAt,
          reason: 'kernel patching',
          ticket: 'CHG-7',
        });
        assert.equal(made.status, 201, show(made));
        const window = (made.body as { window: MaintenanceWindow }).window;
        const events = await eventsAfter(node.db, before);
        const ended = await node.request('DELETE', `/api/v1/customers/acme/maintenance/${window.id}`);
        assert.equal(ended.status, 200, show(ended));
        const endEvents = await eventsAfter(node.db, before + events.length);
        const held = await node.request('POST', '/api/v1/rooms/acme/messages', {
          body: `.oncall [casc/int/systems, ${pt1}]`,
        });
        assert.equal(held.status, 409, show(held));
        assert.equal((held.body as { error: { code: string } }).error.code, 'unpaged_prod_state');
        return { window, events, endEvents, db1, pt1, seq: await lastSeq(node.db) };
      });
      assert.deepEqual(shape(rest.events), ['alert.updated -', 'maintenance.updated NOC', 'room.message bot COSS']);

      // The same window from the command line, for db*: its answer is the window REST would answer.
      const added = await runAdmin(
        store,
        'maintenance',
        'add',
        '--customer',
        'acme',
        '--devices',
        'db*.acme.com',
        '--ends-at',
        endsAt,
        '--reason',
        'kernel patching',
        '--ticket',
        'CHG-7',
        '--by',
        'NOC',
        '--json',
      );
      assert.equal(added.code, 0, added.stderr);
      const window = JSON.parse(added.stdout) as MaintenanceWindow;
      assert.deepEqual(
        [window.state, window.scope, window.createdBy, window.ticket, window.activeUntil],
        ['active', { devices: ['db*.acme.com'] }, 'NOC', 'CHG-7', endsAt],
      );
      const listed = await runAdmin(store, 'maintenance', 'list', '--customer', 'acme');
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(
        listed.stdout,
        new RegExp(`^#${window.id}\tactive\t.*\tdevices db\\*\\.acme\\.com\tkernel patching$`, 'm'),
      );
      assert.match(listed.stdout, new RegExp(`^#${rest.window.id}\tended\t`, 'm'));

      const seqBeforeEnd = await withNode(store, seed.tokens.noc, async (node) => {
        const windows = (await node.request('GET', '/api/v1/customers/acme/maintenance')).body as {
          windows: MaintenanceWindow[];
        };
        assert.deepEqual(
          windows.windows.find((w) => w.id === window.id),
          window,
        );
        const events = await eventsAfter(node.db, rest.seq);
        assert.deepEqual(shape(events), shape(rest.events), 'the mark, the window and the room line, as REST');
        assert.deepEqual(events.find((e) => e.type === 'maintenance.updated')?.payload, window);
        assert.equal(
          (events.find((e) => e.type === 'alert.updated')?.payload.maintenance as { windowId?: number } | null)
            ?.windowId,
          window.id,
        );
        assert.equal(
          roomBody(events),
          roomBody(rest.events).replace(`#${rest.window.id}`, `#${window.id}`).replace('web*', 'db*'),
        );
        // The window holds pages as one made over REST does.
        const held = await node.request('POST', '/api/v1/rooms/acme/messages', {
          body: `.oncall [casc/int/systems, ${rest.db1}]`,
        });
        assert.equal(held.status, 409, show(held));
        const error = (held.body as { error: { code: string; windows: Array<{ id: number }> } }).error;
        assert.deepEqual([error.code, error.windows.map((w) => w.id)], ['under_maintenance', [window.id]]);
        return lastSeq(node.db);
      });

      const ended = await runAdmin(
        store,
        'maintenance',
        'end',
        '--customer',
        'acme',
        '--id',
        String(window.id),
        '--by',
        'NOC',
      );
      assert.equal(ended.code, 0, ended.stderr);
      assert.equal(ended.stdout, `maintenance window #${window.id} for acme ended\n`);
      const paged = await runAdmin(
        store,
        'customer',
        'update',
        '--slug',
        'acme',
        '--page-test-devices',
        'yes',
        '--json',
      );
      assert.equal(paged.code, 0, paged.stderr);
      assert.deepEqual(JSON.parse(paged.stdout), { slug: 'acme', pageTestDevices: true });

      await withNode(store, seed.tokens.noc, async (node) => {
        const events = (await eventsAfter(node.db, seqBeforeEnd)).slice(0, rest.endEvents.length);
        assert.deepEqual(
          shape(events),
          shape(rest.endEvents),
          'the mark lifted, the window and the room line, as REST',
        );
        assert.equal(roomBody(events), roomBody(rest.endEvents).replace(`#${rest.window.id}`, `#${window.id}`));
        const db1 = await node.request('GET', `/api/v1/alerts/${rest.db1}`);
        assert.equal((db1.body as { alert: { maintenance: unknown } }).alert.maintenance, null);
        const stored = await node.db.query<{ page_test_devices: boolean }>(
          `SELECT page_test_devices FROM customers WHERE slug = 'acme'`,
        );
        assert.equal(stored.rows[0]?.page_test_devices, true);
        const test = await node.request('POST', '/api/v1/rooms/acme/messages', {
          body: `.oncall [casc/int/systems, ${rest.pt1}]`,
        });
        assert.equal(test.status, 201, `Acme now pages its Test devices: ${show(test)}`);
      });

      const unpaged = await runAdmin(store, 'customer', 'update', '--slug', 'acme', '--page-test-devices', 'no');
      assert.equal(unpaged.code, 0, unpaged.stderr);
      assert.match(unpaged.stdout, /Zenoss Test and Decommissioned devices are not paged/);
      await withNode(store, seed.tokens.noc, async (node) => {
        const again = await node.request('POST', '/api/v1/rooms/acme/messages', {
          body: `.oncall [casc/int/systems, ${rest.pt1}]`,
        });
        assert.equal(again.status, 409, show(again));
      });

      const bad: Array<[string[], RegExp]> = [
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', 'soon', '--reason', 'x'],
          /^--duration: "soon" is not a duration/,
        ],
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', '0m', '--reason', 'x'],
          /^--duration: a window of 0 covers nothing/,
        ],
        [['maintenance', 'add', '--customer', 'acme', '--duration', '31d', '--reason', 'x'], /^--duration: .*30 days/],
        [['maintenance', 'add', '--customer', 'acme', '--duration', '2h'], /^--reason is required/],
        [['maintenance', 'add', '--customer', 'acme', '--duration', '2h', '--reason', ' '], /^--reason is required/],
        [
          [
            'maintenance',
            'add',
            '--customer',
            'acme',
            '--duration',
            '2h',
            '--reason',
            'x',
            '--devices',
            'db\u0007.acme.com',
          ],
          /^--devices: a glob cannot contain control characters/,
        ],
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', '2h', '--reason', 'x', '--devices', ''],
          /^--devices: /,
        ],
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', '2h', '--reason', 'x', '--matchers', '{job}'],
          /^--matchers: matcher 1: expected =, !=, =~ or !~/,
        ],
        [
          [
            'maintenance',
            'add',
            '--customer',
            'acme',
            '--duration',
            '2h',
            '--reason',
            'x',
            '--matchers',
            '{instance=~"(db"}',
          ],
          /^--matchers: matcher 1 \(instance\): bad regex/,
        ],
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', '2h', '--reason', 'x', '--classes', 'Status/Ping'],
          /^--classes: "Status\/Ping" is not an organizer path/,
        ],
        [
          ['maintenance', 'add', '--customer', 'acme', '--duration', '2h', '--reason', 'x', '--starts-at', 'tomorrow'],
          /^--starts-at: /,
        ],
        [
          [
            'maintenance',
            'add',
            '--customer',
            'acme',
            '--duration',
            '2h',
            '--reason',
            'x',
            '--starts-at',
            '2020-01-01T00:00:00Z',
          ],
          /^--starts-at: the window would be over already/,
        ],
        [['maintenance', 'add', '--customer', 'acme', '--reason', 'x', '--every', 'Sunday'], /^--every: /],
        [['maintenance', 'add', '--customer', 'nobody', '--duration', '2h', '--reason', 'x'], /^no customer nobody/],
        [['maintenance', 'add', '--duration', '2h', '--reason', 'x'], /^--customer is required/],
        [['maintenance', 'list', '--customer', 'nobody'], /^no customer nobody/],
        [['maintenance', 'end', '--customer', 'acme', '--id', '999999'], /^no maintenance window #999999 for acme/],
        [
          ['maintenance', 'end', '--customer', 'acme', '--id', String(window.id)],
          new RegExp(`^maintenance window #${window.id} has already ended`),
        ],
        [
          ['maintenance', 'end', '--customer', 'globex', '--id', String(window.id)],
          new RegExp(`^no maintenance window #${window.id} for globex`),
        ],
        [['maintenance', 'end', '--customer', 'acme'], /^--id must be a window id/],
        [
          ['customer', 'update', '--slug', 'acme', '--page-test-devices', 'maybe'],
          /^--page-test-devices must be yes or no/,
        ],
        [['customer', 'update', '--page-test-devices', 'yes'], /^--slug is required/],
        [['customer', 'update', '--slug', 'nobody', '--page-test-devices', 'yes'], /^no customer nobody/],
      ];
      // Each through the binary would take seconds; the commands' own code runs in-process, and a few through the
      // binary show the message reaches the operator with a failing exit code.
      const db = await openDatabase(where(store));
      try {
        for (const [args, message] of bad) assert.match(await refusal(db, args), message, args.join(' '));
      } finally {
        await db.close();
      }
      const viaBinary = bad.filter(([args]) => ['soon', '999999', 'maybe'].some((value) => args.includes(value)));
      assert.equal(viaBinary.length, 3);
      for (const [args, message] of viaBinary) {
        const result = await runAdmin(store, ...args);
        assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr.replace(/^coss admin: /, ''), message, args.join(' '));
      }
      // None of them made a window.
      const after = await runAdmin(store, 'maintenance', 'list', '--customer', 'acme', '--json');
      assert.deepEqual(
        (JSON.parse(after.stdout) as MaintenanceWindow[]).map((w) => w.id).sort(),
        [rest.window.id, window.id].sort(),
      );
    } finally {
      await dispose();
    }
  });
}
