/**
 * Heartbeats through the console core, against a real COSS:
 * - a heartbeat made by staff, or by a monitor's first ping, reaches the renderer as 'heartbeats.changed' for its
 *   customer (from the stream's 'heartbeat.changed'), and 'heartbeats.list' then answers it with its state;
 * - a customer user's console hears of and lists its own customer's heartbeats only;
 * - while COSS is away the list is refused as unavailable, saying why, instead of answered from an old copy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import type { HostEventPayload } from '../../../../shared/host/contract.ts';
import { eventually, startConsole, startRestartableCoss, type RestartableCoss, type TestConsole } from './support.ts';

type Changed = HostEventPayload<'heartbeats.changed'>;

/** A console whose 'heartbeats.changed' events are recorded in order. */
async function listening(coss: RestartableCoss, token: string): Promise<{ console: TestConsole; heard: Changed[] }> {
  const console = await startConsole(coss.url, token);
  const heard: Changed[] = [];
  console.core.on((name, payload) => {
    if (name === 'heartbeats.changed') heard.push(payload as Changed);
  });
  await console.waitForState((state) => state.status === 'live');
  return { console, heard };
}

describe('console core: heartbeats', () => {
  let coss: RestartableCoss;
  let noc: TestConsole;
  let nocHeard: Changed[];

  before(async () => {
    coss = await startRestartableCoss();
    ({ console: noc, heard: nocHeard } = await listening(coss, coss.tokens.noc));
  });
  after(async () => {
    await noc?.core.stop();
    await coss?.close();
  });

  test('a heartbeat staff make is announced for its customer and listed with its state', async () => {
    const made = await coss.request('POST', '/api/v1/customers/acme/heartbeats', coss.tokens.admin, {
      name: 'zenoss-acme',
      interval: '5m',
      grace: '2m',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await eventually(() => nocHeard.some((event) => event.customer === 'acme'), 15_000, 'heartbeats.changed for acme');
    assert.deepEqual(nocHeard, [{ customer: 'acme' }]);

    const listed = await noc.core.handlers['heartbeats.list']({ customer: 'acme' });
    assert.deepEqual(
      listed.map(({ name, state, source, intervalMs, graceMs, lastPingAt }) => ({
        name,
        state,
        source,
        intervalMs,
        graceMs,
        lastPingAt,
      })),
      [
        {
          name: 'zenoss-acme',
          state: 'waiting',
          source: 'ping',
          intervalMs: 300_000,
          graceMs: 120_000,
          lastPingAt: null,
        },
      ],
    );
  });

  test("a monitor's first ping makes its heartbeat, and the console hears of it", async () => {
    const before = nocHeard.length;
    const pinged = await coss.request('POST', '/api/v1/heartbeats/prometheus-globex', coss.keys.globex, {
      interval: '1m',
    });
    assert.equal(pinged.status, 201, JSON.stringify(pinged.body));
    await eventually(() => nocHeard.length > before, 15_000, 'heartbeats.changed for globex');
    assert.deepEqual(nocHeard.slice(before), [{ customer: 'globex' }]);
    const [heartbeat] = await noc.core.handlers['heartbeats.list']({ customer: 'globex' });
    assert.equal(heartbeat?.name, 'prometheus-globex');
    assert.equal(heartbeat?.state, 'up');
    assert.notEqual(heartbeat?.lastPingAt, null);
  });

  test("a customer user's console hears of and lists its own customer's heartbeats only", async () => {
    const { console: fred, heard } = await listening(coss, coss.tokens.fred);
    try {
      // Globex first, then Acme: the stream keeps COSS's order, so once Acme's is heard Globex's would have been.
      await coss.request('POST', '/api/v1/heartbeats/prometheus-globex-2', coss.keys.globex);
      await coss.request('POST', '/api/v1/heartbeats/prometheus-acme', coss.keys.acme);
      await eventually(() => heard.length > 0, 15_000, "fred's heartbeats.changed");
      assert.deepEqual(heard, [{ customer: 'acme' }]);

      const own = await fred.core.handlers['heartbeats.list']({ customer: 'acme' });
      assert.deepEqual(own.map((heartbeat) => heartbeat.name).sort(), ['prometheus-acme', 'zenoss-acme']);
      const other = await dispatchHostRequest(fred.core.handlers, 'heartbeats.list', { customer: 'globex' });
      assert.equal(other.ok, false);
      assert.equal(other.ok ? null : other.error.code, 'not_found');
    } finally {
      await fred.core.stop();
    }
  });

  test('while COSS is away the list is refused as unavailable, saying COSS is needed', async () => {
    await coss.stop();
    try {
      await noc.waitForState((state) => state.status !== 'live');
      const answer = await dispatchHostRequest(noc.core.handlers, 'heartbeats.list', { customer: 'acme' });
      assert.equal(answer.ok, false);
      assert.equal(answer.ok ? null : answer.error.code, 'unavailable');
      assert.match(answer.ok ? '' : answer.error.message, /COSS.*not reachable/);
    } finally {
      await coss.restart();
    }
    await noc.waitForState((state) => state.status === 'live');
    assert.equal((await noc.core.handlers['heartbeats.list']({ customer: 'acme' })).length, 2);
  });
});
