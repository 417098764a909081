/**
 * A Zendesk ticket end to end, keyboard only: the built renderer in Debian Chromium through the real web host and
 * console core, against a real COSS (`coss serve`) whose Zendesk is the simulator (ZENDESK_URL, ZENDESK_TOKEN).
 * `z` on a critical alert opens the ticket dialog (urgent, the summary as subject), Enter asks; COSS's outbox makes
 * exactly one ticket in Zendesk, the bot posts its number in the room, and the number shows on the alert's row and
 * in its detail as a link into Zendesk. Screenshots go to test-artifacts/e2e/. Skips outside CI without Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEFAULT_TOKEN, startZendeskSimulator, type ZendeskSimulator } from '../simulators/zendesk/index.ts';
import { cursorTo, e2eSkip, openConsolePage, type ConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e7719a9ec0ffee18293a4b5c6d7e90';
const SUMMARY = 'DNS ELB failing';

const skip = e2eSkip();

describe('a Zendesk ticket from the keyboard, end to end', { skip, timeout: 300_000 }, () => {
  let zendesk: ZendeskSimulator | undefined;
  let stack: E2eStack | undefined;
  let browser: Browser;
  let coss: E2eCoss;
  let console: InProcessConsole | undefined;
  let noc: ConsolePage;
  let number = 0;

  before(
    async () => {
      zendesk = await startZendeskSimulator();
      stack = await startE2eStack({
        services: [systemsService(ROUTING_KEY)],
        apiToken: 'u+e2eticketstoken',
        webhookSecret: 'e2e-ticket-webhook-secret',
        prepare: (db) => addSystemsTarget(db, ROUTING_KEY),
        zendesk: { url: zendesk.url, token: DEFAULT_TOKEN },
      });
      let renderer: { dir: string };
      ({ browser, renderer, coss } = stack);
      const answer = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
        device: 'x7.acme.com',
        component: 'CheckDNSELB',
        eventClass: '/Status/DNS',
        severity: 5,
        summary: SUMMARY,
        DeviceGroups: ['/Customers/Acme'],
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      number = (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      console = await startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.noc, staticDir: renderer.dir });
      noc = await openConsolePage(browser, console.url);
      await noc.page.locator('.arow').first().waitFor();
      await noc.page.keyboard.press('1');
      await noc.page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      await console?.stop().catch(() => undefined);
      await stack?.close();
      await zendesk?.close();
    },
    { timeout: 60_000 },
  );

  it('z, Enter on a critical alert: one urgent ticket in Zendesk, its number on the row, the room and the detail', async () => {
    const { page, shot } = noc;
    await cursorTo(page, number);
    await page.keyboard.press('z');
    const dialog = page.getByRole('dialog', { name: `Zendesk ticket about ${number}` });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Subject').inputValue(), SUMMARY);
    assert.equal(await dialog.locator('input[name="ticket-priority"]:checked').getAttribute('value'), 'urgent');
    await shot('ticket-1-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.toast', { hasText: `Asked Zendesk for an urgent ticket on ${number}` }).waitFor();

    const tag = page.locator(`.arow[data-number="${number}"] .ticket-tag`, { hasText: '#' });
    await tag.waitFor({ timeout: 30_000 });
    const id = Number((await tag.locator('[aria-hidden="true"]').innerText()).slice(1));
    const made = zendesk?.ticket(id);
    assert.ok(made !== undefined && made.externalId !== null);
    assert.equal(zendesk?.ticketCount(made.externalId), 1, 'exactly one ticket');
    assert.deepEqual([made.subject, made.priority, made.type], [SUMMARY, 'urgent', 'incident']);
    await page
      .locator('.room-line', { hasText: `ticket #${id}` })
      .first()
      .waitFor();
    await shot('ticket-2-row');

    await page.keyboard.press('Enter');
    const detail = page.locator(`.detail[data-number="${number}"]`);
    const link = detail.locator('.ticket-table a.ext-link', { hasText: `#${id}` });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `${zendesk?.url ?? ''}/agent/tickets/${id}`);
    await detail.locator('.time-table, .notes-empty', { hasText: /Harvest is not configured|No time/ }).waitFor();
    await shot('ticket-3-detail');
    assert.deepEqual(noc.errors, []);
  });
});
