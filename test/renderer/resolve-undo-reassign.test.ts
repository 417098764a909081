/**
 * In Chromium, keyboard only: `r` then `u` takes a resolve back before it is sent, `R` reassigns the cursor's
 * paged alert from a dialog, `O` reopens a resolved one. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

async function callNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: { calls: Array<{ name: string }> } }).cossFake.calls.map((call) => call.name),
  );
}

async function cursorNumber(page: Page): Promise<number> {
  return Number(await page.getAttribute('.arow.is-cursor', 'data-number'));
}

describe('undo, reassign and reopen from the keyboard', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('r shows the resolve as waiting and says so; u takes it back before anything is sent', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const number = await cursorNumber(page);
    const row = page.locator(`.arow[data-number="${number}"]`);
    await page.keyboard.press('r');
    await page
      .locator('.toast-info', { hasText: `Resolving ${number} in 5 s (not sent yet): u takes it back.` })
      .waitFor();
    await row.locator('.c-status', { hasText: 'resolving (u undoes)' }).waitFor();
    assert.equal(await row.getAttribute('data-status'), 'open');
    await page.screenshot({ path: `${ARTIFACTS}resolve-held.png` });
    await page.keyboard.press('u');
    await page
      .locator('.toast-done', { hasText: `${number} was not resolved: nothing was sent to COSS or PagerDuty.` })
      .waitFor();
    await row.locator('.c-status', { hasText: 'resolving' }).waitFor({ state: 'detached' });
    assert.equal(await row.getAttribute('data-status'), 'open');
    const sent = await callNames(page);
    assert.ok(
      sent.includes('alerts.resolveLater') && sent.includes('alerts.undoResolve') && !sent.includes('alerts.resolve'),
      sent.join(', '),
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('R on a paged alert offers the other targets; Enter reassigns and the toast says what COSS did', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await cursorNumber(page), 32962);
    await page.keyboard.press('R');
    const dialog = page.getByRole('dialog', { name: "Reassign 32962's PagerDuty incident" });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Now with COSS oncall macro – Systems \(coss_102-32962\)/);
    const offered = await dialog.locator('option').allInnerTexts();
    assert.ok(
      !offered.some((option) => option.includes('casc/int/systems')),
      `where it is now is not offered: ${offered.join(' | ')}`,
    );
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: `${ARTIFACTS}reassign-dialog.png` });
    const chosen = await dialog.locator('select').inputValue();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('.toast-done', {
        hasText: `Reassign 32962 to ${chosen}: reassigning coss_102-32962 to ${chosen} in PagerDuty.`,
      })
      .waitFor();
    await page
      .locator('.room-line .room-body', { hasText: `.reassign 32962 ${chosen}` })
      .waitFor({ state: 'attached' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('R on an alert never paged says there is no incident, and sends nothing', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('R');
    const dialog = page.getByRole('dialog', { name: `Reassign ${await cursorNumber(page)}` });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /was not paged, so PagerDuty has no incident to reassign/);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.ok(!(await callNames(page)).includes('alerts.reassign'));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('O asks for the event number and reopens it; the alert is back in the queue', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    assert.equal(await page.locator('.arow[data-number="32930"]').count(), 0, 'resolved: not in the active queue');
    await page.keyboard.press('O');
    const dialog = page.getByRole('dialog', { name: 'Reopen a resolved alert' });
    await dialog.waitFor();
    await page.keyboard.type('32930');
    await page.screenshot({ path: `${ARTIFACTS}reopen-dialog.png` });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.toast-done', { hasText: 'Reopened 32930: open again in COSS.' }).waitFor();
    await page.locator('.arow[data-number="32930"][data-status="open"]').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
