/**
 * The console as a customer user sees it: what their role may not do says why instead of doing nothing, and the page
 * dialog offers only their own on-call queues. COSS refuses the same on its own; this is the console mirroring it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';
const FRED = { name: 'fred', displayName: 'Fred', role: 'customer' as const, customer: 'acme' };

async function callNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: { calls: Array<{ name: string }> } }).cossFake.calls.map((call) => call.name),
  );
}

async function pageTargets(page: Page): Promise<string[]> {
  await page.keyboard.press('p');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const paths = await dialog
    .locator('#page-target option')
    .evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  return paths;
}

describe('a customer user in the console', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('pressing a or r says why it does nothing, and nothing is sent', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    const row = page.locator('.arow.is-cursor');
    const number = await row.getAttribute('data-number');
    assert.equal(await row.getAttribute('data-status'), 'open');
    await page.keyboard.press('a');
    await page
      .locator('.toast-info', { hasText: 'a customer user may not acknowledge alerts (alert.acknowledge)' })
      .waitFor();
    await page.keyboard.press('r');
    await page.locator('.toast-info', { hasText: 'a customer user may not resolve alerts (alert.resolve)' }).waitFor();
    assert.equal(await page.locator(`.arow[data-number="${number}"]`).getAttribute('data-status'), 'open');
    const sent = await callNames(page);
    assert.ok(
      !sent.includes('alerts.acknowledge') && !sent.includes('alerts.resolve') && !sent.includes('alerts.resolveLater'),
      sent.join(', '),
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the palette and the cheat sheet leave out what the role may not do', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    await page.keyboard.press('?');
    const sheet = page.locator('.cheat-sheet');
    await sheet.waitFor();
    const keys = await sheet.innerText();
    assert.match(keys, /Add a note/);
    assert.match(keys, /Page someone/);
    assert.doesNotMatch(keys, /Acknowledge|Resolve|Escalate/);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+k');
    const palette = page.locator('.palette-list');
    await palette.waitFor();
    const titles = await palette.locator('.palette-title').allInnerTexts();
    assert.ok(
      titles.includes('Add a note') && !titles.some((title) => /Acknowledge|Resolve|Escalate/.test(title)),
      titles.join(', '),
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("the page dialog offers the customer's own queue, not the NOC's targets", async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    assert.deepEqual(await pageTargets(page), ['acme/oncall']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("the room line completes the customer's commands and own queue only", async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.keyboard.type('.');
    await page.locator('.completions li', { hasText: '.note' }).waitFor();
    const words = await page.locator('.completions li').allInnerTexts();
    assert.ok(!words.some((word) => /\.(ack|resolve|reopen|escalate|reassign)\b/.test(word)), words.join(' | '));
    await page.keyboard.type('oncall [');
    await page.locator('.completions li', { hasText: 'acme/oncall' }).waitFor();
    const targets = await page.locator('.completions li').allInnerTexts();
    assert.ok(!targets.some((target) => target.includes('casc/')), targets.join(' | '));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('an operator is offered every target and acknowledges with a', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    assert.deepEqual((await pageTargets(page)).sort(), [
      'acme/oncall',
      'casc/int/network',
      'casc/int/systems',
      'casc/romel',
    ]);
    await page.keyboard.press('a');
    await page.locator('.toast-done', { hasText: 'Acknowledged' }).waitFor();
    await context.close();
  });
});
