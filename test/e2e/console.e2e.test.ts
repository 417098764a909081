/**
 * End to end, keyboard only: the built renderer in Debian Chromium, through the real web host (main/web-host) and the
 * real console core, against a real COSS (`coss serve` on PostgreSQL when it answers, else PGlite) whose PagerDuty is
 * the simulator (webhooks signed and delivered back to COSS).
 *
 *   1. the seed transcript: alert 32962 with its notes → p → one incident → both bot lines → acknowledged;
 *   2. offline: COSS stopped → banner with the cache's age, notes search from the cache, `a` queued → COSS back on
 *      the same port and database → the acknowledgement replayed exactly once;
 *   3. tenancy: a console with fred's token (Acme's customer user) shows Acme only, although Globex has alerts.
 *
 * Screenshots of every step go to test-artifacts/e2e/. Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PagerDutySimulator } from '../simulators/pagerduty/index.ts';
import type { Alert } from '../../shared/alert.ts';
import { TRANSCRIPT_EVENT } from '../../main/core/embedded-coss/setup.ts';
import { cursorTo, e2eSkip, openConsolePage, type ConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { spawnWebConsole, startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e0c0ffee5f60718293a4b5c6d7e8f9';
const SECRET = 'e2e-webhook-secret';
const API_TOKEN = 'u+e2etoken';
const DEDUP = 'coss_102-32962';
const SENT = "NOC, I've successfully sent event coss_102-32962 to COSS oncall macro – Systems via PagerDuty.";
const ACKED =
  'NOC, PagerDuty is reporting that incident coss_102-32962 (for COSS oncall macro – Systems) was acknowledged by Romel Emperado on 2012-Nov-4 06:01AM PST.';
const TIER = 'Tier 1: NOC pages casc/int/systems (COSS oncall macro – Systems) for any Acme DNS failure.';
const DEVICE = 'x7.acme.com fronts the Acme ELB; check [Route 53 health](https://wiki.example/acme/dns) first.';
/** DEVICE as rendered: the markdown link becomes its text (external links carry a ↗) */
const DEVICE_SHOWN = /x7\.acme\.com fronts the Acme ELB; check Route 53 health ↗? ?first\./;

const skip = e2eSkip();

async function roomLines(page: Page): Promise<string[]> {
  return page.locator('.room-line .room-body').allInnerTexts();
}

describe(
  'the console end to end (Chromium → web host → COSS → PagerDuty simulator)',
  { skip, timeout: 180_000 },
  () => {
    let stack: E2eStack | undefined;
    let browser: Browser;
    let renderer: { dir: string; remove(): void };
    let pagerduty: PagerDutySimulator;
    let coss: E2eCoss;
    let noc: InProcessConsole;
    let nocPage: ConsolePage;
    // PagerDuty's clock runs at the transcript's moment: paged at 05:58, acknowledged at 06:01 PST.
    let pagerDutyNow = Date.parse('2012-11-04T13:58:00Z');
    const globexNumbers: number[] = [];

    before(
      async () => {
        stack = await startE2eStack({
          services: [systemsService(ROUTING_KEY)],
          apiToken: API_TOKEN,
          webhookSecret: SECRET,
          now: () => pagerDutyNow,
          async prepare(db) {
            await addSystemsTarget(db, ROUTING_KEY);
            // The transcript's event number: the deployment's sequence happens to be there.
            await db.query("SELECT setval('alert_number_seq', 32961)");
          },
        });
        ({ browser, renderer, pagerduty, coss } = stack);
        for (const rule of [
          { name: 'Acme tier', match: { deviceGroup: '/Customers/Acme' }, tierNotes: TIER },
          { name: 'x7', match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' }, deviceNotes: DEVICE },
        ]) {
          const created = await coss.request('POST', '/api/v1/customers/acme/note-rules', coss.tokens.noc, rule);
          assert.equal(created.status, 201, JSON.stringify(created.body));
        }
        const acme = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, TRANSCRIPT_EVENT);
        assert.equal(
          (acme.body as { alerts: Array<{ number: number }> }).alerts[0]?.number,
          32962,
          JSON.stringify(acme.body),
        );
        // Globex has trouble too: the tenancy scenario proves fred never sees it.
        for (const device of ['core1.globex.example', 'vpn.globex.example']) {
          const posted = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.globex, {
            device,
            component: 'bgp',
            eventClass: '/Net/BGP',
            severity: 5,
            summary: `Globex BGP session down on ${device}`,
          });
          assert.equal(posted.status, 200, JSON.stringify(posted.body));
          globexNumbers.push(
            ...(posted.body as { alerts: Array<{ number: number }> }).alerts.map((alert) => alert.number),
          );
        }
        const said = await coss.request('POST', '/api/v1/rooms/globex/messages', coss.tokens.noc, {
          body: 'Globex: BGP flapping at the Frankfurt edge',
        });
        assert.equal(said.status, 201);

        noc = await startInProcessConsole({
          cossUrl: coss.url,
          token: coss.tokens.noc,
          staticDir: renderer.dir,
          // A restarted COSS is found within a second, and "offline" shows after a few seconds instead of a minute.
          tuning: { backoff: { baseMs: 200, capMs: 1000 }, offlineAfterAttempts: 4, outboxRetryMs: 1000 },
        });
        nocPage = await openConsolePage(browser, noc.url);
      },
      { timeout: 120_000 },
    );

    after(
      async () => {
        await nocPage?.context.close().catch(() => undefined);
        await noc?.stop().catch(() => undefined);
        await stack?.close();
      },
      { timeout: 60_000 },
    );

    it('1. the seed transcript: notes, p to page, one incident, both bot lines, acknowledged by PagerDuty', async () => {
      const { page, shot } = nocPage;
      await page.keyboard.press('1');
      await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
      await page.locator('.arow[data-number="32962"]').waitFor();
      await page.locator('.conn-chip[data-status="live"]').waitFor();
      await shot('01-queue-live');

      await cursorTo(page, 32962);
      await page.keyboard.press('Enter');
      const detail = page.locator('.detail[data-number="32962"]');
      await detail.waitFor();
      // Notes show as plain text until the markdown renderer (loaded after start-up) takes over.
      await detail.locator('.detail-notes a.ext-link', { hasText: 'Route 53 health' }).waitFor({ timeout: 5000 });
      const notes = await detail.locator('.detail-notes').innerText();
      assert.ok(notes.includes(TIER), `tier notes shown:\n${notes}`);
      assert.match(notes, DEVICE_SHOWN, 'device notes shown');
      assert.equal(
        await detail.locator('.detail-notes a.ext-link', { hasText: 'Route 53 health' }).count(),
        1,
        'the runbook link renders',
      );
      await shot('02-detail-notes');
      await page.keyboard.press('Escape');
      await detail.waitFor({ state: 'detached' });

      await page.keyboard.press('p');
      const dialog = page.getByRole('dialog', { name: 'Page about 32962' });
      await dialog.waitFor();
      // The target list has focus: choose casc/int/systems with the arrows (it is the only target: ↓ then ↑ stays).
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      assert.equal(await dialog.locator('select').inputValue(), 'casc/int/systems');
      assert.equal(await dialog.locator('input[value="normal"]').isChecked(), true, 'normal priority');
      assert.match(
        await dialog.locator('textarea').inputValue(),
        /^Pls check 32962 re Acme : Systems : x7\.acme\.com \(172\.30\.0\.14\) CRITICAL/,
      );
      await shot('03-page-dialog');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });

      await page.locator('.room-bot .room-body', { hasText: SENT }).waitFor({ timeout: 20_000 });
      assert.equal(pagerduty.incidentCount(DEDUP), 1, 'exactly one PagerDuty incident');
      const triggers = pagerduty.acceptedEvents(ROUTING_KEY).filter((event) => event.eventAction === 'trigger');
      assert.equal(triggers.length, 1);
      const payload = (triggers[0]?.body as { payload: { severity: string; custom_details: Record<string, unknown> } })
        .payload;
      assert.equal(payload.severity, 'warning', 'normal priority is a low-urgency warning');
      assert.equal(payload.custom_details.device_notes, DEVICE);
      await shot('04-paged-bot-line');

      pagerDutyNow = Date.parse('2012-11-04T14:01:00Z');
      pagerduty.acknowledge(DEDUP, 'Romel Emperado');
      await page.locator('.room-bot .room-body', { hasText: ACKED }).waitFor({ timeout: 20_000 });
      const row = page.locator('.arow[data-number="32962"][data-status="acknowledged"]');
      await row.waitFor();
      assert.match(await row.locator('.c-status').innerText(), /ack · Romel E\./);
      const lines = await roomLines(page);
      assert.deepEqual(lines.slice(-3), [lines.at(-3) ?? '', SENT, ACKED]);
      assert.match(lines.at(-3) ?? '', /^\.oncall \[casc\/int\/systems, 32962\] Pls check 32962/);
      assert.equal(pagerduty.incidentCount(DEDUP), 1);
      await shot('05-acknowledged-by-pagerduty');
      // The alert's card, posted in the room when it opened critical, shows its state now: acknowledged in PagerDuty.
      const card = page.locator('.room-card[data-card="32962"]');
      await card.locator('.room-card-state', { hasText: 'acknowledged by Romel Emperado' }).waitFor();
      assert.equal(await card.locator('.sev').getAttribute('aria-label'), 'severity critical');
      const cardText = await card.locator('.room-card-body').innerText();
      assert.match(cardText, /^Device: x7\.acme\.com\nIP Address: 172\.30\.0\.14\n/);
      assert.ok(cardText.includes(`=== Tier notes ===\n${TIER}`), cardText);
      await card.scrollIntoViewIfNeeded();
      await shot('06-room-card');
      assert.deepEqual(nocPage.errors, []);
    });

    it('2. offline: banner with the cache age, notes search from the cache, a queued, replayed exactly once', async () => {
      const { page, shot } = nocPage;
      const posted = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, {
        device: 'db01.acme.com',
        component: 'mysqld',
        eventClass: '/Status/DB',
        severity: 4,
        summary: 'mysqld replication lag 900 s',
      });
      const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      assert.ok(number > 32962, JSON.stringify(posted.body));
      await page.locator(`.arow[data-number="${number}"][data-status="open"]`).waitFor();

      await coss.stop();
      const banner = page.locator('.banner');
      await banner.waitFor();
      assert.match(
        await banner.innerText(),
        /(Reconnecting to COSS \(attempt \d+\)|Offline)[\s\S]*Showing cached alerts, data from \d+s ago/,
      );
      await shot('06-reconnecting');
      await page.locator('.banner-offline').waitFor({ timeout: 20_000 });
      assert.match(await banner.innerText(), /Offline[\s\S]*data from \d+s ago/);
      await shot('07-offline');

      // Runbook notes come from the bundle cached on disk.
      await searchNotesOffline(page, 'Route 53', /x7\.acme\.com fronts the Acme ELB; check .*Route 53 health/, shot);

      await cursorTo(page, number);
      await page.keyboard.press('a');
      await page.locator('.toast-queued').waitFor();
      assert.match(await page.locator(`.arow[data-number="${number}"] .c-status`).innerText(), /ack queued/);
      assert.match(await banner.innerText(), /1 action queued/);
      const pending = noc.running.core.outbox.pending;
      assert.equal(pending.length, 1);
      const key = pending[0]?.key ?? '';
      await shot('09-offline-ack-queued');

      await coss.start();
      await banner.waitFor({ state: 'detached', timeout: 20_000 });
      await page.locator('.conn-chip[data-status="live"]').waitFor();
      const row = page.locator(`.arow[data-number="${number}"][data-status="acknowledged"]`);
      await row.waitFor();
      await row.locator('.c-status', { hasText: /^ack · NOC$/ }).waitFor();
      assert.equal(noc.running.core.outbox.pending.length, 0);
      // Give a duplicate replay (had there been one) time to land before counting.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const detail = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
        alert: Alert;
        history: Array<{ kind: string }>;
      };
      assert.equal(detail.alert.status, 'acknowledged');
      assert.equal(detail.alert.acknowledgedBy, 'NOC');
      assert.equal(
        detail.history.filter((entry) => entry.kind === 'alert.acknowledged').length,
        1,
        JSON.stringify(detail.history),
      );
      if (coss.query) {
        const events = await coss.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM events e JOIN alerts a ON a.id = e.alert_id WHERE a.number = $1 AND e.type = 'alert.acknowledged'",
          [number],
        );
        assert.equal(events.rows[0]?.n, 1, 'one alert.acknowledged in the event log');
        const keys = await coss.query('SELECT key FROM idempotency_keys WHERE key = $1', [key]);
        assert.equal(keys.rowCount, 1, 'the idempotency key was claimed once');
      }
      await shot('10-back-live-replayed');
      assert.deepEqual(nocPage.errors, []);
    });

    it('3. tenancy: fred (Acme’s customer user) sees Acme only, although Globex has alerts', async () => {
      // The operator's console sees both customers: Globex really is there to be hidden.
      assert.ok((await nocPage.page.locator('.customer[data-slug="globex"]').count()) === 1, 'the NOC sees Globex');
      const fred = await spawnWebConsole({ cossUrl: coss.url, token: coss.tokens.fred, staticDir: renderer.dir });
      let fredPage: ConsolePage | undefined;
      try {
        fredPage = await openConsolePage(browser, fred.url);
        const { page, shot } = fredPage;
        await page
          .locator('.conn-chip[data-status="live"]')
          .waitFor()
          .catch(async (error: unknown) => {
            await shot('11-tenancy-fred-not-live');
            throw new Error(
              `fred's console never went live: ${await page.locator('.statusbar').innerText()} / ${await page.locator('.app').innerText()}\n${fred.output()}\n${String(error)}`,
            );
          });
        await page.locator('.arow[data-number="32962"]').waitFor();
        await page
          .locator('.room-bot .room-body', { hasText: ACKED })
          .waitFor()
          .catch(async (error: unknown) => {
            await shot('11-tenancy-fred-FAILED');
            throw error;
          });
        assert.deepEqual(
          await page.evaluate<Array<string | null>>(
            "[...document.querySelectorAll('.customer')].map((node) => node.getAttribute('data-slug'))",
          ),
          ['acme'],
        );
        // Keys that would switch customer find nothing else to switch to.
        for (const key of ['2', ']', '[']) {
          await page.keyboard.press(key);
          assert.equal(await page.locator('.customer[aria-current="true"]').getAttribute('data-slug'), 'acme');
        }
        const numbers = await page.evaluate<number[]>(
          "[...document.querySelectorAll('.arow')].map((row) => Number(row.getAttribute('data-number')))",
        );
        for (const globex of globexNumbers) assert.ok(!numbers.includes(globex), `Globex alert ${globex} is not shown`);
        const text = await page.locator('body').innerText();
        assert.doesNotMatch(text, /globex|Frankfurt|BGP/i, 'nothing of Globex anywhere on the page');
        assert.match(await page.locator('.room-head').innerText(), /Acme/);
        assert.match(await page.locator('.whoami').innerText(), /Fred · customer/);
        await shot('11-tenancy-fred');
        assert.deepEqual(fredPage.errors, []);
      } finally {
        await fredPage?.context.close();
        await fred.stop();
      }
    });
  },
);

/**
 * Keyboard-only notes search (g n) while COSS is away: the panel must say it searches the cache, and find `query`
 * in a hit whose text matches `expected`. Esc closes it again.
 */
async function searchNotesOffline(
  page: Page,
  query: string,
  expected: RegExp,
  shot: (name: string) => Promise<void>,
): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press('n');
  const panel = page.getByRole('dialog', { name: "Search Acme's notes" });
  await panel.waitFor();
  await panel.locator('.notes-source-offline').waitFor();
  assert.match(
    await panel.locator('.notes-source-offline').innerText(),
    /searching the notes cached on this machine \(synced \d+s ago\)/,
  );
  await page.keyboard.type(query);
  const hit = panel.locator('.notes-hit', { hasText: expected });
  await hit.first().waitFor();
  const hits = await panel.locator('.notes-hit').allInnerTexts();
  assert.ok(
    hits.some((text) => expected.test(text.replace(/\s+/g, ' '))),
    `a hit shows the device notes: ${JSON.stringify(hits)}`,
  );
  await shot('08-offline-notes-search');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
}
