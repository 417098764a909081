/**
 * The ops room renders its latest lines first and brings earlier ones in as the operator scrolls up, keeping the
 * view where it was. Runs the built renderer in Debian Chromium against the fake host.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ROOM_PAGE, ROOM_TAIL } from '../../renderer/components/room/ops-room.tsx';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const HISTORY = 250;
const ALL = HISTORY + 6; // the seeded Acme transcript has six lines
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

const rendered = (page: Page) => page.locator('.room-line').count();
const earlierHint = (page: Page) => page.locator('.room-earlier').allInnerTexts();

/**
 * Scrolls the transcript to its top and returns where a given line then sits in the viewport, once the list has
 * reacted: earlier lines came in (waited for frame by frame, up to 2 s: a loaded CI machine can take more than the
 * three frames a quiet one needs) and two more frames passed for the scroll correction.
 */
async function scrollToTopAndTrack(page: Page, body: string): Promise<{ before: number; after: number }> {
  return await page.evaluate<{ before: number; after: number }>(`(async () => {
    const list = document.querySelector('.room-lines');
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const count = () => list.querySelectorAll('.room-line').length;
    const find = () => [...list.querySelectorAll('.room-line')].find((line) => line.querySelector('.room-body')?.textContent === ${JSON.stringify(body)});
    const shown = count();
    list.scrollTop = 0;
    await frame();
    const before = find().getBoundingClientRect().top;
    const until = performance.now() + 2000;
    while (count() === shown && performance.now() < until) await frame();
    for (let i = 0; i < 2; i++) await frame();
    return { before, after: find().getBoundingClientRect().top };
  })()`);
}

describe('ops room history', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('shows the latest lines, and earlier ones as the operator scrolls up, without the view jumping', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, roomHistory: HISTORY });
    await page.locator('.room-line').last().waitFor();
    assert.equal(await rendered(page), ROOM_TAIL, 'only the tail is laid out at first');
    assert.deepEqual(await earlierHint(page), [`${ALL - ROOM_TAIL} earlier lines: scroll up`]);
    assert.equal(
      await page.locator('.room-line .room-body').last().innerText(),
      'x7 is failing CheckDNSELB too, looking',
    );
    assert.ok(await page.locator('.room-line').last().isVisible(), 'the newest line is in view');
    await page.screenshot({ path: `${ARTIFACTS}17-room-tail.png` });

    // Up to the top: the next page comes in above, and the line that was at the top stays where it was.
    const firstShown = await page.locator('.room-line .room-body').first().innerText();
    const moved = await scrollToTopAndTrack(page, firstShown);
    assert.equal(await rendered(page), ROOM_TAIL + ROOM_PAGE);
    assert.ok(Math.abs(moved.after - moved.before) <= 1, `the line stayed put (${moved.before} → ${moved.after} px)`);
    // Again, until everything is there and the hint is gone.
    const next = await page.locator('.room-line .room-body').first().innerText();
    await scrollToTopAndTrack(page, next);
    assert.equal(await rendered(page), ALL);
    assert.deepEqual(await earlierHint(page), []);
    assert.equal(
      await page.locator('.room-line .room-body').first().innerText(),
      'Room opened for Acme (customer #102).',
    );

    // A line said while reading history (g r, type, Enter): it is added at the end, and the history being read
    // stays rendered.
    await page.locator('#alert-list').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.keyboard.type('a new line');
    await page.keyboard.press('Enter');
    await page.locator('.room-line .room-body', { hasText: 'a new line' }).waitFor({ state: 'attached' });
    assert.equal(await rendered(page), ALL + 1);

    // Another customer and back: Acme's room starts from its end again.
    await page.locator('#alert-list').focus();
    await page.keyboard.press('2');
    await page.keyboard.press('1');
    await page.waitForFunction((tail) => document.querySelectorAll('.room-line').length === tail, ROOM_TAIL);
    assert.equal(await page.locator('.room-line .room-body').last().innerText(), 'a new line');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
