/**
 * The console driven by keyboard only, as an operator at 3 a.m. would: the built renderer in Debian Chromium
 * with the fake host installed as window.cossHost. Screenshots go to test-artifacts/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

async function cursorNumber(page: Page): Promise<number> {
  return Number(await page.getAttribute('.arow.is-cursor', 'data-number'));
}

async function rowFor(page: Page, number: number) {
  return page.locator(`.arow[data-number="${number}"]`);
}

describe('keyboard-only console', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('moves with j/k, opens notes with Enter, and goes back with Esc', async () => {
    const { page, errors, context } = await harness.openConsole({ now: NOW });
    await page.screenshot({ path: `${ARTIFACTS}01-queue.png` });
    const first = await cursorNumber(page);
    assert.equal(first, 32981, 'worst and newest first: the db01 critical');
    await page.keyboard.press('j');
    assert.equal(await cursorNumber(page), 32977);
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await cursorNumber(page), 32977);
    await page.keyboard.press('Enter');
    const detail = page.locator('.detail[data-number="32977"]');
    await detail.waitFor();
    // The markdown renderer loads after start-up; until then notes show as plain text, then as markdown.
    await detail.locator('code', { hasText: 'dig +short' }).waitFor({ timeout: 5000 });
    const text = await detail.innerText();
    assert.match(text, /CheckDNSELB — tier 1/);
    assert.match(text, /x7\.acme\.com — DNS probe host/);
    await page.screenshot({ path: `${ARTIFACTS}02-detail-notes.png` });

    // A link in the notes goes to the host, never navigates the window.
    await detail.locator('a.ext-link', { hasText: 'Acme DNS runbook' }).click();
    await page.waitForFunction(
      () => (window as unknown as { cossFake: { openedUrls: string[] } }).cossFake.openedUrls.length > 0,
    );
    assert.equal(new URL(page.url()).pathname, '/');
    const opened = await page.evaluate(
      () => (window as unknown as { cossFake: { openedUrls: string[] } }).cossFake.openedUrls,
    );
    assert.deepEqual(opened, ['https://wiki.example.com/acme/dns-runbook']);

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('acknowledges with a, and the row shows it', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('j');
    const row = await rowFor(page, 32977);
    assert.equal(await row.getAttribute('data-status'), 'open');
    await page.keyboard.press('a');
    await page.waitForSelector('.arow[data-number="32977"][data-status="acknowledged"]');
    assert.match(await row.innerText(), /ack · NOC/);
    await page.locator('.toast-done', { hasText: 'Acknowledged 32977' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}03-acknowledged.png` });
    await context.close();
  });

  it('marks several with x and acknowledges them together with one ticket number', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    // x marks in place, as in mail clients: x j x j j x marks rows 1, 2 and 4.
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    assert.equal(await page.locator('.arow.is-marked').count(), 3);
    await page.locator('.bulk-bar', { hasText: '3 marked' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}04-bulk-marked.png` });
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: 'Acknowledge 3 alerts' });
    await dialog.waitFor();
    await page.keyboard.type('INC-20931');
    await page.screenshot({ path: `${ARTIFACTS}05-bulk-dialog.png` });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.toast-done', { hasText: 'Acknowledged 3 alerts' }).waitFor();
    assert.equal(await page.locator('.arow.is-marked').count(), 0);
    for (const number of [32981, 32977, 32984]) {
      await page.waitForSelector(`.arow[data-number="${number}"][data-status="acknowledged"]`);
    }
    const call = await page.evaluate(() =>
      (window as unknown as { cossFake: { calls: { name: string; args: unknown }[] } }).cossFake.calls.find(
        (entry) => entry.name === 'alerts.acknowledge',
      ),
    );
    assert.deepEqual(call?.args, { numbers: [32981, 32977, 32984], note: 'INC-20931' });
    await context.close();
  });

  it('pages with p: chooses target and priority, and emergency asks for confirmation', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('j');
    await page.keyboard.press('p');
    const dialog = page.getByRole('dialog', { name: 'Page about 32977' });
    await dialog.waitFor();
    assert.match(
      await dialog.locator('textarea').inputValue(),
      /^Pls check 32977 re Acme : DNS : x7\.acme\.com \(10\.20\.7\.7\) CRITICAL/,
    );
    // Target list has focus: ↓ chooses the next target.
    await page.keyboard.press('ArrowDown');
    assert.equal(await dialog.locator('select').inputValue(), 'casc/int/network');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await dialog.locator('input[value="emergency"]').isChecked(), true);
    await page.screenshot({ path: `${ARTIFACTS}06-page-dialog.png` });
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Confirm emergency page' });
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /EMERGENCY page to COSS oncall macro – Systems about 32977/);
    await page.screenshot({ path: `${ARTIFACTS}07-emergency-confirm.png` });
    // Esc steps back to the form without losing it; Enter again asks again; Enter on the confirmation sends.
    await page.keyboard.press('Escape');
    await dialog.waitFor();
    await dialog.locator('textarea').focus();
    await page.keyboard.press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await page
      .locator('.toast-done', {
        hasText:
          'Emergency page to COSS oncall macro – Systems (casc/int/systems) about 32977: COSS is sending it to PagerDuty; the room says when PagerDuty has it.',
      })
      .waitFor();
    await page.locator('.room-bot', { hasText: 'coss_102-32977' }).waitFor();
    const call = await page.evaluate(() =>
      (
        window as unknown as { cossFake: { calls: { name: string; args: { priority?: string; target?: string } }[] } }
      ).cossFake.calls.find((entry) => entry.name === 'page.send'),
    );
    assert.equal(call?.args.priority, 'emergency');
    assert.equal(call?.args.target, 'casc/int/systems');
    await context.close();
  });

  it('opens the palette with Ctrl+K and runs a command from it', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    const total = await palette.locator('.palette-item').count();
    assert.ok(total >= 30, `every command is listed (${total})`);
    await page.keyboard.type('critical only');
    await page.screenshot({ path: `${ARTIFACTS}08-palette.png` });
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    const severities = await page.locator('.arow .sev').evaluateAll((nodes) => nodes.map((node) => node.textContent));
    assert.ok(
      severities.length > 0 && severities.every((letter) => letter === 'C'),
      `only criticals: ${severities.join('')}`,
    );
    await context.close();
  });

  it('switches customer with 1–9 and filters with / search', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('2');
    await page.waitForSelector('.arow[data-number="32901"]');
    assert.equal(await page.locator('.customer[aria-current="true"]').getAttribute('data-slug'), 'globex');
    // The room follows the customer once its lines have been asked for: wait for them, do not read the first frame.
    await page.locator('.room-lines', { hasText: 'BGP to Lumen down' }).waitFor();
    await page.keyboard.press('1');
    await page.waitForSelector('.arow[data-number="32977"]');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Search the queue');
    await page.keyboard.type('fisheye');
    // Keys typed into the search must not act on the queue: "a" in "fisheye"… none, but j/k would move.
    await page.waitForFunction(() => document.querySelectorAll('.arow').length === 2);
    const devices = await page.locator('.arow .c-device').allInnerTexts();
    assert.deepEqual(devices, ['fisheye.acme.com', 'fisheye.acme.com']);
    await page.screenshot({ path: `${ARTIFACTS}09-search.png` });
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-list');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelectorAll('.arow').length > 2);
    await context.close();
  });

  it('keeps keys out of text fields: typing j and a in the room input only types', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    const before = await cursorNumber(page);
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'room-field');
    await page.keyboard.type('.a');
    await page.locator('.completions li', { hasText: '.ack' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.locator('.room-field').inputValue(), '.ack ');
    await page.keyboard.type('329');
    await page
      .locator('.completions li', { hasText: '32977' })
      .waitFor({ timeout: 5000 })
      .catch(async (error: unknown) => {
        throw new Error(`no completion for "${await page.locator('.room-field').inputValue()}": ${String(error)}`);
      });
    await page.screenshot({ path: `${ARTIFACTS}10-room-completion.png` });
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.room-field').inputValue(), '.ack 329');
    assert.equal(await cursorNumber(page), before, 'j/k/a typed in the field did nothing to the queue');
    assert.equal(await page.locator('.arow[data-status="acknowledged"]').count(), 2, 'nothing new was acknowledged');
    await context.close();
  });

  it('shows the cheat sheet with ? and closes it with Esc', async () => {
    const { page, context } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard' });
    await sheet.waitFor();
    const text = await sheet.innerText();
    for (const title of [
      'Next alert',
      'Acknowledge',
      'Mark alert for a bulk action',
      'Page someone',
      'Command palette',
      'Go to the ops room input',
    ]) {
      assert.ok(text.includes(title), `cheat sheet lists ${title}`);
    }
    await page.screenshot({ path: `${ARTIFACTS}11-cheat-sheet.png` });
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
    await context.close();
  });

  it('shows reconnecting and offline with the cache age, LOCAL when local, and queued outcomes', async () => {
    const { page, context } = await harness.openConsole({ now: NOW, connection: { local: true } });
    assert.match(await page.locator('.conn-chip').innerText(), /Live[\s\S]*LOCAL/);
    await page.evaluate(
      (syncedAt) => {
        const fake = (
          window as unknown as { cossFake: { setConnection(change: object): void; setOutcome(status: string): void } }
        ).cossFake;
        fake.setConnection({
          status: 'reconnecting',
          attempt: 3,
          syncedAt,
          lastError: 'connect ECONNREFUSED 10.0.0.5:443',
        });
        fake.setOutcome('queued');
      },
      new Date(NOW - 4 * 60_000).toISOString(),
    );
    const banner = page.locator('.banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Reconnecting to COSS \(attempt 3\)[\s\S]*data from 4m ago[\s\S]*LOCAL/);
    await page.keyboard.press('a');
    await page.locator('.toast-queued').waitFor();
    assert.match(await page.locator('.arow.is-cursor .c-status').innerText(), /ack queued/);
    await page.screenshot({ path: `${ARTIFACTS}12-reconnecting-queued.png` });
    await page.evaluate(() => {
      (window as unknown as { cossFake: { setConnection(change: object): void } }).cossFake.setConnection({
        status: 'offline',
        attempt: 0,
        pendingActions: 1,
      });
    });
    await page.locator('.banner-offline').waitFor();
    assert.match(await page.locator('.banner').innerText(), /Offline[\s\S]*1 action queued/);
    await page.screenshot({ path: `${ARTIFACTS}13-offline.png` });
    await context.close();
  });
});
