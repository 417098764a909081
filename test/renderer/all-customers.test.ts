/**
 * All customers in one queue, keyboard only in Chromium: the default for a console with several customers, a
 * customer column, the room beside it following the alert under the cursor, 1–9 to one customer and 0 back.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('all customers in one queue', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  for (const [width, height] of [
    [1600, 900],
    [1280, 720],
  ] as const) {
    it(`opens on every customer's alerts with a customer column, and 1 and 0 switch views (${width}×${height})`, async () => {
      const { page, context, errors } = await harness.openConsole(
        { now: NOW, view: 'all-customers' },
        { width, height },
      );
      await page.locator('.customer-all[aria-current="true"]').waitFor();
      assert.equal(await page.locator('.toolbar-title').innerText(), 'All customers');
      const customers = await page.locator('.arow .c-cust').allInnerTexts();
      assert.ok(new Set(customers).size >= 3, `several customers in one queue: ${[...new Set(customers)].join(', ')}`);
      assert.equal(await page.locator('.queue-head .c-cust').innerText(), 'CUSTOMER');
      const cut = await page.evaluate(
        `[...document.querySelectorAll('.queue-head > span')].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent)`,
      );
      assert.deepEqual(cut, [], 'no header is cut');

      // The room beside the queue is the cursor alert's customer's: move to a Globex alert.
      const globexRow = await page
        .locator('.arow', { has: page.locator('.c-cust', { hasText: 'Globex' }) })
        .first()
        .getAttribute('data-number');
      for (
        let step = 0;
        step < 40 && (await page.getAttribute('.arow.is-cursor', 'data-number')) !== globexRow;
        step += 1
      )
        await page.keyboard.press('j');
      await page.locator('.room-head', { hasText: 'Globex' }).waitFor();
      await page.locator('.room-line', { hasText: 'BGP to Lumen down' }).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}all-customers-${width}x${height}.png` });

      await page.keyboard.press('1');
      await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
      assert.equal(await page.locator('.arow .c-cust').count(), 0, 'one customer: no customer column');
      await page.keyboard.press('0');
      await page.locator('.customer-all[aria-current="true"]').waitFor();
      await page.locator('.arow .c-cust').first().waitFor();
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
