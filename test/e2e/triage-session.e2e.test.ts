/**
 * A triage session end to end, keyboard only: the built renderer in Debian Chromium through the real web host and
 * console core, against a real COSS (`coss serve`):
 *
 *   1. `g N` shows Acme's two families (a link flapping on the web farm, a filling disk), the noisier first, and the
 *      trend chart; `T` opens the triage session, Enter starts it;
 *   2. the link family is decided noise on every device (with COSS's preview of what it would have caught), the disk
 *      family actionable with tier notes (Ctrl+Enter); `e`, Enter end it and the summary is in the room;
 *   3. new events of both families: the link's is not in the queue (the toolbar says "1 suppressed", `f t` shows it
 *      and its detail names the transform), the disk's carries the notes written in the session.
 *
 * Screenshots go to test-artifacts/e2e/. Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { cursorTo, e2eSkip, openConsolePage, type ConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e7719a9ec0ffee18293a4b5c6d7e8f';
const SECRET = 'e2e-triage-webhook-secret';
const API_TOKEN = 'u+e2etriagetoken';
const TIER = 'Tier 1: grow the volume by 20% and tell the DBA on call.';
const LINK = { component: 'eth0', eventClass: '/Net/Link', summary: 'eth0 link down', severity: 4 };
const DISK = { component: 'disk', eventClass: '/Perf/FS', summary: 'disk /var 95% full', severity: 4 };

const skip = e2eSkip();

describe('a triage session end to end, keyboard only', { skip, timeout: 300_000 }, () => {
  let stack: E2eStack | undefined;
  let browser: Browser;
  let coss: E2eCoss;
  let console: InProcessConsole | undefined;
  let noc: ConsolePage;

  const raise = async (device: string, event: Record<string, unknown>): Promise<number> => {
    const answer = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
      device,
      DeviceGroups: ['/Customers/Acme'],
      ...event,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
  };

  before(
    async () => {
      stack = await startE2eStack({
        services: [systemsService(ROUTING_KEY)],
        apiToken: API_TOKEN,
        webhookSecret: SECRET,
        prepare: (db) => addSystemsTarget(db, ROUTING_KEY),
      });
      let renderer: { dir: string };
      ({ browser, renderer, coss } = stack);
      // The web farm's link flaps (three alerts, each cleared), one disk filling on db1.
      for (const device of ['web01.acme.com', 'web02.acme.com', 'web01.acme.com']) {
        await raise(device, LINK);
        await raise(device, { ...LINK, summary: 'eth0 link up', severity: 0 });
      }
      await raise('db1.acme.com', DISK);
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
    },
    { timeout: 60_000 },
  );

  it('1. g N shows the families and the trend; T and Enter start a session', async () => {
    const { page, shot } = noc;
    await page.keyboard.press('g');
    await page.keyboard.press('Shift+N');
    const report = page.getByRole('dialog', { name: 'Noise · Acme' });
    const rows = report.locator('.nz-table tbody tr');
    await rows.nth(1).waitFor();
    assert.match(await rows.first().locator('th').innerText(), /Link/);
    assert.match(await rows.nth(1).locator('th').innerText(), /FS/);
    await report.locator('.noise-chart canvas').waitFor();
    await shot('triage-1-noise');
    await page.keyboard.press('Shift+T');
    const triage = page.getByRole('dialog', { name: 'Triage · Acme' });
    await triage.getByText('No triage session is open for Acme.', { exact: false }).waitFor();
    await page.keyboard.press('Enter');
    await triage.locator('.tr-family h3', { hasText: /^1\/2 .*Link/ }).waitFor();
  });

  it('2. the link is noise on every device, the disk actionable with notes; e ends it and the room has the summary', async () => {
    const { page, shot } = noc;
    const triage = page.getByRole('dialog', { name: 'Triage · Acme' });
    await page.keyboard.press('n');
    await triage
      .locator('.tr-preview', { hasText: /^Would have suppressed 3 alerts \(3 events\) of the last 7 days\.$/ })
      .waitFor();
    await shot('triage-2-noise-preview');
    await page.keyboard.press('Enter');
    await triage.locator('.tr-family h3', { hasText: /^2\/2 .*FS/ }).waitFor();
    await page.keyboard.press('a');
    await triage.getByRole('form').waitFor();
    await page.keyboard.type(TIER);
    await page.keyboard.press('Control+Enter');
    await triage.getByText('Every family is decided.', { exact: false }).waitFor();
    await page.keyboard.press('e');
    await page.keyboard.press('Enter');
    const summary = triage.locator('.tr-summary [role="status"]');
    await summary.waitFor();
    await shot('triage-3-summary');
    await page.keyboard.press('Escape');
    await page
      .locator('.room-line', { hasText: /triage session #1/i })
      .first()
      .waitFor();
    assert.deepEqual(noc.errors, []);
  });

  it('3. new events: the link’s is suppressed and counted, the disk’s carries the notes', async () => {
    const { page, shot } = noc;
    const link = await raise('web05.acme.com', LINK);
    const disk = await raise('db2.acme.com', DISK);
    await page.locator(`.arow[data-number="${disk}"]`).waitFor();
    assert.equal(await page.locator(`.arow[data-number="${link}"]`).count(), 0, 'the suppressed one is not shown');
    await page.locator('.toolbar-supp', { hasText: '1 suppressed' }).waitFor();
    await cursorTo(page, disk);
    await page.keyboard.press('Enter');
    await page.locator(`.detail[data-number="${disk}"]`, { hasText: 'grow the volume by 20%' }).waitFor();
    await shot('triage-4-notes-inline');
    await page.keyboard.press('Escape');

    // The disk's alert (an error) posts its card in the room, with the notes triage wrote; the suppressed one none.
    const card = page.locator(`.room-card[data-card="${disk}"]`);
    await card.waitFor();
    const cardText = await card.innerText();
    assert.match(cardText, /Device: db2\.acme\.com/, cardText);
    assert.match(cardText, /== Escalation notes ==[\s\S]*=== Tier notes ===[\s\S]*grow the volume by 20%/, cardText);
    assert.equal(await page.locator(`.room-card[data-card="${link}"]`).count(), 0, 'a suppressed alert has no card');
    await card.scrollIntoViewIfNeeded();
    await shot('triage-6-room-card');

    await page.keyboard.press('f');
    await page.keyboard.press('t');
    await cursorTo(page, link);
    await page.keyboard.press('Enter');
    await page
      .locator(`.detail[data-number="${link}"] .transform-supp-fact`, { hasText: /Suppressed by transform #\d+ \(/ })
      .waitFor();
    await shot('triage-5-suppressed');
    assert.deepEqual(noc.errors, []);
  });
});
