/**
 * The toolbar says how many of the queue's alerts are under maintenance, beside a count that still counts them (as
 * COSS's and the sidebar's do): none said before a window, "1,6xx in maintenance" under the count once a window covers
 * the whole customer, legible on a 1280-pixel screen, and gone when it ends. Screenshot to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

type Invoke = (name: string, args: unknown) => Promise<{ ok: boolean }>;

async function invoke(page: Page, name: string, args: unknown): Promise<void> {
  await page.evaluate(
    async ([wanted, given]) => {
      const host = (window as unknown as { cossFake: { invoke: Invoke } }).cossFake;
      const response = await host.invoke(wanted, given);
      if (!response.ok) throw new Error(`${wanted} failed`);
    },
    [name, args] as const,
  );
}

describe('the toolbar’s maintenance count', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('says how many alerts are under maintenance without changing what the counts count', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, bulkAlerts: 1600 });
    const count = page.locator('.toolbar-count');
    // "1,612 of 1,600" or "1,600 alerts": the rows shown (open and acknowledged) of all the console holds.
    await count.filter({ hasText: /^\d,\d{3} (alerts|of \d,\d{3})$/ }).waitFor();
    const before = await count.innerText();
    const sidebarBefore = await page.locator('.customer[data-slug="acme"] .counts').getAttribute('aria-label');
    assert.equal(await page.locator('.toolbar-maint').count(), 0);

    await invoke(page, 'maintenance.create', {
      customer: 'acme',
      window: { scope: {}, duration: '2h', reason: 'datacentre move' },
    });
    const marked = page.locator('.toolbar-maint');
    await marked.waitFor();
    const open = await page.evaluate(() => document.querySelectorAll('.arow.in-maint').length);
    assert.ok(open > 0, 'the rows are marked');
    // The count on its first line is what it was: alerts under maintenance are still counted.
    const counted = (await count.innerText()).split('\n')[0];
    // The note's last line is what shows (before it, a comma only a screen reader hears).
    const note = (await marked.innerText()).split('\n').at(-1);
    assert.equal(counted, before);
    assert.match(note ?? '', /^\d,\d{3} in maintenance$/);
    assert.match(await count.ariaSnapshot(), /\d ?, \d,\d{3} in maintenance/, 'a screen reader hears a pause');
    assert.equal(
      await page.locator('.customer[data-slug="acme"] .counts').getAttribute('aria-label'),
      sidebarBefore,
      'the sidebar counts as COSS does',
    );
    // Every open or acknowledged alert of Acme is covered by a window over the whole customer.
    const shown = Number((before.split(' ')[0] ?? '').replace(/\D/g, ''));
    const covered = Number((note ?? '').replace(/\D/g, ''));
    const resolved = await page.evaluate(() => document.querySelectorAll('.arow[data-status="resolved"]').length);
    assert.equal(resolved, 0, 'the default filter shows no resolved alert');
    assert.equal(covered, shown);
    await page.screenshot({ path: `${ARTIFACTS}maintenance-toolbar-count.png` });

    // On a 1280-pixel screen the note is whole, inside the toolbar.
    await page.setViewportSize({ width: 1280, height: 720 });
    const fits = await page.evaluate(() => {
      const toolbar = document.querySelector('.toolbar')?.getBoundingClientRect();
      const maint = document.querySelector('.toolbar-maint')?.getBoundingClientRect();
      return toolbar !== undefined && maint !== undefined && maint.right <= toolbar.right && maint.left >= toolbar.left;
    });
    assert.ok(fits, 'the note fits the toolbar at 1280 pixels');
    await page.screenshot({
      path: `${ARTIFACTS}maintenance-toolbar-count-1280.png`,
      clip: { x: 0, y: 0, width: 1280, height: 160 },
    });

    await invoke(page, 'maintenance.end', { customer: 'acme', id: 1 });
    await marked.waitFor({ state: 'detached' });
    assert.equal(await count.innerText(), before);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
