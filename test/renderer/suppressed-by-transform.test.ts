/**
 * An alert one of the customer's transforms suppressed, in Chromium, keyboard only: not in the default queue, the
 * toolbar says how many it leaves out ("1 suppressed"); `f t` shows only those; the detail names the transform; `p`
 * is refused in the console's words naming the transform, and "Page anyway" forces it. Screenshots to
 * test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Call {
  name: string;
  args: Record<string, unknown>;
}

async function pageCalls(page: Page): Promise<Call[]> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: { calls: Call[] } }).cossFake.calls.filter((call) => call.name === 'page.send'),
  );
}

describe('an alert a transform suppressed', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('is left out of the queue and counted, shown by f t, named in the detail, and not paged unless forced', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const count = page.locator('.toolbar-count');
    const before = await count.innerText();
    assert.doesNotMatch(before, /suppressed/, 'nothing suppressed yet');
    await page.evaluate(() => {
      const fake = (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake;
      fake.raise('acme', {
        number: 99101,
        severity: 'critical',
        summary: 'eth0 link flapped',
        device: 'web07.acme.com',
        suppressedBy: 12,
      });
      fake.raise('acme', { number: 99102, severity: 'critical', summary: 'disk full', device: 'db9.acme.com' });
    });
    await page.locator('.arow[data-number="99102"]').waitFor();
    assert.equal(await page.locator('.arow[data-number="99101"]').count(), 0, 'not in the default queue');
    assert.match(await page.locator('.toolbar-supp').innerText(), /^,?\s*1 suppressed$/);
    // A screen reader hears the count and the suppressed ones as one sentence.
    assert.match((await count.textContent()) ?? '', /\d, 1 suppressed$/);
    await page.screenshot({ path: `${ARTIFACTS}suppressed-count.png` });

    await page.keyboard.press('f');
    await page.keyboard.press('t');
    const row = page.locator('.arow[data-number="99101"]');
    await row.waitFor();
    assert.equal(await page.locator('.arow').count(), 1, 'only the suppressed alert');
    assert.match((await count.textContent()) ?? '', /, suppressed only · f t$/);

    // The operator's choice of it (g g), since it arrived under the cursor without one.
    await page.keyboard.press('g');
    await page.keyboard.press('g');
    await page.locator('.arow.is-cursor[data-number="99101"]').waitFor();
    await page.keyboard.press('Enter');
    const fact = page.locator('.detail[data-number="99101"] .transform-supp-fact');
    await fact.waitFor();
    // Named as soon as COSS lists the customer's transforms, which the detail asks for when it does not know it.
    await fact
      .filter({ hasText: 'Suppressed by transform #12 (web farm link flaps): counted in the noise report' })
      .waitFor();
    await page.keyboard.press('Escape');
    // A second later: the cursor's alert arrived without a key, and action keys wait a moment after that.
    await page.clock.setFixedTime(NOW + 1000);

    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: 'Page about 99101' }).waitFor();
    await page.keyboard.press('Enter');
    const refused = page.getByRole('alertdialog', { name: 'Not paged: 99101 was suppressed by transform #12' });
    await refused.waitFor();
    assert.equal(
      await refused.locator('.page-refusal').innerText(),
      'Not paged: 99101 was suppressed by transform #12 “web farm link flaps”, which says Acme does not need to ' +
        'hear of it: it is counted, not notified.',
    );
    await page.screenshot({ path: `${ARTIFACTS}suppressed-page-refused.png` });
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Page anyway (override the transform)',
    );
    await page.keyboard.press('Enter');
    await page.locator('.toast-done', { hasText: 'about 99101 (suppression overridden)' }).waitFor();
    assert.deepEqual(
      (await pageCalls(page)).map((call) => call.args['force'] ?? false),
      [false, true],
    );

    // The detail still names it after the forced page.
    await page.keyboard.press('Enter');
    await page
      .locator('.detail[data-number="99101"] .transform-supp-fact', { hasText: '#12 (web farm link flaps)' })
      .waitFor();

    // Again: back to the other alerts.
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await page.keyboard.press('t');
    await page.locator('.arow[data-number="99102"]').waitFor();
    assert.equal(await page.locator('.arow[data-number="99101"]').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
