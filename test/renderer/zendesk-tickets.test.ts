/**
 * Zendesk tickets and Harvest time in Chromium, keyboard only, against the fake host (which posts the `.ticket` line
 * and, like COSS's outbox, brings the ticket's number on the alert a moment later): `z` opens the ticket dialog with
 * the priority taken from the severity and the subject from the summary, Enter asks, the toast says asked (not
 * made), and the number shows on the row at 1280×720 and in the detail as a link into Zendesk, beside the time per
 * person COSS counts; offline, the detail says time needs COSS. A customer user's `z` says why and sends nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { AlertTime } from '../../shared/alert-time.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Fake {
  setTime(number: number, people: AlertTime['people']): void;
  setConnection(change: { status: string }): void;
  raise(customer: string, alert: { number: number; summary: string; severity: string }): void;
  calls: { name: string; args: unknown }[];
}

async function calls(page: Page, name: string): Promise<unknown[]> {
  return page.evaluate(
    (wanted) =>
      (window as unknown as { cossFake: Fake }).cossFake.calls
        .filter((call) => call.name === wanted)
        .map((call) => call.args),
    name,
  );
}

describe('Zendesk tickets and Harvest time from the keyboard', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('z asks for a ticket from the severity and summary; its number shows on the row and in the detail', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW }, { width: 1280, height: 720 });
    const row = page.locator('.arow.is-cursor');
    const number = Number(await row.getAttribute('data-number'));
    const summary = (await row.locator('.c-summary').getAttribute('title')) ?? '';
    const critical = (await row.getAttribute('class'))?.includes('arow-critical') === true;
    await page.evaluate(
      (n) =>
        (window as unknown as { cossFake: Fake }).cossFake.setTime(n, [
          { person: 'Romel Emperado', minutes: 83, hours: 1.38, running: true, entries: 2 },
          { person: 'NOC', minutes: 15, hours: 0.25, running: false, entries: 1 },
        ]),
      number,
    );

    // The key is in the cheat sheet (and so in the palette and the menu, from the one command list).
    await page.keyboard.press('?');
    const sheet = page.locator('.cheat-sheet');
    await sheet.waitFor();
    const entry = sheet.locator('.cheat-row', { hasText: 'Zendesk ticket about this alert…' });
    assert.equal(await entry.locator('dt kbd').innerText(), 'z');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    await page.keyboard.press('z');
    const dialog = page.getByRole('dialog', { name: `Zendesk ticket about ${number}` });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Subject').inputValue(), summary, 'the subject is the summary');
    assert.equal(
      await page.evaluate(() => document.activeElement?.id),
      'ticket-subject',
      'the subject has the focus: Enter sends',
    );
    const checked = await dialog.locator('input[name="ticket-priority"]:checked').getAttribute('value');
    assert.equal(checked, critical ? 'urgent' : 'normal', 'the priority follows the severity');
    await page.screenshot({ path: `${ARTIFACTS}ticket-1-dialog.png` });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('.toast-info', {
        hasText: `Asked Zendesk for ${checked === 'urgent' ? 'an' : 'a'} ${checked} ticket on ${number}`,
      })
      .waitFor();
    assert.deepEqual(await calls(page, 'alerts.ticket'), [{ number, priority: checked, subject: summary }]);

    const tag = page.locator(`.arow[data-number="${number}"] .ticket-tag`);
    await tag.waitFor();
    assert.equal(await tag.locator('[aria-hidden="true"]').innerText(), '#4821');
    // Readable at 1280×720: the whole tag lies inside its cell, not cut by the PagerDuty column's edge.
    const cell = await page.locator(`.arow[data-number="${number}"] .c-pd`).boundingBox();
    const box = await tag.boundingBox();
    assert.ok(cell !== null && box !== null);
    assert.ok(box.x >= cell.x && box.x + box.width <= cell.x + cell.width + 0.5, 'the tag fits its cell');
    await page.screenshot({ path: `${ARTIFACTS}ticket-2-row.png` });

    await page.keyboard.press('Enter');
    const detail = page.locator(`.detail[data-number="${number}"]`);
    await detail.waitFor();
    const link = detail.locator('.ticket-table a.ext-link');
    await link.waitFor();
    assert.equal(await link.innerText(), '#4821');
    assert.equal(await link.getAttribute('href'), 'https://cascadeo.zendesk.com/agent/tickets/4821');
    assert.match(await detail.locator('.ticket-table tbody tr').innerText(), /new/);
    const time = detail.locator('.time-table tbody tr');
    await time.first().waitFor();
    assert.deepEqual(
      (await time.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()),
      ['Romel Emperado 1 h 23 min · running 1.38', 'NOC 15 min 0.25'],
    );
    await page.screenshot({ path: `${ARTIFACTS}ticket-3-detail.png` });

    // The alert changes (a second ticket arrives): the panel asks COSS again and shows the time as it is now.
    await page.evaluate(
      (n) =>
        (window as unknown as { cossFake: Fake }).cossFake.setTime(n, [
          { person: 'Romel Emperado', minutes: 90, hours: 1.5, running: false, entries: 2 },
        ]),
      number,
    );
    await page.keyboard.press('z');
    await page.getByRole('dialog', { name: `Zendesk ticket about ${number}` }).waitFor();
    await page.getByText('Already asked: #4821.').waitFor();
    await page.keyboard.press('Enter');
    await detail.locator('.ticket-table a.ext-link', { hasText: '#4822' }).waitFor();
    await detail.locator('.time-table', { hasText: '1 h 30 min' }).waitFor();
    assert.equal(await tag.locator('[aria-hidden="true"]').innerText(), '#4822', 'the row shows the latest');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the detail says time needs COSS while it is away', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, connection: { status: 'offline' } });
    await page.keyboard.press('Enter');
    await page.locator('.detail', { hasText: 'Time per person needs COSS live' }).waitFor();
    assert.equal(await page.locator('.detail .time-table').count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer user pressing z is told why, and nothing is asked', async () => {
    const { page, context, errors } = await harness.openConsole({
      now: NOW,
      user: { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' },
    });
    await page.keyboard.press('z');
    await page
      .locator('.toast-info', { hasText: 'a customer user may not create Zendesk tickets (ticket.create)' })
      .waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.deepEqual(await calls(page, 'alerts.ticket'), []);
    await page.keyboard.press('?');
    await page.locator('.cheat-sheet').waitFor();
    assert.doesNotMatch(await page.locator('.cheat-sheet').innerText(), /Zendesk ticket/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
