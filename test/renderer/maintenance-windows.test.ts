/**
 * Maintenance windows in Chromium, keyboard only, against the fake host (which marks alerts with COSS's matcher and
 * refuses pages under a window as COSS does): `m` makes a window from the cursor alert's device with a live preview,
 * a wrong field is named where it is, the row and the detail show the mark, `p` on a covered alert is refused with
 * the window named and no "done", the override is explicit, and `g m` extends and ends the window. Screenshots go
 * to test-artifacts/.
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

async function calls(page: Page, name: string): Promise<Call[]> {
  return page.evaluate(
    (wanted) =>
      (window as unknown as { cossFake: { calls: Call[] } }).cossFake.calls.filter((call) => call.name === wanted),
    name,
  );
}

/** Selects all of the focused field and types `text` over it, as an operator would. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

describe('maintenance windows from the keyboard', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('m makes a window for the cursor alert’s device; the row, the detail and p then say so', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const cursor = page.locator('.arow.is-cursor');
    const number = Number(await cursor.getAttribute('data-number'));
    const device = (await cursor.locator('.c-device').innerText()).trim();
    const sameDevice = await page.locator('.arow .c-device', { hasText: device }).count();

    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog', { name: 'Maintenance window for Acme' });
    await dialog.waitFor();
    assert.equal(await page.locator('#maint-devices').inputValue(), device);
    assert.equal(await page.locator('#maint-duration').inputValue(), '2h');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'maint-reason', 'the reason is what is left');
    const preview = dialog.locator('.maint-preview');
    await preview.filter({ hasText: `on 1 device` }).waitFor();
    assert.match(
      await preview.innerText(),
      new RegExp(`^matches ${sameDevice} open alerts? on 1 device \\(.*${number}`),
    );

    // A wrong duration is named where it is, and the window is not asked for.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'maint-duration');
    await retype(page, '45d');
    await page.keyboard.press('Enter');
    const durationError = dialog.locator('#maint-duration-error');
    await durationError.waitFor();
    assert.match(await durationError.innerText(), /45d is longer than 30 days/);
    assert.equal(await page.locator('#maint-duration').getAttribute('aria-invalid'), 'true');
    assert.equal((await calls(page, 'maintenance.create')).length, 0);

    // Widening the scope by a label matcher shows at once what it covers; a broken one says why.
    await retype(page, '2h');
    await page.locator('#maint-matchers').focus();
    await page.keyboard.type('{job=~"("}');
    await preview.filter({ hasText: /bad regex "\(": .*character 1 of the regex/ }).waitFor();
    await retype(page, '');

    await page.locator('#maint-reason').focus();
    await page.keyboard.type('kernel patching');
    await page.keyboard.press('Tab');
    await page.keyboard.type('CHG-1234');
    await page.screenshot({ path: `${ARTIFACTS}maintenance-dialog.png` });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.toast-done', { hasText: 'Maintenance window 1 made for Acme' }).waitFor();
    const [created] = await calls(page, 'maintenance.create');
    assert.deepEqual(created?.args, {
      customer: 'acme',
      window: { scope: { devices: [device] }, duration: '2h', reason: 'kernel patching', ticket: 'CHG-1234' },
    });

    const row = page.locator(`.arow[data-number="${number}"]`);
    await row.locator('.maint-tag').waitFor();
    assert.match((await row.getAttribute('class')) ?? '', /\bin-maint\b/);
    assert.equal(await row.locator('.maint-tag .visually-hidden').innerText(), 'Under maintenance (window 1).');
    assert.equal(await page.locator('.arow.in-maint').count(), sameDevice, 'every alert of the device, no other');
    await page.screenshot({ path: `${ARTIFACTS}maintenance-row.png` });

    // The detail says which window, why and until when, in the customer's time.
    await page.keyboard.press('Enter');
    const fact = page.locator(`.detail[data-number="${number}"] .maint-fact`);
    await fact.waitFor();
    assert.match(await fact.innerText(), /window 1: kernel patching, until 2025-03-04 05:20:00 PST/);
    await page.screenshot({ path: `${ARTIFACTS}maintenance-detail.png` });
    await page.keyboard.press('Escape');

    // p on the covered alert: refused, the window named, no "done"; Enter closes without paging.
    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: `Page about ${number}` }).waitFor();
    await page.keyboard.press('Enter');
    const refused = page.getByRole('alertdialog', { name: `Not paged: ${number} is under maintenance` });
    await refused.waitFor();
    // In the console's words, not the room's reply (which says to type --force): the window, until when in Acme's time.
    assert.equal(
      await refused.locator('.page-refusal').innerText(),
      `Not paged: ${number} is under maintenance window #1 “kernel patching” until 05:20 PST.`,
    );
    assert.equal(
      await refused.locator('.page-refusal + .dialog-text').innerText(),
      'Page anyway sends the page and the room records the override.',
    );
    assert.equal(await page.locator('.toast-done').filter({ hasText: /^Page/ }).count(), 0, 'no "done" for a refusal');
    await page.screenshot({ path: `${ARTIFACTS}maintenance-page-refused.png` });
    await page.keyboard.press('Enter');
    await refused.waitFor({ state: 'detached' });
    const pagesAfterClose = await calls(page, 'page.send');
    assert.equal(pagesAfterClose.length, 1);
    assert.equal(pagesAfterClose[0]?.args['force'], undefined);

    // The override is a second, deliberate choice: Tab to it, then Enter.
    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: `Page about ${number}` }).waitFor();
    await page.keyboard.press('Enter');
    await refused.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Page anyway (override the window)');
    await page.keyboard.press('Enter');
    await page.locator('.toast-done', { hasText: `about ${number} (maintenance window overridden)` }).waitFor();
    const forced = (await calls(page, 'page.send')).at(-1);
    assert.equal(forced?.args['force'], true);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('g m lists the windows; e extends one and x then Enter ends it, and the marks go', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const number = Number(await page.locator('.arow.is-cursor').getAttribute('data-number'));
    await page.keyboard.press('m');
    await page.locator('#maint-reason').waitFor();
    await page.keyboard.type('switch swap');
    await page.keyboard.press('Enter');
    const row = page.locator(`.arow[data-number="${number}"]`);
    await row.locator('.maint-tag').waitFor();

    await page.keyboard.press('g');
    await page.keyboard.press('m');
    const list = page.getByRole('listbox', { name: 'Maintenance windows of Acme' });
    await list.waitFor();
    const item = list.locator('[data-window="1"]');
    assert.match(await item.innerText(), /1 active · devices .* · switch swap · until 2025-03-04 05:20:00 PST/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');

    await page.keyboard.press('e');
    assert.equal(await page.locator('#maint-extend').inputValue(), '1h');
    await retype(page, '30m');
    await page.keyboard.press('Enter');
    await page.locator('.toast-done', { hasText: 'Maintenance window 1 extended by 30m' }).waitFor();
    await item.filter({ hasText: 'until 2025-03-04 05:50:00 PST' }).waitFor();
    assert.deepEqual((await calls(page, 'maintenance.update'))[0]?.args, {
      customer: 'acme',
      id: 1,
      patch: { extendBy: '30m' },
    });

    await page.keyboard.press('x');
    await page.locator('.maint-error', { hasText: 'End window 1 now?' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}maintenance-list-end.png` });
    await page.keyboard.press('Enter');
    await page.locator('.toast-done', { hasText: 'Maintenance window 1 ended' }).waitFor();
    await item.filter({ hasText: 'ended' }).waitFor();
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await row.locator('.maint-tag').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.arow.in-maint').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
