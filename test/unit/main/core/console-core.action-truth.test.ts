/**
 * What the console core tells the operator is what happened, against a real COSS and the PagerDuty simulator:
 * - `e` on an alert never paged, or a page to a target COSS does not know, fails with the bot's reason: not "done";
 * - `a` and `e` on a paged alert say COSS has them and PagerDuty is being asked, not a bare "done"; when PagerDuty
 *   refuses (the operator has no PagerDuty email), the refusal reaches the alert's row data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addToken, addUser } from '../../../../server/admin/directory.ts';
import { HostFailure } from '../../../../main/core/host-dispatch.ts';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../../../simulators/pagerduty/index.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

describe('console core: outcomes say what happened', () => {
  let pagerduty: PagerDutySimulator;
  let coss: RestartableCoss;
  let console: TestConsole;
  before(async () => {
    pagerduty = await startPagerDutySimulator();
    coss = await startRestartableCoss({
      eventsUrl: pagerduty.eventsUrl,
      apiUrl: pagerduty.apiUrl,
      apiToken: DEFAULT_API_TOKEN,
    });
    const created = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, {
      path: 'casc/int/systems',
      name: 'COSS oncall macro – Systems',
      routingKey: DEFAULT_ROUTING_KEY,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await addUser(coss.db, { name: 'night', displayName: 'Night Op', role: 'operator' });
    console = await startConsole(coss.url, (await addToken(coss.db, 'night')).token);
    await console.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await console?.core.stop();
    await coss?.close();
    await pagerduty?.close();
  });

  const cached = (number: number) =>
    eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      `alert ${number} cached`,
    );

  test("escalating an alert that was never paged fails with the bot's reason", async () => {
    const number = await raise(coss, { device: 'never-paged.acme.com' });
    await cached(number);
    await assert.rejects(
      console.core.handlers['alerts.escalate']({ number }),
      (error: unknown) =>
        error instanceof HostFailure &&
        error.message ===
          `COSS did not do it: event ${number} was not paged; page it first with .oncall [target, ${number}].`,
    );
  });

  test('a page COSS refuses (a target it does not know) is not reported as sent', async () => {
    const number = await raise(coss, { device: 'unknown-target.acme.com' });
    await cached(number);
    await assert.rejects(
      console.core.handlers['page.send']({
        customer: 'acme',
        target: 'casc/int/nobody',
        number,
        priority: 'normal',
        message: '',
      }),
      (error: unknown) =>
        error instanceof HostFailure &&
        /COSS did not do it: I don't know the paging target casc\/int\/nobody/.test(error.message),
    );
  });

  test("an acknowledgement PagerDuty refuses says so on the alert's row", async () => {
    const number = await raise(coss, { device: 'refused.acme.com' });
    await cached(number);
    const paged = await console.core.handlers['page.send']({
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal',
      message: '',
    });
    assert.equal(paged.status, 'done');
    const pageOf = async () =>
      (await console.core.handlers['alerts.list']({ customer: 'acme' })).find((alert) => alert.number === number)
        ?.pages[0];
    await eventually(async () => (await pageOf())?.delivery === 'sent', 15_000, 'page sent');

    const [acknowledged] = await console.core.handlers['alerts.acknowledge']({ numbers: [number] });
    assert.equal(
      acknowledged?.message,
      `Acknowledge ${number}: done in COSS; passing it on to PagerDuty (coss_102-${number}), whose answer shows on the row.`,
    );
    await eventually(
      async () => /^acknowledge: no PagerDuty email for Night Op in COSS/.test((await pageOf())?.actionError ?? ''),
      15_000,
      'refusal on the row',
    );
    assert.equal(pagerduty.incident(`coss_102-${number}`)?.status, 'triggered');

    // An escalation is PagerDuty's to do: the answer says it is on its way there, not that it is done.
    const escalated = await console.core.handlers['alerts.escalate']({ number });
    assert.equal(
      escalated.message,
      `Escalate ${number}: escalating coss_102-${number} (COSS oncall macro – Systems) to the next level in PagerDuty.`,
    );
    await eventually(
      async () => /^escalation to level 2: no PagerDuty email for Night Op/.test((await pageOf())?.actionError ?? ''),
      15_000,
      'escalation refusal on the row',
    );
  });
});
