/**
 * The maintenance dialog's words: its placeholders are examples for the customer in front (none names Acme in
 * Globex's dialog, and none reads as a value), and the preview's counts have thousands separators as the toolbar's
 * do. In Chromium against the fake host, and the preview's words in Node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { previewText } from '../../renderer/state/maintenance-preview.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('the maintenance preview in words', () => {
  it('counts with thousands separators, and leaves event numbers as they are', () => {
    const text = previewText({ ok: true, alerts: 1545, devices: 1203, sample: [32962, 32963], covered: 1100 });
    assert.equal(text, 'matches 1,545 open alerts on 1,203 devices (32962, 32963, …); 1,100 already under maintenance');
  });
});

describe('the maintenance dialog', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('shows examples for the customer in front, never another customer’s values', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('2');
    await page.waitForSelector('.customer[aria-current="true"][data-slug="globex"]');
    await page.locator('.arow.is-cursor').waitFor();
    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog', { name: 'Maintenance window for Globex' });
    await dialog.waitFor();
    const placeholders = await dialog
      .locator('input')
      .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('placeholder') ?? ''));
    assert.equal(placeholders.length, 9);
    for (const placeholder of placeholders) assert.doesNotMatch(placeholder, /acme/i);
    assert.equal(await page.locator('#maint-systems').getAttribute('placeholder'), 'e.g. /Globex/Web');
    assert.equal(await page.locator('#maint-deviceGroups').getAttribute('placeholder'), 'e.g. /Customers/Globex');
    // Scope fields read as examples, not values: each starts with "e.g.".
    for (const field of ['devices', 'components', 'eventClasses', 'systems', 'deviceGroups', 'matchers'])
      assert.match((await page.locator(`#maint-${field}`).getAttribute('placeholder')) ?? '', /^e\.g\. /, field);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('says a large match with thousands separators', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, bulkAlerts: 1600 });
    await page.keyboard.press('m');
    await page.locator('#maint-devices').waitFor();
    // All scope fields empty: the whole customer.
    await page.locator('#maint-devices').focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    const preview = page.locator('.maint-preview');
    // The console pages the queue in after its first screen, and the preview follows what has arrived: wait for it to
    // count them all rather than read it while the first rows are all there is.
    await preview.filter({ hasText: /^matches \d,\d{3} open alerts on [\d,]+ devices \(/ }).waitFor();
    assert.match(await preview.innerText(), /^matches \d,\d{3} open alerts on [\d,]+ devices \(.*whole of Acme/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
