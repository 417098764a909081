import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { StreamConnection, resumeSeqFromReason, type StreamState } from '../../../../main/core/stream-connection.ts';
import type { StreamEvent } from '../../../../shared/stream.ts';
import { eventually, raise, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

describe('stream connection against a real COSS', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
  });
  after(() => coss.close());

  test('every event is applied exactly once, in order, across a cut socket and a COSS restart', async () => {
    await raise(coss, { device: 'before.acme.com' });
    const applied: StreamEvent[] = [];
    // A critical that opens also posts its card in the room (a room.message after its alert.created): the devices are
    // read from the alerts' own events.
    const alertsApplied = () => applied.filter((event) => event.kind.startsWith('alert.'));
    const states: StreamState[] = [];
    const stream = new StreamConnection({
      baseUrl: coss.url,
      token: coss.tokens.noc,
      lastSeq: 0,
      backoff: { baseMs: 50, capMs: 200 },
      onEvent: (event) => applied.push(event),
      onState: (state) => states.push(state),
      onResyncNeeded: () => undefined,
    });
    stream.start();
    assert.equal(states[0]?.status, 'connecting');
    await eventually(
      () => stream.current.status === 'live' && alertsApplied().length >= 1,
      15_000,
      'live with the first event',
    );

    stream.cut();
    await raise(coss, { device: 'during-cut-1.acme.com' });
    await raise(coss, { device: 'during-cut-2.acme.com' });
    await eventually(() => alertsApplied().length >= 3, 15_000, 'events raised while cut');
    assert.ok(
      states.some((state) => state.status === 'reconnecting' && state.attempt === 1),
      'showed reconnecting (attempt 1)',
    );

    await coss.stop();
    await eventually(
      () => stream.current.status === 'reconnecting' && stream.current.attempt >= 2,
      15_000,
      'retrying while COSS is down',
    );
    await coss.restart();
    await raise(coss, { device: 'after-restart.acme.com' });
    await eventually(() => alertsApplied().length >= 4, 20_000, 'the event after the restart');
    stream.stop();

    const seqs = applied.map((event) => event.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'in order',
    );
    assert.equal(new Set(seqs).size, seqs.length, 'no seq twice');
    assert.deepEqual(
      alertsApplied().map((event) => (event.data as { device: string }).device),
      ['before.acme.com', 'during-cut-1.acme.com', 'during-cut-2.acme.com', 'after-restart.acme.com'],
    );
    assert.equal(stream.current.lastSeq, seqs.at(-1));
  });

  test('the console shows live → reconnecting (n) → live and its cache follows COSS through the outage', async () => {
    const console = await startConsole(coss.url, coss.tokens.noc);
    await console.waitForState((state) => state.status === 'live');
    await coss.stop();
    await console.waitForState((state) => state.status === 'reconnecting' && state.attempt >= 1);
    await coss.restart();
    const number = await raise(coss, { device: 'while-console-was-away.acme.com', severity: 4 });
    await console.waitForState((state) => state.status === 'live');
    await eventually(
      async () => {
        const alerts = await console.core.handlers['alerts.list']({ customer: 'acme' });
        return alerts.some((alert) => alert.number === number);
      },
      15_000,
      'the new alert in the cache',
    );
    const acme = (await console.core.handlers['customers.list']({})).find((customer) => customer.slug === 'acme');
    assert.ok(
      acme && acme.unacknowledged.error >= 1 && acme.unacknowledged.critical >= 1,
      'unacknowledged counts by severity',
    );
    assert.ok(console.core.connectionState().lastSeq > 0);
    await console.core.stop();
  });

  test('a revoked or wrong token goes offline and says to check Settings instead of retrying forever', async () => {
    const states: StreamState[] = [];
    const stream = new StreamConnection({
      baseUrl: coss.url,
      token: 'coss_u_wrong',
      lastSeq: 0,
      onEvent: () => undefined,
      onState: (state) => states.push(state),
      onResyncNeeded: () => undefined,
    });
    stream.start();
    await eventually(() => stream.current.status === 'offline', 10_000, 'offline');
    assert.match(stream.current.lastError ?? '', /401.*Settings/);
    stream.stop();
  });
});

describe('stream connection against a misbehaving server', () => {
  test('silence longer than the heartbeat timeout is a disconnect; the retry resumes from the last applied seq', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const urls: string[] = [];
    server.on('connection', (socket, request) => {
      urls.push(request.url ?? '');
      socket.send(JSON.stringify({ type: 'hello', head: 3, since: 0, customers: ['acme'] }));
      if (urls.length === 1) {
        for (const seq of [1, 2, 3])
          socket.send(
            JSON.stringify({
              type: 'event',
              seq,
              customer: 'acme',
              kind: 'room.message',
              alertId: null,
              actor: null,
              at: new Date().toISOString(),
              data: {},
            }),
          );
      }
      // …and then nothing: no heartbeat, no ping.
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const stream = new StreamConnection({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 't',
      lastSeq: 0,
      heartbeatTimeoutMs: 300,
      backoff: { baseMs: 20, capMs: 50 },
      onEvent: () => undefined,
      onState: () => undefined,
      onResyncNeeded: () => undefined,
    });
    stream.start();
    await eventually(() => urls.length >= 2, 10_000, 'a second connection');
    assert.match(urls[0] ?? '', /since=0/);
    assert.match(urls[1] ?? '', /since=3/);
    stream.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a 4008 slow-consumer close resumes from the seq in the reason and applies nothing twice', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const urls: string[] = [];
    const event = (seq: number) =>
      JSON.stringify({
        type: 'event',
        seq,
        customer: 'acme',
        kind: 'x',
        alertId: null,
        actor: null,
        at: new Date().toISOString(),
        data: {},
      });
    server.on('connection', (socket, request) => {
      urls.push(request.url ?? '');
      socket.send(JSON.stringify({ type: 'hello', head: 5, since: 0, customers: [] }));
      if (urls.length === 1) {
        for (const seq of [1, 2, 3, 4, 5]) socket.send(event(seq));
        socket.close(4008, 'slow consumer; resume with since=3');
      } else {
        for (const seq of [4, 5, 6]) socket.send(event(seq));
      }
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const applied: number[] = [];
    const stream = new StreamConnection({
      baseUrl: `http://127.0.0.1:${port}`,
      token: 't',
      lastSeq: 0,
      backoff: { baseMs: 20, capMs: 50 },
      onEvent: (e) => applied.push(e.seq),
      onState: () => undefined,
      onResyncNeeded: () => undefined,
    });
    stream.start();
    await eventually(() => applied.includes(6), 10_000, 'seq 6');
    assert.match(urls[1] ?? '', /since=3/);
    assert.deepEqual(applied, [1, 2, 3, 4, 5, 6]);
    stream.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a slow-consumer close reason names the seq to resume from', () => {
    assert.equal(resumeSeqFromReason('slow consumer; resume with since=1234'), 1234);
    assert.equal(resumeSeqFromReason('bye'), null);
  });
});

describe('stream connection to a COSS whose database went back in time', () => {
  test('the console reloads everything from COSS instead of waiting for seqs that now mean nothing', async () => {
    const coss = await startRestartableCoss();
    const console = await startConsole(coss.url, coss.tokens.noc);
    try {
      // While the console reloads, it holds no customers at all for a moment.
      const numbers = async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' }).catch(() => [])).map((alert) => alert.number);
      const old: number[] = [];
      for (const device of ['old-1.acme.com', 'old-2.acme.com', 'old-3.acme.com'])
        old.push(await raise(coss, { device }));
      await eventually(async () => (await numbers()).length === 3, 15_000, 'the old alerts cached');

      // Restored from a backup older than anything this console saw: the log starts again below its last seq.
      await coss.stop();
      await coss.db.query('DELETE FROM events');
      await coss.db.query('DELETE FROM alerts');
      await coss.db.query(`SELECT setval('event_seq', 1, false)`);
      await coss.restart();
      const fresh = await raise(coss, { device: 'after-the-restore.acme.com' });

      await eventually(
        async () => {
          const shown = await numbers();
          return shown.includes(fresh) && !old.some((number) => shown.includes(number));
        },
        20_000,
        'the console showing COSS as it is now',
      );
      await console.waitForState((state) => state.status === 'live');
      const later = await raise(coss, { device: 'later.acme.com' });
      await eventually(async () => (await numbers()).includes(later), 15_000, 'live events after the reload');
    } finally {
      await console.core.stop();
      await coss.close();
    }
  });
});
