/**
 * An alert Zenoss reports Suppressed (`suppressed: true` over REST) in Chromium: the row says so beside its status,
 * in words a screen reader reads, and the detail says it in a line of its own; an alert that is not suppressed shows
 * neither. Screenshot to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('a suppressed Zenoss alert', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('is flagged beside its status in the row and said in the detail', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const plain = Number(await page.locator('.arow.is-cursor').getAttribute('data-number'));
    await page.evaluate(() => {
      const fake = (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake;
      fake.raise('acme', {
        number: 99001,
        severity: 'critical',
        summary: 'core-sw1 unreachable',
        source: 'zenoss',
        suppressed: true,
      });
    });
    const row = page.locator('.arow[data-number="99001"]');
    await row.waitFor();
    const status = row.locator('.c-status');
    assert.equal(await status.locator('.supp-tag').count(), 1);
    assert.equal(await status.locator('[aria-hidden="true"]').innerText(), 'SUPP');
    // What a screen reader reads of the status cell: the status and the flag, in words.
    assert.equal(await status.ariaSnapshot(), '- text: open , suppressed in Zenoss');
    assert.equal(
      await page.locator(`.arow[data-number="${plain}"] .supp-tag`).count(),
      0,
      'an alert that is not suppressed',
    );

    // The cursor to the suppressed alert (the newest critical comes first), then its detail.
    await page.keyboard.press('g');
    await page.keyboard.press('g');
    await page.locator('.arow.is-cursor[data-number="99001"]').waitFor();
    await page.keyboard.press('Enter');
    const fact = page.locator('.detail[data-number="99001"] .supp-fact');
    await fact.waitFor();
    assert.match(await fact.innerText(), /Suppressed in Zenoss/);
    await page.screenshot({ path: `${ARTIFACTS}suppressed-alert.png` });
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator(`.detail:not([data-number="99001"])`).waitFor();
    assert.equal(await page.locator('.detail .supp-fact').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
