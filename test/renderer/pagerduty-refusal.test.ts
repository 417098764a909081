/**
 * An alert COSS acknowledged while PagerDuty refused the acknowledgement (the operator has no PagerDuty email) does
 * not look done: its PAGERDUTY column says "PD refused", and says why on hover, instead of the incident's status.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AlertView } from '../../shared/host/contract.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';
const REASON = 'no PagerDuty email for Night Op in COSS (PagerDuty records who acted by it)';

describe('a PagerDuty refusal in the queue', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('the row of an acknowledged alert whose incident PagerDuty would not acknowledge says PD refused, and why', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const number = Number(await page.locator('.arow.is-cursor').getAttribute('data-number'));
    await page.evaluate(
      async ({ number, reason }) => {
        type Fake = {
          invoke(name: 'alerts.list', args: { customer: string }): Promise<{ ok: true; value: AlertView[] }>;
          raise(customer: string, alert: AlertView): void;
        };
        const fake = (window as unknown as { cossFake: Fake }).cossFake;
        const alert = (await fake.invoke('alerts.list', { customer: 'acme' })).value.find(
          (candidate) => candidate.number === number,
        );
        if (alert === undefined) throw new Error(`no alert ${number}`);
        const page = {
          dedupKey: `coss_102-${number}`,
          target: 'casc/int/systems',
          targetName: 'COSS oncall macro – Systems',
          priority: 'normal' as const,
          delivery: 'sent' as const,
          incidentStatus: 'triggered',
          assignees: [],
          actionError: `acknowledge: ${reason}`,
        };
        // Held by the fake host too (raise stores and announces it), so the detail's reload sees the same alert.
        fake.raise('acme', { ...alert, status: 'acknowledged', acknowledgedBy: 'Night Op', pages: [page] });
      },
      { number, reason: REASON },
    );
    const cell = page.locator(`.arow[data-number="${number}"] .c-pd`);
    await cell.filter({ hasText: 'PD refused' }).waitFor();
    assert.equal(
      await cell.getAttribute('title'),
      `PagerDuty refused the acknowledge of coss_102-${number} (COSS oncall macro – Systems): ${REASON}`,
    );
    assert.match(
      (await page.locator(`.arow[data-number="${number}"] .c-status`).textContent()) ?? '',
      /ack · Night O\./,
    );
    // The detail says it first, above the incidents.
    await page.keyboard.press('Enter');
    const refusal = page.locator(`.detail[data-number="${number}"] .pd-refusal`);
    await refusal.waitFor();
    assert.equal(
      await refusal.innerText(),
      `PagerDuty refused the acknowledge of coss_102-${number} (COSS oncall macro – Systems): ${REASON}`,
    );
    await page.screenshot({
      path: `${new URL('../../test-artifacts/', import.meta.url).pathname}pagerduty-refusal-detail.png`,
    });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
