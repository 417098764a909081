/**
 * One deployment at two endpoints (two COSS nodes on one database, as two regions are): the console moves to the
 * second when the first stops answering, resumes the stream by seq (a line posted during the move arrives once),
 * sends actions to the endpoint in use (an acknowledgement retried with its key lands once), and moves back to the
 * preferred one when its health check answers again, or when asked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer, type CossServer } from '../../../../server/app.ts';
import { jsonRequest, testPagerDutyConfig } from '../../../support/server.ts';
import type { RoomMessage } from '../../../../shared/room.ts';
import { eventually, raise, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

describe('a console on two endpoints of one COSS deployment', () => {
  let coss: RestartableCoss;
  let nodeB: CossServer;
  let urlB = '';

  before(async () => {
    coss = await startRestartableCoss();
    // A second node on the same database: the same event log and idempotency keys, another address.
    nodeB = await createServer({ port: 0, logLevel: 'silent' }, coss.db, testPagerDutyConfig());
    await nodeB.context.customers.reload();
    urlB = await nodeB.listen();
  });
  after(async () => {
    await nodeB.close();
    await coss.close();
  });

  const twoEndpoints = (probeIntervalMs: number) => ({
    resolveTarget: async () => ({
      url: coss.url,
      token: coss.tokens.noc,
      local: false,
      origin: 'command-line' as const,
      alternates: [urlB],
    }),
    endpoints: { failoverAfterAttempts: 2, probeIntervalMs, healthyProbesToReturn: 2 },
  });

  test('fails over within seconds, loses and repeats nothing, and moves back when the preferred one is healthy', async () => {
    const console = await startConsole(coss.url, coss.tokens.noc, twoEndpoints(100));
    const lines: RoomMessage[] = [];
    console.core.on((name, payload) => {
      if (name === 'room.message') lines.push(payload as RoomMessage);
    });
    try {
      const live = await console.waitForState((state) => state.status === 'live');
      assert.equal(live.cossUrl, coss.url);
      assert.deepEqual(live.endpoints, [coss.url, urlB]);
      assert.equal(live.endpointIndex, 0);
      const before = await raise(coss, { device: 'db1.acme.com' });
      await eventually(
        async () => (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((a) => a.number === before),
        10_000,
        'the alert raised on A',
      );

      const stoppedAt = Date.now();
      await coss.stop();
      // Posted to B while the console is still finding out that A is gone.
      const during = await jsonRequest(urlB, 'POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
        device: 'db2.acme.com',
        component: 'mysqld',
        eventClass: '/Status',
        severity: 5,
        summary: 'raised on B during the switch',
      });
      const duringNumber = (during.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      await jsonRequest(urlB, 'POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body: 'said on B meanwhile' });
      const onB = await console.waitForState((state) => state.status === 'live' && state.cossUrl === urlB, 5_000);
      assert.ok(Date.now() - stoppedAt < 5_000, `on B after ${Date.now() - stoppedAt} ms`);
      assert.equal(onB.endpointIndex, 1);
      assert.match(console.core.connectionState().lastError ?? '', /stopped answering.*moved to/);
      assert.deepEqual((await console.core.handlers['settings.get']({})).connectedTo, {
        url: urlB,
        origin: 'command-line',
        endpoints: [coss.url, urlB],
        endpointIndex: 1,
      });
      await eventually(
        () => lines.filter((line) => line.body === 'said on B meanwhile').length > 0,
        5_000,
        'the line said on B',
      );
      const alerts = await console.core.handlers['alerts.list']({ customer: 'acme' });
      assert.equal(alerts.filter((alert) => alert.number === duringNumber).length, 1, 'the alert raised on B, once');
      assert.equal(lines.filter((line) => line.body === 'said on B meanwhile').length, 1, 'the line, once');

      // An acknowledgement goes to B; sent again with the same key (an answer lost), it still lands once.
      const [ack] = await console.core.handlers['alerts.acknowledge']({ numbers: [duringNumber] });
      assert.equal(ack?.status, 'done', ack?.message);
      const acknowledged = console.core.outbox.enqueue('acme', { kind: 'acknowledge', number: duringNumber }, 'retry');
      const again = console.core.outbox.enqueue(
        'acme',
        { kind: 'acknowledge', number: duringNumber },
        'retry with the same key',
        acknowledged.key,
      );
      assert.equal(again.key, acknowledged.key);
      await console.core.drainOutbox();
      await eventually(() => console.core.connectionState().pendingActions === 0, 5_000, 'the retries sent');
      const detail = (await jsonRequest(urlB, 'GET', `/api/v1/alerts/${duringNumber}`, coss.tokens.noc)).body as {
        alert: { status: string };
        history: Array<{ kind: string }>;
      };
      assert.equal(detail.alert.status, 'acknowledged');
      assert.equal(
        detail.history.filter((entry) => entry.kind === 'alert.acknowledged').length,
        1,
        'acknowledged once',
      );

      // A is back: two healthy probes later the console is on it again, still without gaps or repeats.
      await coss.restart();
      await jsonRequest(urlB, 'POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, {
        body: 'said while moving back',
      });
      const back = await console.waitForState((state) => state.status === 'live' && state.cossUrl === coss.url, 10_000);
      assert.equal(back.endpointIndex, 0);
      await jsonRequest(coss.url, 'POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body: 'said on A again' });
      await eventually(
        () => lines.some((line) => line.body === 'said on A again'),
        5_000,
        'the line said on A after the move back',
      );
      assert.equal(lines.filter((line) => line.body === 'said while moving back').length, 1);
      assert.equal(lines.filter((line) => line.body === 'said on A again').length, 1);
      const head = (await coss.db.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM events')).rows[0]?.seq;
      assert.equal(console.core.connectionState().lastSeq, Number(head), 'the cache is at the log head');
    } finally {
      await console.core.stop();
    }
  });

  test('starting with the preferred endpoint down, the first snapshot comes from the next one', async () => {
    const closed = 'http://127.0.0.1:9';
    const console = await startConsole(closed, coss.tokens.noc, {
      resolveTarget: async () => ({
        url: closed,
        token: coss.tokens.noc,
        local: false,
        origin: 'settings' as const,
        alternates: [urlB],
      }),
      endpoints: { failoverAfterAttempts: 2, probeIntervalMs: 600_000 },
    });
    try {
      const live = await console.waitForState((state) => state.status === 'live', 10_000);
      assert.equal(live.cossUrl, urlB);
      assert.equal(live.endpointIndex, 1);
      assert.ok((await console.core.handlers['customers.list']({})).some((customer) => customer.slug === 'acme'));
    } finally {
      await console.core.stop();
    }
  });

  test('moves back when asked, and says why not while the preferred endpoint is down', async () => {
    // Probes too rare to matter: only the request moves it.
    const console = await startConsole(coss.url, coss.tokens.noc, twoEndpoints(600_000));
    try {
      await console.waitForState((state) => state.status === 'live' && state.cossUrl === coss.url);
      const here = await console.core.handlers['connection.usePreferred']({});
      assert.deepEqual(here, { moved: false, message: `Already on the preferred COSS endpoint ${coss.url}.` });
      await coss.stop();
      await console.waitForState((state) => state.status === 'live' && state.cossUrl === urlB, 5_000);
      const refused = await console.core.handlers['connection.usePreferred']({});
      assert.equal(refused.moved, false);
      assert.match(refused.message, new RegExp(`Stayed on ${urlB}: the preferred COSS endpoint .* is not ready`));
      await coss.restart();
      const moved = await console.core.handlers['connection.usePreferred']({});
      assert.deepEqual(moved, {
        moved: true,
        message: `Moved back to the preferred COSS endpoint ${coss.url} from ${urlB}.`,
      });
      await console.waitForState((state) => state.status === 'live' && state.cossUrl === coss.url, 5_000);
    } finally {
      await console.core.stop();
    }
  });
});
