/**
 * "Make a transform from this" in Chromium, keyboard only: t on an alert opens the editor prefilled from it (its
 * name, the family ticked, device, component, event class and a literal summary offered, suppress chosen), with
 * COSS's preview of what it would have caught; Ctrl+Enter saves it; g t lists the customer's transforms and d turns
 * the chosen one off. A customer user is told why t does nothing. Screenshots to test-artifacts/.
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
  raise(customer: string, alert: object): void;
}

async function calls(page: Page, name: string): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(
    (wanted) =>
      (window as unknown as { cossFake: Fake }).cossFake.calls
        .filter((call) => call.name === wanted)
        .map((call) => call.args),
    name,
  );
}

async function raiseFlap(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { cossFake: Fake }).cossFake.raise('acme', {
      number: 99301,
      severity: 'critical',
      device: 'web05.acme.com',
      component: 'eth0',
      eventClass: '/Net/Link',
      summary: 'eth0 link flapped (x3)',
    }),
  );
  await page.locator('.arow[data-number="99301"]').waitFor();
  await page.keyboard.press('g');
  await page.keyboard.press('g');
  await page.locator('.arow.is-cursor[data-number="99301"]').waitFor();
  // A second later: the alert arrived under the cursor without a key, and action keys wait a moment after that.
  await page.clock.setFixedTime(NOW + 1000);
}

describe('the transform editor and list', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('t makes a transform from the alert with a preview; g t lists it and d turns it off', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await raiseFlap(page);
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Transform from 99301' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Name').inputValue(), 'web05.acme.com eth0: eth0 link flapped (x3)');
    assert.equal(await dialog.getByLabel('Family', { exact: true }).isChecked(), true);
    assert.equal(await dialog.getByLabel('Device (glob)', { exact: true }).isChecked(), false);
    assert.equal(await dialog.getByLabel('Device (glob) value').inputValue(), 'web05.acme.com');
    assert.equal(
      await dialog.getByLabel('Summary (regular expression) value').inputValue(),
      'eth0 link flapped \\(x3\\)',
    );
    assert.equal(await dialog.getByRole('checkbox', { name: /Suppress/ }).isChecked(), true);
    const preview = dialog.locator('.tf-preview');
    await preview
      .filter({ hasText: /^Over the last 7 days it would have matched 1 alert \(1 event\), suppressing 1: 99301\.$/ })
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}transform-editor.png` });

    // Tick the device too (Tab to its box, Space): the preview asks again for the narrower match.
    const previews = (await calls(page, 'transforms.preview')).length;
    await dialog.getByLabel('Device (glob)', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(
      (before) =>
        (window as unknown as { cossFake: Fake }).cossFake.calls.filter((call) => call.name === 'transforms.preview')
          .length > before,
      previews,
    );
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('.toast-done', { hasText: 'Transform #20 “web05.acme.com eth0: eth0 link flapped (x3)” saved' })
      .waitFor();
    const made = (await calls(page, 'transforms.create'))[0]?.['transform'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(made['match'] as object).sort(), ['device', 'family']);
    assert.deepEqual(made['actions'], [{ type: 'suppress' }]);
    assert.equal(made['why'], 'made in the console from alert 99301');

    await page.keyboard.press('g');
    await page.keyboard.press('t');
    const list = page.getByRole('dialog', { name: 'Transforms · Acme' });
    await list.waitFor();
    const rows = list.locator('tbody tr');
    await rows.nth(2).waitFor();
    assert.deepEqual(await rows.locator('td.num').allInnerTexts(), ['12', '14', '20']);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('d');
    await list.locator('tr[data-transform="20"][data-enabled="false"]').waitFor();
    assert.equal(await list.locator('tr[data-transform="20"] .nz-class').innerText(), 'off');
    await page.screenshot({ path: `${ARTIFACTS}transform-list.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer user is told why t does nothing', async () => {
    const { page, context, errors } = await harness.openConsole({
      now: NOW,
      user: { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' },
    });
    await raiseFlap(page);
    await page.keyboard.press('t');
    await page.locator('.toast', { hasText: /transforms/i }).waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
