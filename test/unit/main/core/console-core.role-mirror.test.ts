/**
 * The console core refuses what the signed-in role may not do, as COSS would: nothing is queued for later, and
 * nothing goes straight to PagerDuty while COSS is unreachable (where COSS could not refuse it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../../../simulators/pagerduty/index.ts';
import { HostFailure } from '../../../../main/core/host-dispatch.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SECRET_NAMES, SettingsStore } from '../../../../main/core/settings.ts';
import { eventually, raise, startConsole, startRestartableCoss, tempDir, type RestartableCoss } from './support.ts';

const NOC_TARGET = 'casc/int/systems';

async function refusedWith(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(
    work,
    (error: unknown) => error instanceof HostFailure && error.code === 'forbidden' && pattern.test(error.message),
  );
}

describe("console core: a customer user's console", () => {
  let pagerduty: PagerDutySimulator;
  let coss: RestartableCoss;
  before(async () => {
    pagerduty = await startPagerDutySimulator();
    coss = await startRestartableCoss({
      eventsUrl: pagerduty.eventsUrl,
      apiUrl: pagerduty.apiUrl,
      apiToken: DEFAULT_API_TOKEN,
    });
    for (const target of [
      { path: NOC_TARGET, name: 'COSS oncall macro – Systems', routingKey: DEFAULT_ROUTING_KEY },
      { path: 'acme/oncall', name: 'Acme on call', routingKey: 'b'.repeat(32), customer: 'acme' },
    ]) {
      const answer = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, target);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
  });
  after(async () => {
    await coss.close();
    await pagerduty.close();
  });

  test("offers only the customer's own queue and refuses staff actions, online and with COSS away", async () => {
    const dataDir = tempDir();
    const settings = new SettingsStore(dataDir);
    // The PagerDuty fallback is configured with the NOC's key: the one path COSS cannot refuse.
    settings.update({
      pagerDutyFallback: true,
      pagerDuty: {
        eventsUrl: pagerduty.eventsUrl,
        apiUrl: pagerduty.apiUrl,
        routingKeys: { [NOC_TARGET]: DEFAULT_ROUTING_KEY },
        fromEmail: 'fred@acme.example',
      },
    });
    const secrets = new MemorySecretStore();
    await secrets.set(SECRET_NAMES.pagerDutyToken, DEFAULT_API_TOKEN);
    const console = await startConsole(coss.url, coss.tokens.fred, { dataDir, settings, secrets });
    try {
      await console.waitForState((state) => state.status === 'live');
      const number = await raise(coss, { device: 'db01.acme.com', summary: 'Disk full' });
      await eventually(
        async () =>
          (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
        15_000,
        'alert cached',
      );
      assert.deepEqual(
        (await console.core.handlers['targets.list']({ customer: 'acme' })).map((target) => target.path),
        ['acme/oncall'],
      );

      // COSS away first: there the console is the only thing between the user and PagerDuty.
      for (const online of [false, true]) {
        if (online) {
          await coss.restart();
          await console.waitForState((state) => state.status === 'live');
        } else {
          await coss.stop();
          await console.waitForState((state) => state.status !== 'live');
        }
        await refusedWith(
          console.core.handlers['page.send']({
            customer: 'acme',
            target: NOC_TARGET,
            number,
            priority: 'urgent',
            message: 'help',
          }),
          /may not page or look up the NOC's on-call targets \(page\.noc-target\)/,
        );
        await refusedWith(
          console.core.handlers['alerts.acknowledge']({ numbers: [number] }),
          /customer user may not acknowledge alerts \(alert\.acknowledge\)/,
        );
        await refusedWith(console.core.handlers['alerts.resolve']({ numbers: [number] }), /may not resolve alerts/);
        await refusedWith(console.core.handlers['alerts.escalate']({ number }), /may not escalate alerts/);
      }
      await coss.stop();
      await console.waitForState((state) => state.status !== 'live');
      assert.equal(console.core.connectionState().pendingActions, 0, 'nothing was queued for later');
      assert.equal(pagerduty.incidentCount(`coss_102-${number}`), 0, 'nothing went straight to PagerDuty');
      // What the role may do still works offline: a note is queued.
      const noted = await console.core.handlers['alerts.note']({ number, text: 'we see it too' });
      assert.equal(noted.status, 'queued');
    } finally {
      await console.core.stop();
    }
  });
});
