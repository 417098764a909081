/**
 * Reassign and reopen from the console: reassigning posts `.reassign` for the operator (the bot's answer and the
 * audit are the room's), reopening asks COSS's REST action; each says only what happened, and the role table holds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../../../simulators/pagerduty/index.ts';
import { CossError } from '../../../../main/core/coss-client.ts';
import { HostFailure } from '../../../../main/core/host-dispatch.ts';
import type { Alert } from '../../../../shared/alert.ts';
import type { RoomMessage } from '../../../../shared/room.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

/** The core's own refusal (HostFailure) or COSS's passed on (CossError): the host sends either as {code, message}. */
const failsWith = (code: string, pattern: RegExp) => (error: unknown) =>
  (error instanceof HostFailure || error instanceof CossError) && error.code === code && pattern.test(error.message);

describe('console core: reassign and reopen', () => {
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
    for (const target of [
      { path: 'casc/int/systems', name: 'COSS oncall macro – Systems', routingKey: DEFAULT_ROUTING_KEY },
      { path: 'casc/noc', name: 'NOC Escalation', routingKey: DEFAULT_ROUTING_KEY, escalationPolicyId: 'PEPNOC1' },
    ]) {
      const answer = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, target);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    console = await startConsole(coss.url, coss.tokens.noc);
    await console.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await console.core.stop();
    await coss.close();
    await pagerduty.close();
  });

  const cached = async (number: number) =>
    eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      `${number} cached`,
    );
  const room = async () =>
    ((await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc)).body as { messages: RoomMessage[] })
      .messages;

  test("reassigning posts .reassign for the operator: the line and the bot's answer are in the room", async () => {
    const number = await raise(coss, { device: 'reassign1.acme.com' });
    await cached(number);
    await console.core.handlers['page.send']({
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal',
      message: '',
    });
    const outcome = await console.core.handlers['alerts.reassign']({ number, target: 'casc/noc' });
    assert.equal(outcome.status, 'done');
    // The toast is the bot's own answer: asked of PagerDuty, not done there yet.
    assert.match(
      outcome.message,
      new RegExp(
        `^Reassign ${number} to casc/noc: reassigning coss_\\d+-${number} \\(COSS oncall macro – Systems\\) to casc/noc in PagerDuty\\.$`,
      ),
    );
    const lines = await room();
    const typed = lines.find((line) => line.body === `.reassign ${number} casc/noc`);
    assert.ok(typed, 'the command is in the room, by the operator');
    assert.equal(typed.author, 'NOC');
    const answer = lines.find((line) => line.replyTo === typed.id);
    assert.match(answer?.body ?? '', new RegExp(`reassigning coss_\\d+-${number} .* to casc/noc in PagerDuty`));
  });

  test('a reassignment COSS does not carry out fails with its reason, never "done"', async () => {
    const number = await raise(coss, { device: 'reassign2.acme.com' });
    await cached(number);
    await assert.rejects(
      console.core.handlers['alerts.reassign']({ number, target: 'casc/noc' }),
      failsWith('conflict', /was not paged/),
    );
    await assert.rejects(
      console.core.handlers['alerts.reassign']({ number, target: 'Casc/Noc' }),
      failsWith('invalid_arguments', /casc\/noc/),
    );
  });

  test('reopening a resolved alert brings it back into the queue; COSS refuses when a newer alert holds its identity', async () => {
    const number = await raise(coss, { device: 'reopen1.acme.com' });
    await cached(number);
    await console.core.handlers['page.send']({
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal',
      message: '',
    });
    await eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).find((alert) => alert.number === number)
          ?.pages[0]?.delivery === 'sent',
      15_000,
      'the page reached PagerDuty',
    );
    await assert.rejects(
      console.core.handlers['alerts.reopen']({ number }),
      failsWith('conflict', /is not resolved \(it is open\)/),
    );
    await console.core.handlers['alerts.resolve']({ numbers: [number] });
    const outcome = await console.core.handlers['alerts.reopen']({ number });
    assert.equal(outcome.status, 'done');
    assert.equal(
      outcome.message,
      `Reopened ${number}: open again in COSS. Its PagerDuty incident stays resolved: page again (p) if someone must look.`,
    );
    const shown = (await console.core.handlers['alerts.list']({ customer: 'acme' })).find(
      (alert) => alert.number === number,
    );
    assert.equal(shown?.status, 'open');

    await console.core.handlers['alerts.resolve']({ numbers: [number] });
    const unpaged = await raise(coss, { device: 'reopen3.acme.com' });
    await cached(unpaged);
    await console.core.handlers['alerts.resolve']({ numbers: [unpaged] });
    assert.equal(
      (await console.core.handlers['alerts.reopen']({ number: unpaged })).message,
      `Reopened ${unpaged}: open again in COSS.`,
    );
    const newer = await raise(coss, { device: 'reopen1.acme.com' });
    assert.notEqual(newer, number);
    await assert.rejects(
      console.core.handlers['alerts.reopen']({ number }),
      failsWith('conflict', new RegExp(`alert ${newer} with the same fingerprint is active`)),
    );
    const inCoss = ((await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: Alert })
      .alert;
    assert.equal(inCoss.status, 'resolved');
  });

  test('an alert reopened elsewhere comes back into this console from the stream', async () => {
    const number = await raise(coss, { device: 'reopen4.acme.com' });
    await cached(number);
    await console.core.handlers['alerts.resolve']({ numbers: [number] });
    await eventually(
      async () =>
        !(await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      'gone',
    );
    const reopened = await coss.request(
      'POST',
      `/api/v1/alerts/${number}/reopen`,
      coss.tokens.admin,
      {},
      { 'idempotency-key': `elsewhere-${number}` },
    );
    assert.equal(reopened.status, 200);
    await eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).find((alert) => alert.number === number)
          ?.status === 'open',
      15_000,
      'back in the queue',
    );
  });

  test("a customer user's console refuses reassign and reopen before asking COSS", async () => {
    const customer = await startConsole(coss.url, coss.tokens.fred);
    try {
      await customer.waitForState((state) => state.status === 'live');
      const number = await raise(coss, { device: 'reopen2.acme.com' });
      await eventually(
        async () =>
          (await customer.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
        15_000,
        'cached',
      );
      await assert.rejects(
        customer.core.handlers['alerts.reassign']({ number, target: 'acme/oncall' }),
        failsWith('forbidden', /alert\.reassign/),
      );
      await assert.rejects(
        customer.core.handlers['alerts.reopen']({ number }),
        failsWith('forbidden', /alert\.reopen/),
      );
      await assert.rejects(
        customer.core.handlers['alerts.resolveLater']({ number, delayMs: 1000 }),
        failsWith('forbidden', /alert\.resolve/),
      );
      assert.equal(customer.core.outbox.pending.length, 0);
    } finally {
      await customer.core.stop();
    }
  });
});
