import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmbeddedCoss } from '../../../main/core/embedded-coss.ts';
import { runConsole } from '../../../main/web-host/run-console.ts';
import { eventually, tempDir } from './support.ts';

// PGlite's first initialisation dominates: a few seconds on a quiet machine, much more on a busy CI runner.
test('with no COSS configured the console starts the embedded one, marked local, with the sample customer and events', { timeout: 180_000 }, async () => {
  const dataDir = tempDir();
  const running = await runConsole({ dataDir });
  try {
    await eventually(() => running.core.connectionState().status === 'live', 150_000, 'the embedded COSS live');
    const state = running.core.connectionState();
    assert.equal(state.local, true);
    assert.match(state.cossUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    await eventually(async () => (await running.core.handlers['alerts.list']({ customer: 'acme' })).length >= 4, 20_000, 'sample alerts');

    const [customer] = await running.core.handlers['customers.list']({});
    assert.equal(customer?.number, 102);
    assert.equal(customer?.timeZone, 'America/Los_Angeles');
    assert.equal(customer?.unacknowledged.critical, 1);
    const alerts = await running.core.handlers['alerts.list']({ customer: 'acme' });
    const x7 = alerts.find((alert) => alert.device === 'x7.acme.com');
    assert.equal(x7?.number, 32962);
    assert.equal(x7?.severity, 'critical');
    assert.match(x7?.notes.tier ?? '', /casc\/int\/systems/);
    assert.match(x7?.notes.device ?? '', /Route 53/);
    assert.deepEqual((await running.core.handlers['targets.list']({ customer: 'acme' })).map((target) => target.path), ['casc/int/systems']);
    await eventually(async () => (await running.core.handlers['notes.search']({ customer: 'acme', query: 'route 53' })).length > 0, 10_000, 'notes bundle');
    const session = await running.core.handlers['session.get']({});
    assert.equal(session.user?.role, 'operator');
  } finally {
    await running.stop();
  }

  // Second start: no setup, same token, same data.
  const again = await startEmbeddedCoss({ dataDir });
  try {
    const response = await fetch(`${again.url}/api/v1/alerts?customer=acme`, { headers: { authorization: `Bearer ${again.token}` } });
    assert.equal(((await response.json()) as { alerts: unknown[] }).alerts.length, 4, 'samples are not posted twice');
  } finally {
    await again.stop();
  }
});
