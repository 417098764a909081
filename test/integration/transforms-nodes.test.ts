/**
 * Two COSS nodes on one PostgreSQL database: a transform made, changed or removed through one node is what the
 * other's ingest runs next, well inside the cache's 30-second lifetime, because each node drops its cached transforms
 * when it reads the change's `transform.changed` from the event log (as note rules do).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type CossServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db/open.ts';
import type { Database } from '../../server/db/database.ts';
import { postgresAvailable } from '../support/databases.ts';
import { jsonRequest, startTestServer, testPagerDutyConfig, type TestServer } from '../support/server.ts';
import type { Alert } from '../../shared/alert.ts';
import type { Transform } from '../../shared/transforms.ts';

const reachable = await postgresAvailable();
let keys = 0;

describe('transforms across two nodes', { skip: reachable ? false : 'PostgreSQL is not reachable' }, () => {
  let a: TestServer;
  let bDb: Database;
  let b: CossServer;
  let bUrl: string;
  before(async () => {
    a = await startTestServer('postgres', { maintenanceCheckMs: 0 });
    bDb = await openDatabase({ databaseUrl: a.databaseUrl, dataDir: undefined });
    b = await createServer(
      { port: 0, logLevel: 'silent', shutdownQuietMs: 0, maintenanceCheckMs: 0, heartbeatCheckMs: 0 },
      bDb,
      testPagerDutyConfig(),
    );
    bUrl = await b.listen();
  });
  after(async () => {
    await b.close();
    await bDb.close();
    await a.close();
  });

  /** Sends one event to node B and returns its stored alert. */
  const sendToB = async (device: string): Promise<Alert> => {
    const posted = await jsonRequest(bUrl, 'POST', '/api/v1/alerts/zenoss', a.keys.acme, [
      { evid: `nodes-${keys++}`, device, component: 'eth0', eventClass: '/Status/Ping', severity: 5, summary: 'down' },
    ]);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number;
    const read = await jsonRequest(bUrl, 'GET', `/api/v1/alerts/${number}`, a.tokens.noc);
    return (read.body as { alert: Alert }).alert;
  };
  /** Node B's answer for a new device, once it is `expected` (the hub polls the log every second). */
  const eventually = async (prefix: string, expected: number | null) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const alert = await sendToB(`${prefix}${keys++}.acme.com`);
      if (alert.suppressedBy === expected || Date.now() > deadline) return alert.suppressedBy;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  test("a change on one node is what the other's ingest runs next", async () => {
    // Node B has loaded Acme's transforms (none) and caches them.
    assert.equal((await sendToB('lab0.acme.com')).suppressedBy, null);
    const made = await a.request(
      'POST',
      '/api/v1/customers/acme/transforms',
      a.tokens.noc,
      { name: 'lab', match: { device: 'lab*' }, actions: [{ type: 'suppress' }] },
      { 'idempotency-key': `transforms-nodes-${process.pid}-${keys++}` },
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = (made.body as { transform: Transform }).transform.id;
    const started = Date.now();
    assert.equal(await eventually('lab', id), id);
    assert.ok(Date.now() - started < 5000);

    const disabled = await a.request(
      'PATCH',
      `/api/v1/customers/acme/transforms/${id}`,
      a.tokens.noc,
      { enabled: false },
      { 'idempotency-key': `transforms-nodes-${process.pid}-${keys++}` },
    );
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
    assert.equal(await eventually('lab', null), null);
  });
});
