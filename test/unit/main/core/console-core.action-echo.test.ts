/**
 * After an acknowledgement the console has COSS's answer; the stream then brings the same change again. The
 * renderer is told once: repeating it re-rendered the queue and the side bar in the frames right after a keystroke.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertView, CustomerSummary } from '../../../../shared/host/contract.ts';
import { eventually, raise, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

describe('the stream echo of the console’s own action', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
  });
  after(() => coss.close());

  test('is not sent to the renderer again, while a change made elsewhere still is', async () => {
    const console = await startConsole(coss.url, coss.tokens.noc);
    await console.waitForState((state) => state.status === 'live');
    const seen: Array<{ number: number; status: string }> = [];
    let customerEvents = 0;
    let acmeCriticals = -1;
    console.core.on((name, payload) => {
      if (name === 'alerts.changed')
        for (const alert of (payload as { alerts: AlertView[] }).alerts)
          seen.push({ number: alert.number, status: alert.status });
      if (name === 'customers.changed') {
        customerEvents += 1;
        const acme = (payload as CustomerSummary[]).find((customer) => customer.slug === 'acme');
        acmeCriticals = acme?.unacknowledged.critical ?? -1;
      }
    });
    const mine = await raise(coss, { device: 'db7.acme.com' });
    const theirs = await raise(coss, { device: 'db8.acme.com' });
    // Counted from here: both new alerts told to the renderer (the cache can hold them a tick before it is told).
    await eventually(() => acmeCriticals === 2, 15_000, 'both alerts told to the renderer');
    seen.length = 0;
    customerEvents = 0;
    // The stream is down while the acknowledgement is answered, so its echo comes later, in a replay of its own.
    console.core.cutStream();
    await console.waitForState((state) => state.status !== 'live');
    const lastSeq = console.core.connectionState().lastSeq;
    const [outcome] = await console.core.handlers['alerts.acknowledge']({ numbers: [mine] });
    assert.equal(outcome?.status, 'done');
    await console.waitForState((state) => state.status === 'live' && state.lastSeq > lastSeq);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Someone else acknowledges the other alert, straight at COSS: only the stream tells this console.
    const direct = await coss.request(
      'POST',
      `/api/v1/alerts/${theirs}/acknowledge`,
      coss.tokens.noc,
      {},
      { 'idempotency-key': `other-console-${theirs}` },
    );
    assert.equal(direct.status, 200, JSON.stringify(direct.body));
    await eventually(
      () => seen.some((entry) => entry.number === theirs && entry.status === 'acknowledged'),
      15_000,
      'the other change streamed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    assert.deepEqual(
      seen.filter((entry) => entry.number === mine),
      [{ number: mine, status: 'acknowledged' }],
      'the acknowledgement reached the renderer once, from the answer',
    );
    assert.equal(customerEvents, 2, 'one side-bar update per change of the counts');
    await console.core.stop();
  });
});
