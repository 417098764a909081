/**
 * The noise report and its trend through the console core, against a real COSS:
 * - `noise.report` answers COSS's families for the period asked (the noisiest first, its figures as COSS counts them),
 *   and `noise.trend` its weeks;
 * - a customer user's console reads its own customer's report; another customer's is refused as COSS refuses it;
 * - while COSS is away both are refused as unavailable, saying why, instead of answered from an old copy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import type { NoiseReport } from '../../../../shared/noise.ts';
import { raise, startConsole, startRestartableCoss, type RestartableCoss, type TestConsole } from './support.ts';

describe('console core: the noise report', () => {
  let coss: RestartableCoss;
  let noc: TestConsole;

  before(async () => {
    coss = await startRestartableCoss();
    // Three flaps of one link on two numbered web servers (one family), one disk alert (another).
    for (const device of ['web01.acme.com', 'web02.acme.com', 'web01.acme.com']) {
      await raise(coss, { device, component: 'eth0', eventClass: '/Net/Link', summary: 'link down', severity: 4 });
      await raise(coss, { device, component: 'eth0', eventClass: '/Net/Link', summary: 'link up', severity: 0 });
    }
    await raise(coss, { device: 'db1.acme.com', component: 'disk', eventClass: '/Perf/FS', summary: 'disk 95%' });
    noc = await startConsole(coss.url, coss.tokens.noc);
    await noc.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await noc?.core.stop();
    await coss?.close();
  });

  test('answers COSS’s families for the period, noisiest first, and the weekly trend', async () => {
    const report = await noc.core.handlers['noise.report']({ customer: 'acme', since: '7d' });
    assert.equal(report.customer, 'acme');
    const link = report.families[0];
    assert.ok(link !== undefined, JSON.stringify(report));
    assert.match(link.label, /Link/);
    assert.deepEqual(
      { alerts: link.alerts, devices: link.devices, clearedUntouched: link.clearedUntouched },
      { alerts: 3, devices: 2, clearedUntouched: 3 },
    );
    assert.equal(report.families.length, 2);
    const direct = await coss.request('GET', '/api/v1/customers/acme/noise?since=7d&top=10', coss.tokens.noc);
    assert.deepEqual(
      report.families.map((family) => [family.family, family.occurrences]),
      (direct.body as NoiseReport).families.map((family) => [family.family, family.occurrences]),
      'the figures COSS counts',
    );
    const top1 = await noc.core.handlers['noise.report']({ customer: 'acme', since: '24h', top: 1 });
    assert.equal(top1.families.length, 1);

    const trend = await noc.core.handlers['noise.trend']({ customer: 'acme' });
    assert.equal(trend.weeks.length, 12);
    // This week: the three link alerts and the disk alert (a clear is no occurrence).
    assert.equal(trend.weeks.at(-1)?.occurrences, 4);
    const weeks = await coss.request('GET', '/api/v1/customers/acme/noise/trend?weeks=12', coss.tokens.noc);
    assert.deepEqual(trend, weeks.body);
  });

  test('a customer user reads its own customer’s report, not another’s', async () => {
    const fred = await startConsole(coss.url, coss.tokens.fred);
    try {
      await fred.waitForState((state) => state.status === 'live');
      const own = await dispatchHostRequest(fred.core.handlers, 'noise.report', { customer: 'acme', since: '7d' });
      assert.equal(own.ok, true, JSON.stringify(own));
      const other = await dispatchHostRequest(fred.core.handlers, 'noise.report', { customer: 'globex', since: '7d' });
      assert.equal(other.ok ? null : other.error.code, 'not_found');
    } finally {
      await fred.core.stop();
    }
  });

  test('while COSS is away, both are refused as unavailable', async () => {
    await coss.stop();
    await noc.waitForState((state) => state.status !== 'live');
    const report = await dispatchHostRequest(noc.core.handlers, 'noise.report', { customer: 'acme', since: '7d' });
    assert.equal(report.ok ? null : report.error.code, 'unavailable');
    assert.match(report.ok ? '' : report.error.message, /needs COSS live/);
    const trend = await dispatchHostRequest(noc.core.handlers, 'noise.trend', { customer: 'acme' });
    assert.equal(trend.ok ? null : trend.error.code, 'unavailable');
    const period = await dispatchHostRequest(noc.core.handlers, 'noise.report', { customer: 'acme', since: '5y' });
    assert.equal(period.ok ? null : period.error.code, 'invalid_arguments');
    await coss.restart();
  });
});
