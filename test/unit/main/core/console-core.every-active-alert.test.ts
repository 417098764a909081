/**
 * Every alert that is not resolved is in the console, whatever the count: the snapshot pages through all of a
 * customer's active alerts, the stream never pushes one out, and a reload from the cache still has them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertView } from '../../../../shared/host/contract.ts';
import { eventually, raise, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

/** Posts `count` warnings for Acme through the generic API, 1,000 a request. */
async function flood(coss: RestartableCoss, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 1000) {
    const events = Array.from({ length: Math.min(1000, from + count - start) }, (_, index) => ({
      device: `flood${start + index}.acme.com`,
      severity: 'warning',
      summary: `disk filling ${start + index}`,
    }));
    const answer = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, { events });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  }
}

async function allViews(core: Awaited<ReturnType<typeof startConsole>>['core']): Promise<AlertView[]> {
  return await core.handlers['alerts.list']({ customer: 'acme' });
}

describe('every active alert is in the console', () => {
  let coss: RestartableCoss;
  let critical: number;
  before(async () => {
    coss = await startRestartableCoss();
    // Posted first, so it is the oldest by last-seen: the one a "keep the newest N" bound dropped.
    critical = await raise(coss, { device: 'db1.acme.com', summary: 'database down', severity: 5 });
    await flood(coss, 0, 6000);
  });
  after(() => coss.close());

  test('the snapshot brings all 6,001 active alerts, and the counts are COSS’s', async () => {
    const console_ = await startConsole(coss.url, coss.tokens.noc);
    try {
      await console_.waitForState((state) => state.status === 'live');
      const views = await allViews(console_.core);
      assert.equal(views.length, 6001);
      assert.ok(views.some((view) => view.number === critical && view.severity === 'critical'));
      const acme = console_.core.customerSummaries().find((customer) => customer.slug === 'acme');
      assert.equal(acme?.unacknowledged.critical, 1);
      assert.equal(acme?.unacknowledged.warning, 6000);
    } finally {
      await console_.core.stop();
    }
  });

  test('5,000 more alerts on the live stream push none out, also after a reload from the cache', async () => {
    const first = await startConsole(coss.url, coss.tokens.noc);
    const dataDir = first.dataDir;
    try {
      await first.waitForState((state) => state.status === 'live');
      await flood(coss, 6000, 5000);
      await eventually(
        async () => (await allViews(first.core)).length === 11_001,
        30_000,
        '11,001 alerts in the console',
      );
      assert.ok((await allViews(first.core)).some((view) => view.number === critical));
    } finally {
      await first.core.stop();
    }
    await coss.stop();
    // COSS is away: the reload is the cache alone.
    const reloaded = await startConsole(coss.url, coss.tokens.noc, { dataDir });
    try {
      const views = await allViews(reloaded.core);
      assert.equal(views.length, 11_001);
      assert.ok(views.some((view) => view.number === critical));
    } finally {
      await reloaded.core.stop();
      await coss.restart();
    }
  });
});
