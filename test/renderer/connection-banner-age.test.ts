/**
 * The offline banner's "data from Ns ago" in Chromium: it follows the clock second by second under a minute (the
 * shared clock the queue uses ticks only every ten seconds), and in minutes after that.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('connection banner age', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('ticks every second under a minute, then shows minutes', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(
      (syncedAt) => {
        (window as unknown as { cossFake: { setConnection(change: object): void } }).cossFake.setConnection({
          status: 'offline',
          attempt: 0,
          syncedAt,
        });
      },
      new Date(NOW - 10_000).toISOString(),
    );
    const age = page.locator('.banner .cache-age');
    await age.waitFor();
    assert.equal(await age.innerText(), 'data from 10s ago');

    // The page's clock is fixed; moving it is what a passing second looks like. Timers run in real time, so the
    // text must follow within about a second (the shared ten-second clock would miss these windows).
    for (const [later, text] of [
      [3_000, 'data from 13s ago'],
      [4_000, 'data from 14s ago'],
      [55_000, 'data from 1m ago'],
    ] as const) {
      await page.clock.setFixedTime(NOW + later);
      await page.waitForFunction(
        (expected) => document.querySelector('.banner .cache-age')?.textContent === expected,
        text,
        { timeout: 1_800 },
      );
    }
    assert.match(await page.locator('.conn-chip').innerText(), /Offline\s*· data from 1m ago/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
