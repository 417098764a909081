/**
 * `g m`'s keys say what they do before they are pressed and why when they do nothing: on an ended window `e` and `x`
 * say it has ended and the footer offers neither; a customer user (no maintenance.manage) is offered none of extend,
 * end or new, and pressing them says why with nothing sent to COSS. Windows are made through the fake host directly,
 * as COSS would list them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';
const FRED = { name: 'fred', displayName: 'Fred', role: 'customer' as const, customer: 'acme' };

type Invoke = (name: string, args: unknown) => Promise<{ ok: boolean }>;

/** Window 1 (ended) and window 2 (active) for Acme; the list shows the newest first. */
async function makeWindows(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const host = (window as unknown as { cossFake: { invoke: Invoke } }).cossFake;
    for (const reason of ['switch swap', 'kernel patching'])
      await host.invoke('maintenance.create', {
        customer: 'acme',
        window: { scope: { devices: ['x7.acme.com'] }, duration: '2h', reason },
      });
    await host.invoke('maintenance.end', { customer: 'acme', id: 1 });
  });
}

async function sentNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { cossFake: { calls: Array<{ name: string }> } }).cossFake.calls.map((call) => call.name),
  );
}

async function openList(page: Page) {
  await page.keyboard.press('g');
  await page.keyboard.press('m');
  const list = page.getByRole('listbox', { name: 'Maintenance windows of Acme' });
  await list.waitFor();
  await list.locator('[data-window="1"][data-state="ended"]').waitFor();
  return { list, dialog: page.getByRole('dialog'), hint: page.locator('.dialog .hint') };
}

describe('the maintenance list’s keys', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('on an ended window, e and x say it has ended and the footer offers neither', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await makeWindows(page);
    const { list, dialog, hint } = await openList(page);
    assert.equal(await list.locator('[aria-selected="true"]').getAttribute('data-window'), '2');
    assert.equal(await hint.innerText(), '↑↓ choose · e extend · x end · m new window · Esc closes');

    await page.keyboard.press('j');
    assert.equal(await list.locator('[aria-selected="true"]').getAttribute('data-window'), '1');
    assert.equal(await hint.innerText(), '↑↓ choose · m new window · Esc closes');
    for (const key of ['e', 'x']) {
      await page.keyboard.press(key);
      const notice = dialog.getByRole('status').filter({ hasText: 'Window 1 has ended' });
      await notice.waitFor();
      assert.equal(await notice.innerText(), 'Window 1 has ended: there is nothing to extend or end.');
      assert.equal(await page.locator('#maint-extend').count(), 0);
      assert.equal(await dialog.locator('.maint-error').count(), 0, 'no "End window 1 now?"');
    }
    // Back on the live window the keys work as before, and the note goes.
    await page.keyboard.press('k');
    assert.equal(await dialog.getByRole('status').filter({ hasText: 'has ended' }).count(), 0);
    await page.keyboard.press('e');
    await page.locator('#maint-extend').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer user is offered no changes, and pressing them says why', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    await makeWindows(page);
    const { dialog, hint } = await openList(page);
    assert.equal(await hint.innerText(), '↑↓ choose · Esc closes');
    for (const key of ['e', 'x', 'm']) {
      await page.keyboard.press(key);
      await dialog
        .getByRole('status')
        .filter({ hasText: 'a customer user may not make, extend or end maintenance windows (maintenance.manage)' })
        .waitFor();
      assert.equal(await page.locator('#maint-extend').count(), 0);
      assert.equal(await dialog.locator('.maint-error').count(), 0);
      assert.equal(await page.getByRole('dialog', { name: /^Maintenance window for/ }).count(), 0);
    }
    await page.keyboard.press('Enter');
    const sent = await sentNames(page);
    assert.equal(sent.filter((name) => name === 'maintenance.update').length, 0, sent.join(', '));
    // The one end is the test's own, made before the list opened.
    assert.equal(sent.filter((name) => name === 'maintenance.end').length, 1, sent.join(', '));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
