/**
 * Settings and escalation-notes search, keyboard only, in Debian Chromium against the fake host: the settings
 * round-trip (a refused URL shows the host's own words, a good one saves), and the notes search finding the x7
 * runbook while COSS is unreachable. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface FakeCalls {
  cossFake: { calls: { name: string; args: Record<string, unknown> }[]; setConnection(change: object): void };
}

async function lastCall(page: Page, name: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate((wanted) => {
    const calls = (window as unknown as FakeCalls).cossFake.calls.filter((entry) => entry.name === wanted);
    return calls[calls.length - 1]?.args;
  }, name);
}

async function focusedLabel(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (element === null) return null;
    // No helper functions in here: the bundler would name them with a helper the page does not have.
    const candidates = [
      element.getAttribute('aria-label'),
      element.id,
      element.closest('label')?.textContent,
      element.textContent,
    ];
    return candidates.map((value) => (value ?? '').trim()).find((value) => value !== '') ?? null;
  });
}

/** Presses Tab until the focused element matches, so the test walks the dialog as an operator would. */
async function tabTo(page: Page, matches: (label: string | null) => boolean, limit = 30): Promise<void> {
  for (let step = 0; step < limit; step++) {
    if (matches(await focusedLabel(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the wanted field; last was ${await focusedLabel(page)}`);
}

describe('settings and notes search, keyboard only', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('opens Settings with Ctrl+, and shows the token as set, never its value, with where it is stored', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.locator('#settings-coss-url').waitFor();
    assert.equal(await focusedLabel(page), 'settings-coss-url', 'the COSS URL takes focus');
    assert.equal(await dialog.locator('#settings-coss-url').inputValue(), 'https://coss.noc.example.com');
    assert.equal(
      await dialog.locator('.settings-connected').innerText(),
      'Now using https://coss.noc.example.com, from these settings.',
    );
    assert.match(await dialog.locator('.settings-token-state').innerText(), /A token is set\. It is never shown/);
    assert.equal(
      await dialog.locator('#settings-token').inputValue(),
      '',
      'the stored token is never put in the field',
    );
    assert.equal(await dialog.locator('#settings-token').getAttribute('type'), 'password');
    assert.match(
      await dialog.locator('.secret-storage').innerText(),
      /NOT ENCRYPTED[\s\S]*stored unencrypted in .*secrets\.json.*0600/i,
    );
    assert.match(
      await dialog.innerText(),
      /pages and acknowledgements go straight to PagerDuty and are marked sent direct/,
    );
    await page.screenshot({ path: `${ARTIFACTS}16-settings.png` });

    // Emptying the URL says what empty means: the embedded local COSS.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    assert.match(
      await dialog.locator('#settings-coss-help').innerText(),
      /Empty: the console runs the embedded local COSS/,
    );

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-list', 'focus goes back to the queue');
    assert.equal(await lastCall(page, 'settings.set'), undefined, 'Esc closes without saving');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('saves with Enter: a URL the host refuses shows its message, a good one saves URL, token and policy', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press(',');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.locator('#settings-coss-url').waitFor();

    await page.keyboard.press('Control+a');
    await page.keyboard.type('coss.internal.example.com');
    await page.keyboard.press('Enter');
    const error = dialog.locator('.settings-status-error');
    await error.waitFor();
    assert.equal(
      await error.innerText(),
      'The COSS URL must start with http:// or https://, e.g. https://coss.example.',
    );
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await focusedLabel(page), 'settings-coss-url', 'focus stays where the mistake is');
    await page.screenshot({ path: `${ARTIFACTS}17-settings-error.png` });

    await page.keyboard.press('Home');
    await page.keyboard.type('https://');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'settings-token');
    await page.keyboard.type('tok-9f2c');

    // Tab on to the notification rules: make Globex notify on warnings, softly.
    await tabTo(page, (label) => label === 'Add rule');
    await page.keyboard.press('Enter');
    await dialog.locator('tr[data-rule-customer="globex"]').waitFor();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedLabel(page), 'Remove the rule for Globex');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedLabel(page), 'Rule 3 minimum severity');
    // A closed select steps through its options with the arrow keys: error → warning.
    await page.keyboard.press('ArrowDown');
    assert.equal(await dialog.locator('select[aria-label="Rule 3 minimum severity"]').inputValue(), 'warning');
    await tabTo(page, (label) => label === 'Quiet hours');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'Quiet hours start (24-hour, local time)');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('23:00');
    await page.screenshot({ path: `${ARTIFACTS}18-settings-filled.png` });
    await page.keyboard.press('Enter');

    await dialog.locator('.settings-status-saved').waitFor();
    assert.match(await dialog.locator('.settings-status-saved').innerText(), /Saved\. The console reconnects/);
    const saved = await lastCall(page, 'settings.set');
    assert.equal(saved?.cossUrl, 'https://coss.internal.example.com');
    assert.equal(saved?.token, 'tok-9f2c');
    const notifications = saved?.notifications as { rules: unknown[]; quietHours: unknown };
    assert.deepEqual(notifications.rules[2], { customer: 'globex', minSeverity: 'warning', sound: 'soft' });
    assert.deepEqual(notifications.quietHours, { enabled: true, start: '23:00', end: '07:00' });
    assert.equal(await dialog.locator('#settings-token').inputValue(), '', 'the typed token is cleared once saved');
    await page.waitForFunction(
      () => document.querySelector('.conn-chip')?.getAttribute('title') === 'https://coss.internal.example.com',
    );
    await page.screenshot({ path: `${ARTIFACTS}19-settings-saved.png` });

    // Reopening reads back what the host now holds.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+,');
    await dialog.locator('#settings-coss-url').waitFor();
    assert.equal(await dialog.locator('#settings-coss-url').inputValue(), 'https://coss.internal.example.com');
    assert.equal(await dialog.locator('#settings-quiet-start').inputValue(), '23:00');
    await page.keyboard.press('Escape');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('says a bad quiet-hours time in words before asking the host', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('Control+,');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.locator('#settings-coss-url').waitFor();
    await tabTo(page, (label) => label === 'Quiet hours');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('7pm');
    await page.keyboard.press('Enter');
    await dialog
      .locator('.settings-status-error', { hasText: 'Quiet hours start must be a 24-hour time such as 22:00.' })
      .waitFor();
    assert.equal(await dialog.locator('#settings-quiet-start').getAttribute('aria-invalid'), 'true');
    assert.equal(await lastCall(page, 'settings.set'), undefined);
    await context.close();
  });

  it('finds the x7 device notes offline with Ctrl+Shift+F, shows the rule, and opens the alert with Enter', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(
      (syncedAt) => {
        (window as unknown as FakeCalls).cossFake.setConnection({
          status: 'offline',
          attempt: 0,
          syncedAt,
          lastError: 'connect ECONNREFUSED 10.0.0.5:443',
        });
      },
      new Date(NOW - 12 * 60_000).toISOString(),
    );
    await page.locator('.banner-offline').waitFor();

    await page.keyboard.press('Control+Shift+F');
    const panel = page.getByRole('dialog', { name: "Search Acme's notes" });
    await panel.waitFor();
    const source = panel.locator('.notes-source');
    assert.equal(await source.getAttribute('data-offline'), 'true');
    assert.match(await source.innerText(), /Offline: searching the notes cached on this machine \(synced 12m ago\)/);
    assert.equal(await focusedLabel(page), 'Search notes');

    await page.keyboard.type('x7');
    await panel.locator('.notes-hit').first().waitFor();
    const hits = panel.locator('.notes-hit');
    assert.equal(await hits.count(), 2, 'the runbook rule and the alert that carries it');
    assert.equal(await hits.nth(0).getAttribute('data-rule-id'), '7');
    assert.equal(await hits.nth(1).getAttribute('data-alert-number'), '32977');
    assert.match(await hits.nth(1).innerText(), /#32977[\s\S]*x7\.acme\.com CheckDNSELB/);
    assert.equal(await lastCall(page, 'notes.search').then((args) => args?.customer), 'acme');
    await page.screenshot({ path: `${ARTIFACTS}20-notes-search-offline.png` });

    // Enter on the rule shows its notes; Esc steps back to the hits, not out of the search.
    await page.keyboard.press('Enter');
    const rule = panel.locator('.rule-notes');
    await rule.waitFor();
    assert.match(await rule.innerText(), /CheckDNSELB on the x7 DNS probe host[\s\S]*restart x7[\s\S]*Open 32977/);
    await page.screenshot({ path: `${ARTIFACTS}21-notes-rule.png` });
    await page.keyboard.press('Escape');
    await rule.waitFor({ state: 'detached' });
    await panel.locator('.notes-hit').first().waitFor();

    // The query and hits are still there. Tab into the list, where j/k move as in the queue; Enter opens the alert.
    assert.equal(await panel.getByRole('combobox', { name: 'Search notes' }).inputValue(), 'x7');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(page), 'Matching notes');
    await page.keyboard.press('j');
    assert.equal(await panel.locator('.notes-hit.is-active').getAttribute('data-alert-number'), '32977');
    await page.keyboard.press('k');
    assert.equal(await panel.locator('.notes-hit.is-active').getAttribute('data-rule-id'), '7');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await panel.waitFor({ state: 'detached' });
    const detail = page.locator('.detail[data-number="32977"]');
    await detail.waitFor();
    await detail.locator('.markdown:not(.markdown-plain)').first().waitFor({ timeout: 5000 });
    assert.match(await detail.innerText(), /x7\.acme\.com — DNS probe host/);
    assert.equal(await page.getAttribute('.arow.is-cursor', 'data-number'), '32977');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('opens notes search with g n, says when nothing matches, and closes with Esc', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    const panel = page.getByRole('dialog', { name: "Search Acme's notes" });
    await panel.waitFor();
    assert.equal(await panel.locator('.notes-source').getAttribute('data-offline'), 'false');
    await page.keyboard.type('kubernetes');
    await panel.locator('.notes-hint', { hasText: 'No notes match “kubernetes”.' }).waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-list');
    await context.close();
  });

  it('lists both new commands in the palette and the cheat sheet', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('escalation notes');
    assert.match(
      await palette.locator('.palette-item.is-active').innerText(),
      /Search this customer's escalation notes[\s\S]*Ctrl[\s\S]*Shift[\s\S]*F/,
    );
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: "Search Acme's notes" }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await page.keyboard.type('settings');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Settings' }).locator('#settings-coss-url').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard' });
    await sheet.waitFor();
    const text = await sheet.innerText();
    assert.match(text, /Search this customer's escalation notes/);
    assert.match(text, /Settings \(COSS, token, PagerDuty, notifications\)/);
    await page.screenshot({ path: `${ARTIFACTS}22-cheat-sheet-new-commands.png` });
    await context.close();
  });
});
