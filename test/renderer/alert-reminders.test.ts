/**
 * A reminder about a critical nobody acknowledged, in Chromium through the fake host: two consoles that hold the same
 * Acme critical (first seen by COSS 10 minutes less 3 seconds ago; the default reminder is at 10 minutes) both show
 * a banner naming it and both sound it, heard through each page's audio output; Show focuses the alert, and an
 * acknowledgement takes the banner away.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';
import { OBSERVE_SOUND_AND_NOTIFICATIONS, lastLevelAt, soundStarts } from '../support/sound-tap.ts';

const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

/** Opens a console with the audio tap installed before its scripts (a reload: the harness loads the page itself). */
async function openTapped(harness: Harness): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const { page, context, errors } = await harness.openConsole();
  await page.addInitScript(OBSERVE_SOUND_AND_NOTIFICATIONS);
  await page.reload();
  await page.waitForSelector('.app[data-ready="true"]');
  await page.locator('.arow').first().waitFor();
  // The key press that picks Acme is also the gesture a browser wants before it plays sound.
  await page.keyboard.press('1');
  await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
  return { page, errors, close: () => context.close() };
}

describe('a reminder about an unacknowledged critical', { skip }, () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('shows a banner naming the alert and sounds on every console that has it; Show focuses it', async () => {
    const consoles = [await openTapped(harness), await openTapped(harness)];
    const firstSeen = new Date(Date.now() - 10 * 60_000 + 3_000).toISOString();
    const raisedAt = Date.now();
    for (const { page } of consoles) {
      await page.evaluate(
        (seen) =>
          (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake.raise('acme', {
            number: 45001,
            severity: 'critical',
            summary: 'primary database unreachable',
            device: 'db1.acme.com',
            firstSeen: seen,
          }),
        firstSeen,
      );
    }
    for (const { page } of consoles) {
      const banner = page.getByRole('alert', { name: 'Reminders' });
      await banner
        .getByText('Unacknowledged for 10 min · Acme #45001: CRITICAL db1.acme.com: primary database unreachable')
        .waitFor({ timeout: 20_000 });
      // Heard, not only shown: a sound began in the page's output after the alert came.
      const end = Date.now() + 10_000;
      while (!(await soundStarts(page)).some((at) => at >= raisedAt) && Date.now() < end)
        await page.waitForTimeout(100);
      assert.ok(
        (await soundStarts(page)).some((at) => at >= raisedAt),
        'the reminder sounded',
      );
      assert.ok((await lastLevelAt(page)) >= raisedAt, 'the tap was listening');
    }

    const { page } = consoles[0] ?? assert.fail('no console');
    await page.keyboard.press('2');
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Show #45001' }).click();
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
    await page.locator('.detail[data-number="45001"]').waitFor();
    await page.getByRole('alert', { name: 'Reminders' }).waitFor({ state: 'detached' });

    for (const { errors, close } of consoles) {
      assert.deepEqual(errors, []);
      await close();
    }
  });

  it('goes when the alert is acknowledged', async () => {
    const { page, errors, close } = await openTapped(harness);
    await page.evaluate(
      (seen) =>
        (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake.raise('acme', {
          number: 45002,
          severity: 'critical',
          summary: 'replication stopped',
          device: 'db2.acme.com',
          firstSeen: seen,
        }),
      new Date(Date.now() - 10 * 60_000 + 2_000).toISOString(),
    );
    const reminder = page.locator('.alert-reminder[data-number="45002"]');
    await reminder.waitFor({ timeout: 20_000 });
    // A host with its own notifications (the preload's window.cossHost, as the fake host sets) gets no prompt.
    assert.equal(await page.getByRole('region', { name: 'Desktop notifications are off' }).count(), 0);
    await page.evaluate(() =>
      (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake.raise('acme', {
        number: 45002,
        severity: 'critical',
        summary: 'replication stopped',
        status: 'acknowledged',
        acknowledgedBy: 'Romel Emperado',
      }),
    );
    await reminder.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await close();
  });
  it('goes when the alert is resolved and leaves the console (COSS sends only its number)', async () => {
    const { page, errors, close } = await openTapped(harness);
    await page.evaluate(
      (seen) =>
        (window as unknown as { cossFake: { raise(customer: string, alert: object): void } }).cossFake.raise('acme', {
          number: 45003,
          severity: 'critical',
          summary: 'disk full',
          device: 'db3.acme.com',
          firstSeen: seen,
        }),
      new Date(Date.now() - 10 * 60_000 + 2_000).toISOString(),
    );
    const reminder = page.locator('.alert-reminder[data-number="45003"]');
    await reminder.waitFor({ timeout: 20_000 });
    await page.evaluate(() =>
      (window as unknown as { cossFake: { emit(name: string, payload: object): void } }).cossFake.emit(
        'alerts.changed',
        { customer: 'acme', alerts: [], removed: [45003] },
      ),
    );
    await reminder.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await close();
  });
});
