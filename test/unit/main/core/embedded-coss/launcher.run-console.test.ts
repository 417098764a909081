import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { startEmbeddedCoss } from '../../../../../main/core/embedded-coss/launcher.ts';
import { embeddedCossPaths } from '../../../../../main/core/embedded-coss/protocol.ts';
import { runConsole } from '../../../../../main/core/run-console.ts';
import { eventually, tempDir } from '../support.ts';

// PGlite's first initialisation dominates: a few seconds on a quiet machine, much more on a busy CI runner.
test(
  'with no COSS configured the console starts the embedded one, marked local, with the sample customer and events',
  { timeout: 180_000 },
  async () => {
    const dataDir = tempDir();
    const running = await runConsole({ dataDir });
    try {
      await eventually(() => running.core.connectionState().status === 'live', 150_000, 'the embedded COSS live');
      const state = running.core.connectionState();
      assert.equal(state.local, true);
      assert.match(state.cossUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      await eventually(
        async () => (await running.core.handlers['alerts.list']({ customer: 'acme' })).length >= 4,
        20_000,
        'sample alerts',
      );

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
      assert.deepEqual(
        (await running.core.handlers['targets.list']({ customer: 'acme' })).map((target) => target.path),
        ['casc/int/systems'],
      );
      await eventually(
        async () => (await running.core.handlers['notes.search']({ customer: 'acme', query: 'route 53' })).length > 0,
        10_000,
        'notes bundle',
      );
      const session = await running.core.handlers['session.get']({});
      assert.equal(session.user?.role, 'operator');
    } finally {
      await running.stop();
    }

    // No secret on disk: what setup did is recorded, the token is not (nor the ingest key the samples used).
    const statePath = embeddedCossPaths(dataDir).statePath;
    assert.deepEqual(JSON.parse(readFileSync(statePath, 'utf8')), { seeded: true });

    // Second start: no setup, same data, a token of its own.
    const again = await startEmbeddedCoss({ dataDir });
    let earlierToken: string;
    try {
      const response = await fetch(`${again.url}/api/v1/alerts?customer=acme`, {
        headers: { authorization: `Bearer ${again.token}` },
      });
      assert.equal(((await response.json()) as { alerts: unknown[] }).alerts.length, 4, 'samples are not posted twice');
      earlierToken = again.token;
    } finally {
      await again.stop();
    }

    // A state file written by an older version held the token and the sample ingest key: they are dropped from the
    // file at the next start, and that token (like every earlier run's) no longer opens anything.
    writeFileSync(statePath, JSON.stringify({ token: earlierToken, ingestKey: 'coss_i_old', seeded: true }));
    const third = await startEmbeddedCoss({ dataDir });
    try {
      assert.notEqual(third.token, earlierToken);
      const asked = (token: string) =>
        fetch(`${third.url}/api/v1/customers`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await asked(third.token)).status, 200);
      assert.equal((await asked(earlierToken)).status, 401, "the last run's token is revoked");
      assert.deepEqual(JSON.parse(readFileSync(statePath, 'utf8')), { seeded: true });
    } finally {
      await third.stop();
    }
  },
);
