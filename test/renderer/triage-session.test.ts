/**
 * A triage session in Chromium, keyboard only (`g T`): Enter starts one over Acme's unclassified families; the first
 * is noise on the two devices seen (2), with the preview's count; the second actionable with tier notes and an
 * auto-page (Ctrl+Enter); the third skipped; e then Enter ends it, the summary shows and is said in the room. A
 * customer user sees the session but is told why a decision key does nothing. Screenshots to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const LINK = 'zenoss|/net/link|eth0|web#.acme.com';
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Fake {
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  raise(customer: string, alert: object): void;
  delay(name: string, ms: number): void;
}

async function decisions(page: Page): Promise<unknown[]> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: Fake }).cossFake.calls
      .filter((call) => call.name === 'triage.decide')
      .map((call) => [call.args['position'], call.args['decision']]),
  );
}

async function openTriage(page: Page) {
  await page.keyboard.press('g');
  await page.keyboard.press('Shift+T');
  const dialog = page.getByRole('dialog', { name: 'Triage · Acme' });
  await dialog.waitFor();
  return dialog;
}

describe('a triage session', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('goes through the families by keyboard: noise on the devices seen, actionable, skip, then the summary', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate((family) => {
      const fake = (window as unknown as { cossFake: Fake }).cossFake;
      for (const [number, device] of [
        [99201, 'web07.acme.com'],
        [99202, 'web08.acme.com'],
        [99203, 'web07.acme.com'],
      ] as const)
        fake.raise('acme', { number, severity: 'warning', summary: 'eth0 link down', device, family });
    }, LINK);
    await page.locator('.arow[data-number="99203"]').waitFor();

    const dialog = await openTriage(page);
    await dialog.getByText('No triage session is open for Acme.', { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    const progress = dialog.locator('.tr-progress');
    await progress.waitFor();
    assert.equal(
      await progress.innerText(),
      'Session #1, started by NOC · 0 of 3 decided: 0 actionable, 0 noise, 0 skipped · with NOC',
    );
    assert.match(await dialog.locator('.tr-family h3').innerText(), /^1\/3 \/Net\/Link · eth0 · web#\.acme\.com$/);

    // Noise: every device first, with what it would have caught; then only the two devices seen.
    await page.keyboard.press('n');
    const preview = dialog.locator('.tr-preview');
    await preview
      .filter({ hasText: 'Would have suppressed 1,604 alerts (4,812 events) of the last 7 days.' })
      .waitFor();
    await page.keyboard.press('2');
    await dialog.locator('.tr-devices', { hasText: 'web07.acme.com, web08.acme.com' }).waitFor();
    await preview.filter({ hasText: 'Would have suppressed 267 alerts (802 events)' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}triage-noise.png` });
    await page.keyboard.press('Enter');
    await dialog.locator('.tr-family h3', { hasText: '2/3 HighLoad (job node)' }).waitFor();
    assert.match(
      await dialog.locator('.tr-items li[data-position="1"] .tr-outcome').innerText(),
      /^noise \(on web07\.acme\.com, web08\.acme\.com\): transform #51, by NOC$/,
    );

    // Actionable: tier notes, an auto-page target, Ctrl+Enter.
    await page.keyboard.press('a');
    const form = dialog.getByRole('form', { name: 'Actionable: HighLoad (job node)' });
    await form.waitFor();
    await page.keyboard.type('Tier 1: check the batch schedule; page systems if load stays above 20.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('node hosts run the nightly ETL');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: `${ARTIFACTS}triage-actionable.png` });
    await page.keyboard.press('Control+Enter');
    await dialog.locator('.tr-family h3', { hasText: '3/3' }).waitFor();

    // Skip the last; then end.
    await page.keyboard.press('s');
    await dialog.getByText('Every family is decided.', { exact: false }).waitFor();
    await page.keyboard.press('e');
    await dialog.locator('.tr-confirm').waitFor();
    await page.keyboard.press('Enter');
    const summary = dialog.locator('.tr-summary [role="status"]');
    await summary.waitFor();
    assert.equal(
      await summary.innerText(),
      'Triage session #1 ended by NOC: 1 actionable, 1 noise, 1 skipped, 0 left.',
    );
    await page.screenshot({ path: `${ARTIFACTS}triage-summary.png` });
    const decided = await decisions(page);
    assert.deepEqual(decided[0], [1, { decision: 'noise', devices: ['web07.acme.com', 'web08.acme.com'] }]);
    assert.deepEqual(decided[1], [
      2,
      {
        decision: 'actionable',
        tierNotes: 'Tier 1: check the batch schedule; page systems if load stays above 20.',
        deviceNotes: 'node hosts run the nightly ETL',
        autoPage: { target: 'casc/int/systems', priority: 'normal' },
      },
    ]);
    assert.deepEqual(decided[2], [3, { decision: 'skip' }]);
    await page.keyboard.press('Escape');
    await page.locator('.room', { hasText: 'Triage session #1 ended by NOC' }).first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('keys pressed while a decision is saving: a or n opens on the next family, others say why; Ctrl+Enter ends nothing', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const dialog = await openTriage(page);
    await dialog.getByText('No triage session is open for Acme.', { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.locator('.tr-family h3', { hasText: '1/3' }).waitFor();
    // COSS takes its time over the first decision; the operator goes on: a, then the notes, before it answers.
    await page.evaluate(() => (window as unknown as { cossFake: Fake }).cossFake.delay('triage.decide', 600));
    // Noise from its pane (which keeps the focus while COSS saves it), then a at once, then more letters.
    await page.keyboard.press('n');
    await dialog.locator('.tr-preview', { hasText: 'Would have suppressed' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('a');
    await dialog.locator('.tr-problem', { hasText: 'a opens on the next family when COSS answers' }).waitFor();
    await page.keyboard.type('sen');
    assert.equal(await dialog.locator('.tr-confirm').count(), 0, 'e while saving does not ask to end');
    const form = dialog.getByRole('form', { name: 'Actionable: HighLoad (job node)' });
    await form.waitFor();
    assert.equal(await dialog.locator('.tr-problem').count(), 0, 'the saving note goes once COSS answers');
    await page.keyboard.type('Tier 1: check the batch');
    assert.equal(await form.locator('textarea').first().inputValue(), 'Tier 1: check the batch');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as unknown as { cossFake: Fake }).cossFake.delay('triage.decide', 0));
    // Ending asks first, and only a plain Enter ends.
    await page.keyboard.press('e');
    await dialog.locator('.tr-confirm').waitFor();
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(200);
    assert.equal(await dialog.locator('.tr-summary').count(), 0, 'Ctrl+Enter did not end the session');
    assert.deepEqual(await decisions(page), [[1, { decision: 'noise' }]]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer user is told why a decision key does nothing', async () => {
    const { page, context, errors } = await harness.openConsole({
      now: NOW,
      user: { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' },
    });
    const dialog = await openTriage(page);
    await dialog.getByText('No triage session is open', { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.locator('.tr-problem').waitFor();
    assert.match(await dialog.locator('.tr-problem').innerText(), /triage/i);
    assert.equal(
      await page.evaluate(() =>
        (window as unknown as { cossFake: Fake }).cossFake.calls.some((call) => call.name === 'triage.start'),
      ),
      false,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
