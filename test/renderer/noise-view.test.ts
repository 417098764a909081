/**
 * The noise view in Chromium, keyboard only (`g N`): Acme's noisiest families in a table with their figures, the
 * week-by-week trend drawn by uPlot on a canvas under the renderer's CSP (no console errors) and said in a sentence;
 * 1 2 3 switch the period and ask COSS again; Enter opens a family's newest alert, t a transform editor on it;
 * offline, it says COSS must be live.
 * Screenshot to test-artifacts/noise-view.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Fake {
  calls: Array<{ name: string; args: Record<string, unknown> }>;
  setConnection(change: { status: string }): void;
}

async function reportCalls(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: Fake }).cossFake.calls
      .filter((call) => call.name === 'noise.report')
      .map((call) => call.args),
  );
}

describe('the noise view', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('g N lists the families and draws the trend; 1 2 3 change the period; Enter opens an alert', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+N');
    const dialog = page.getByRole('dialog', { name: 'Noise · Acme' });
    await dialog.waitFor();
    const rows = dialog.locator('.nz-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 5);
    const first = rows.first();
    assert.equal(await first.locator('th').innerText(), '/Net/Link · eth0 · web#.acme.com');
    assert.deepEqual((await first.locator('td').allInnerTexts()).slice(0, 8), [
      '4,812',
      '44%',
      '12',
      '3 ack · 1 noted',
      '1,597',
      '1m34s',
      '9.5',
      'unclassified',
    ]);
    assert.equal(
      await dialog.locator('.nz-summary').innerText(),
      '10,918 events in the last 7 days; the top 5 families are 80% of them.',
    );
    assert.equal(await first.getAttribute('aria-selected'), 'true');

    // The chart: uPlot's canvas and legend, and the same trend in words.
    await dialog.locator('.noise-chart canvas').waitFor();
    assert.deepEqual((await dialog.locator('.noise-chart .u-legend .u-label').allInnerTexts()).slice(1), [
      'Volume',
      'Actionable',
      'Suppressed',
    ]);
    assert.match(
      await dialog.locator('figcaption').innerText(),
      /^Over 12 weeks: volume 14,000 → [\d,]+ a week; actionable 8\.0% → 28%; suppressed 0% → 45%\.$/,
    );
    const box = await dialog.locator('.noise-chart canvas').boundingBox();
    assert.ok(box !== null && box.width > 600 && box.height >= 150, `the chart is drawn: ${JSON.stringify(box)}`);
    await page.screenshot({ path: `${ARTIFACTS}noise-view.png` });

    await page.keyboard.press('3');
    await dialog.locator('.nz-summary', { hasText: 'last 30 days' }).waitFor();
    assert.equal(await rows.first().locator('td').first().innerText(), '20,623');
    assert.equal(await dialog.getByRole('button', { name: '3 30d' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(
      (await reportCalls(page)).map((args) => args['since']),
      ['7d', '30d'],
    );

    await page.keyboard.press('j');
    assert.equal(await rows.nth(1).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.detail[data-number="32970"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('t on a family opens the transform editor on its newest alert', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+N');
    const dialog = page.getByRole('dialog', { name: 'Noise · Acme' });
    await dialog.locator('.nz-table tbody tr').first().waitFor();
    await page.keyboard.press('t');
    const editor = page.getByRole('dialog', { name: 'Transform from 32986' });
    await editor.waitFor();
    assert.match(await editor.getByLabel('Name').inputValue(), /^sw-access-3\.acme\.com /);
    await editor.locator('.tf-preview', { hasText: 'Over the last 7 days it would have matched' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('says it needs COSS live when the console is offline, and asks nothing', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(() => (window as unknown as { cossFake: Fake }).cossFake.setConnection({ status: 'offline' }));
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+N');
    const dialog = page.getByRole('dialog', { name: 'Noise · Acme' });
    await dialog.waitFor();
    assert.match(await dialog.getByRole('alert').innerText(), /^The noise report needs COSS live: .* offline now\./);
    assert.equal((await reportCalls(page)).length, 0);
    assert.equal(await dialog.locator('canvas').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
