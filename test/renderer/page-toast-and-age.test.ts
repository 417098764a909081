/**
 * Two small pieces of the renderer, in Node: when a displayed age next changes (so the offline banner's "data from
 * Ns ago" can tick every second without re-rendering the app), and the toast after a page, which names the target
 * the operator picked rather than its path.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { msUntilAgeChanges } from '../../renderer/components/app/age-ticks.ts';
import { formatAge } from '../../renderer/components/common/format.ts';
import { pageTargetLabel, sendPage } from '../../renderer/state/page-actions.ts';
import { switchCustomer } from '../../renderer/state/customer-actions.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import type { ActionOutcome, HostApi, HostError } from '../../shared/host/contract.ts';
import { createFakeHost } from './fake-host.ts';

const T0 = Date.parse('2025-03-04T11:20:00Z');
const ago = (ms: number) => new Date(T0 - ms).toISOString();

describe('msUntilAgeChanges', () => {
  it('wakes at the next whole second under a minute, the next minute under a day, then the next hour', () => {
    assert.equal(msUntilAgeChanges(ago(7_000), T0), 1000);
    assert.equal(msUntilAgeChanges(ago(7_400), T0), 600);
    assert.equal(msUntilAgeChanges(ago(59_999), T0), 1);
    assert.equal(msUntilAgeChanges(ago(60_000), T0), 60_000);
    assert.equal(msUntilAgeChanges(ago(3 * 3_600_000 + 5 * 60_000 + 20_000), T0), 40_000);
    assert.equal(msUntilAgeChanges(ago(2 * 86_400_000 + 1_800_000), T0), 1_800_000);
  });

  it('is exactly when formatAge changes: the text is the same just before and different at that moment', () => {
    for (const elapsed of [
      0, 999, 7_400, 59_999, 60_000, 61_234, 3_599_999, 3_700_000, 86_399_999, 86_400_000, 200_000_000,
    ]) {
      const since = ago(elapsed);
      const wait = msUntilAgeChanges(since, T0);
      assert.equal(
        formatAge(since, T0 + wait - 1),
        formatAge(since, T0),
        `no change before the wake-up (elapsed ${elapsed})`,
      );
      assert.notEqual(
        formatAge(since, T0 + wait),
        formatAge(since, T0),
        `a change at the wake-up (elapsed ${elapsed})`,
      );
    }
  });

  it('checks every second while the clock is behind the data, and rarely for a date it cannot read', () => {
    assert.equal(msUntilAgeChanges(new Date(T0 + 5_000).toISOString(), T0), 1000);
    assert.equal(msUntilAgeChanges(new Date(T0 + 300).toISOString(), T0), 301);
    assert.equal(msUntilAgeChanges('not a date', T0), 3_600_000);
  });
});

describe('the page toast', () => {
  let stop: () => void;
  let answer: ActionOutcome;
  let refusal: HostError | null;
  beforeEach(async () => {
    resetConsoleStore();
    refusal = null;
    const fake = createFakeHost({ now: T0 });
    // Answer as the real core does: its outcome message names the target by path (it builds the room command).
    const host: HostApi = {
      on: (name, listener) => fake.on(name, listener),
      invoke: (async (name: string, args: unknown) => {
        if (name === 'page.send') return refusal ? { ok: false, error: refusal } : { ok: true, value: answer };
        return fake.invoke(name as 'targets.list', args as { customer: string });
      }) as HostApi['invoke'],
    };
    stop = await startConsole(host);
    // Several customers open on all of them in one queue; this is about Acme's.
    await switchCustomer('acme');
    // The targets the dialog offers are in the store before anyone can page.
    const deadline = Date.now() + 2000;
    while (!getState().targetsByCustomer.acme && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
  });
  afterEach(() => stop());

  it('names the target the operator picked, with its path, and the event', async () => {
    answer = { status: 'done', idempotencyKey: 'k1', message: 'Page casc/int/systems: done.' };
    assert.equal(getState().activeCustomer, 'acme');
    assert.equal(
      await sendPage({ customer: 'acme', target: 'casc/int/systems', number: 32962, priority: 'normal', message: '' }),
      true,
    );
    const toast = getState().toasts.at(-1);
    assert.equal(toast?.tone, 'done');
    assert.equal(
      toast?.message,
      'Page to COSS oncall macro – Systems (casc/int/systems) about 32962: COSS is sending it to PagerDuty; the room says when PagerDuty has it.',
    );
  });

  it('says a queued page goes when COSS is back, and keeps a direct page’s own account', async () => {
    answer = {
      status: 'queued',
      idempotencyKey: 'k2',
      message: 'Page acme/oncall: COSS is unreachable; queued and sent when it is back.',
    };
    await sendPage({ customer: 'acme', target: 'acme/oncall', number: null, priority: 'urgent', message: 'Site down' });
    assert.equal(
      getState().toasts.at(-1)?.message,
      'Urgent page to Acme on-call (acme/oncall): COSS is unreachable; queued and sent when it is back.',
    );

    answer = {
      status: 'direct',
      idempotencyKey: 'k3',
      message: 'Paged Acme on-call directly in PagerDuty (COSS unreachable; dedup key coss_102-32962).',
    };
    await sendPage({ customer: 'acme', target: 'acme/oncall', number: 32962, priority: 'urgent', message: '' });
    assert.equal(getState().toasts.at(-1)?.tone, 'direct');
    assert.equal(getState().toasts.at(-1)?.message, answer.message);
  });

  it('names the target in a refusal too, and falls back to the path for a target it does not know', async () => {
    refusal = { code: 'invalid_arguments', message: 'Unknown paging target.' };
    assert.equal(
      await sendPage({ customer: 'acme', target: 'casc/int/systems', number: 32962, priority: 'normal', message: '' }),
      false,
    );
    assert.equal(
      getState().toasts.at(-1)?.message,
      'Page to COSS oncall macro – Systems (casc/int/systems) failed: Unknown paging target.',
    );
    assert.equal(pageTargetLabel('acme', 'casc/unknown'), 'casc/unknown');
  });
});
