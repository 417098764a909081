/**
 * Heartbeats in Chromium, keyboard only, against the fake host (which lists them only while live, as the core does,
 * and announces a change as COSS's stream would): `g h` lists the customer's heartbeats worst first with their state,
 * last ping, interval and grace and source; a miss announced by COSS shows at once in the open list and as a mark
 * in the sidebar, and Enter on it opens its alert; the next ping takes the mark away; offline, the view says plainly
 * that heartbeats need COSS live, and shows them when it is. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { HeartbeatChange } from './fake-heartbeats.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const minutesAgo = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Fake {
  setHeartbeat(customer: string, name: string, change: HeartbeatChange | null): void;
  raise(customer: string, alert: { number: number; summary: string; severity: string; device: string }): void;
  setConnection(change: { status: string }): void;
  calls: { name: string; args: unknown }[];
}

async function setHeartbeat(page: Page, customer: string, name: string, change: HeartbeatChange): Promise<void> {
  await page.evaluate(
    ([customer, name, change]) =>
      (window as unknown as { cossFake: Fake }).cossFake.setHeartbeat(customer, name, change),
    [customer, name, change] as const,
  );
}

async function itemTexts(page: Page): Promise<string[]> {
  return page
    .getByRole('listbox', { name: 'Heartbeats of Acme' })
    .getByRole('option')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

describe('heartbeats from the keyboard', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('g h lists them worst first; a miss shows at once there and in the sidebar, Enter opens its alert', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    const acme = page.locator('.customer[data-slug="acme"]');
    assert.equal(await acme.locator('.hb-missed-line').count(), 0, 'no mark while none is missed');

    await page.keyboard.press('g');
    await page.keyboard.press('h');
    const dialog = page.getByRole('dialog', { name: 'Heartbeats · Acme' });
    await dialog.waitFor();
    const list = page.getByRole('listbox', { name: 'Heartbeats of Acme' });
    await list.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
    assert.deepEqual(await itemTexts(page), [
      '♥new-collectorwaitingno ping yet (made 4 min ago) · every 10m, grace 2m · pings',
      '♥backup-nightlyuplast ping 12 h ago · every 1d, grace 2h · pings',
      '♥watchdoguplast ping 1 min ago · every 5m, grace 5m · Alertmanager Watchdog',
      '♥zenoss-acmeuplast ping 3 min ago · every 5m, grace 2m · pings',
    ]);
    assert.equal(await dialog.getByRole('status').innerText(), '4 heartbeats, none missed.');

    // COSS raises the miss: its alert, then the heartbeat's change on the stream.
    await page.evaluate(() =>
      (window as unknown as { cossFake: Fake }).cossFake.raise('acme', {
        number: 40_001,
        summary: 'Heartbeat zenoss-acme missed: last ping 12 min ago',
        severity: 'critical',
        device: 'zenoss-acme',
      }),
    );
    await setHeartbeat(page, 'acme', 'zenoss-acme', {
      lastPingAt: minutesAgo(12),
      dueAt: minutesAgo(5),
      missedAt: minutesAgo(0),
      alertNumber: 40_001,
    });
    const missed = list.locator('[data-heartbeat="zenoss-acme"][data-state="missed"]');
    await missed.waitFor();
    assert.equal(
      (await itemTexts(page))[0],
      '✕zenoss-acmemissedlast ping 12 min ago · every 5m, grace 2m · pings · alert 40001 (Enter opens it)',
    );
    assert.equal(await missed.getAttribute('aria-selected'), 'true', 'the missed one is first, under the cursor');
    assert.equal(await dialog.getByRole('status').innerText(), '1 of 4 missed.');
    const mark = acme.locator('.hb-missed-line');
    await mark.waitFor();
    assert.match(await mark.innerText(), /^♥\s+heartbeat\s+missed: zenoss-acme$/);
    // A screen reader hears that it is a heartbeat, and which, as part of the customer's button; not the heart.
    await page.getByRole('button', { name: /^1 Acme .*heartbeat missed: zenoss-acme/ }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}heartbeats-missed.png` });

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.detail[data-number="40001"]').waitFor();
    await page.keyboard.press('Escape');

    // The next ping resolves it: the sidebar's mark goes without the view open.
    await setHeartbeat(page, 'acme', 'zenoss-acme', {
      lastPingAt: minutesAgo(0),
      dueAt: minutesAgo(-7),
      missedAt: null,
      alertNumber: null,
    });
    await mark.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('offline, g h says heartbeats need COSS live; back live, it lists them', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, connection: { status: 'offline' } });
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    const dialog = page.getByRole('dialog', { name: 'Heartbeats · Acme' });
    await dialog.waitFor();
    const words = dialog.getByRole('alert');
    assert.match(await words.innerText(), /^Heartbeats need COSS live: .* the console is offline now\./);
    assert.equal(await dialog.getByRole('listbox').count(), 0, 'no old copy shown as if current');
    await page.screenshot({ path: `${ARTIFACTS}heartbeats-offline.png` });

    await page.evaluate(() => (window as unknown as { cossFake: Fake }).cossFake.setConnection({ status: 'live' }));
    await dialog.getByRole('listbox', { name: 'Heartbeats of Acme' }).waitFor();
    assert.equal(await words.count(), 0);
    assert.equal(await dialog.getByRole('option').count(), 4);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the cheat sheet names g h', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('?');
    const row = page.locator('.cheat-row', { hasText: "This customer's heartbeats" });
    await row.waitFor();
    assert.deepEqual(await row.locator('kbd').allInnerTexts(), ['g', 'h']);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
