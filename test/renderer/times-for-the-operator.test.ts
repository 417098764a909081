/**
 * Times as a NOC on another continent needs them: the room and the detail speak the customer's time, with the
 * operator's own clock beside it (and UTC in the detail), and the detail says how long acknowledging took.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('customer time and the operator’s own', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('an operator in Berlin sees Acme’s Pacific times, their own beside them, UTC and the time to acknowledge', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW }, undefined, 'Europe/Berlin');
    const room = page.locator('.room');
    assert.equal(await room.locator('.room-zones').innerText(), 'times PST · yours');
    // The bot's acknowledgement line: 02:42 in Los Angeles is 11:42 in Berlin.
    const line = room.locator('.room-line', { hasText: 'was acknowledged by Romel Emperado' });
    assert.equal(await line.locator('time').innerText(), '02:42');
    assert.equal(await line.locator('.room-local').innerText(), '11:42');

    // The acknowledged fisheye critical, third in the queue.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    const detail = page.locator('.detail[data-number="32962"]');
    await detail.waitFor();
    const firstSeen = detail.locator('.facts dd').filter({ hasText: '02:33:00' });
    assert.equal(await firstSeen.innerText(), '2025-03-04 02:33:00 PST\n10:33 UTC · 11:33 yours · 47m ago');
    await detail.locator('.time-to-ack').waitFor();
    assert.equal(await detail.locator('.time-to-ack').innerText(), '9m00s after it opened, by Romel Emperado');
    await page.screenshot({ path: `${ARTIFACTS}times-berlin.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an operator in the customer’s own zone sees one clock', async () => {
    const { page, context } = await harness.openConsole({ now: NOW }, undefined, 'America/Los_Angeles');
    assert.equal(await page.locator('.room .room-zones').count(), 0);
    assert.equal(await page.locator('.room .room-local').count(), 0);
    await context.close();
  });
});
