/**
 * Nothing is "done" that did not happen, keyboard only, the built renderer in Debian Chromium through the real web
 * host and console core, against a real COSS (`coss serve`) with the PagerDuty simulator:
 *
 *   3. a customer user's page dialog offers only their own queue, and their `.oncall` and `.who` of the NOC's target
 *      typed into the room are refused visibly by the bot; nothing is paged;
 *   4. an operator with no PagerDuty email presses `a` on a paged alert: the toast says COSS has it and PagerDuty is
 *      being asked, and the row says "PD refused" with the reason once PagerDuty's side failed; `e` on an alert never
 *      paged fails with the bot's reason instead of "Done".
 *
 * Screenshots go to test-artifacts/e2e/. Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PagerDutySimulator } from '../simulators/pagerduty/index.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import { addToken, addUser } from '../../server/admin/directory.ts';
import { cursorTo, e2eSkip, openConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e7a15c0ffee0718293a4b5c6d7e8f0';
const OWN_KEY = 'e2e7a15c0ffee0718293a4b5c6d7e8f1';
const SECRET = 'e2e-refusals-webhook-secret';
const API_TOKEN = 'u+e2erefusalstoken';

const skip = e2eSkip();

/** Types a line into the ops room (g r focuses it) and sends it. */
async function sayInRoom(page: Page, line: string): Promise<void> {
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  const input = page.getByLabel('Message or command for the ops room');
  await input.waitFor();
  await page.keyboard.type(line);
  // A completion list still open would take Enter: close it first.
  if (await page.locator('.room-input .completions').isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.waitForFunction((field) => (field as { value: string } | null)?.value === '', await input.elementHandle());
  await page.keyboard.press('Escape');
}

describe('refusals are visible, never "done"', { skip, timeout: 300_000 }, () => {
  let stack: E2eStack | undefined;
  let browser: Browser;
  let renderer: { dir: string; remove(): void };
  let pagerduty: PagerDutySimulator;
  let coss: E2eCoss;
  let nightToken = '';
  const consoles: InProcessConsole[] = [];

  const raise = async (device: string, summary: string): Promise<number> => {
    const answer = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
      device,
      severity: 'critical',
      summary,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
  };

  before(
    async () => {
      stack = await startE2eStack({
        services: [
          systemsService(ROUTING_KEY),
          { id: 'PACMEOC', name: 'Acme on call', routingKey: OWN_KEY, escalationPolicyId: 'PEPSYS1' },
        ],
        apiToken: API_TOKEN,
        webhookSecret: SECRET,
        async prepare(db) {
          await addSystemsTarget(db, ROUTING_KEY);
          await upsertTarget(db, {
            path: 'acme/oncall',
            name: 'Acme on call',
            routingKey: OWN_KEY,
            serviceId: 'PACMEOC',
            customer: 'acme',
          });
          await addUser(db, { name: 'night', displayName: 'Night Op', role: 'operator' });
          nightToken = (await addToken(db, 'night')).token;
        },
      });
      ({ browser, renderer, pagerduty, coss } = stack);
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      for (const started of consoles) await started.stop().catch(() => undefined);
      await stack?.close();
    },
    { timeout: 60_000 },
  );

  it("3. a customer's page to the NOC's target is refused visibly, and nothing is paged", async () => {
    const number = await raise('web7.acme.com', 'HTTP check failed');
    const fred = await startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.fred, staticDir: renderer.dir });
    consoles.push(fred);
    const { page, context, errors, shot } = await openConsolePage(browser, fred.url);
    await cursorTo(page, number);

    await page.keyboard.press('p');
    const dialog = page.getByRole('dialog', { name: `Page about ${number}` });
    await dialog.waitFor();
    const offered = await page.evaluate<Array<string | null>>(
      "[...document.querySelectorAll('#page-target option')].map((option) => option.getAttribute('value'))",
    );
    assert.deepEqual(offered, ['acme/oncall'], 'only their own queue');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await sayInRoom(page, `.oncall [casc/int/systems, ${number}] please look`);
    await page
      .locator('.room-bot', { hasText: "Fred, a customer user may not page or look up the NOC's on-call targets" })
      .first()
      .waitFor();
    await sayInRoom(page, '.who casc/int/systems');
    await page.locator('.room-bot', { hasText: 'casc/int/systems is the NOC' }).nth(1).waitFor();
    await shot('refusals-03-customer-refused-in-room');
    assert.equal(pagerduty.incidentCount(`coss_102-${number}`), 0, 'nothing was paged');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('4. a PagerDuty refusal is on the row, and the toasts say only what happened', async () => {
    const paged = await raise('db9.acme.com', 'disk full on the primary');
    const neverPaged = await raise('db8.acme.com', 'disk 80% on the replica');
    const posted = await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, {
      body: `.oncall [casc/int/systems, ${paged}] disk full`,
    });
    assert.equal(posted.status, 201);
    const night = await startInProcessConsole({ cossUrl: coss.url, token: nightToken, staticDir: renderer.dir });
    consoles.push(night);
    const { page, context, errors, shot } = await openConsolePage(browser, night.url);
    // A staff console opens on every customer's alerts; this scenario is Acme's queue.
    await page.locator('.arow').first().waitFor();
    await page.keyboard.press('1');
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
    const row = page.locator(`.arow[data-number="${paged}"]`);
    await row.locator('.c-pd', { hasText: /sent|triggered/ }).waitFor({ timeout: 30_000 });

    await cursorTo(page, paged);
    await page.keyboard.press('a');
    await page
      .locator('.toast', {
        hasText: `Acknowledge ${paged}: done in COSS; passing it on to PagerDuty (coss_102-${paged})`,
      })
      .waitFor();
    await row.locator('.c-pd', { hasText: 'PD refused' }).waitFor();
    assert.match(
      (await row.locator('.c-pd').getAttribute('title')) ?? '',
      new RegExp(
        `^PagerDuty refused the acknowledge of coss_102-${paged} \\(COSS oncall macro – Systems\\): no PagerDuty email for Night Op in COSS`,
      ),
    );
    assert.equal(await row.getAttribute('data-status'), 'acknowledged');
    assert.equal(
      pagerduty.incident(`coss_102-${paged}`)?.status,
      'triggered',
      'PagerDuty still pages the on-call person',
    );
    await shot('refusals-04-pd-refused-on-row');

    await cursorTo(page, neverPaged);
    await page.keyboard.press('e');
    await page
      .locator('.toast-error', {
        hasText: `Escalate ${neverPaged} failed: COSS did not do it: event ${neverPaged} was not paged`,
      })
      .waitFor();
    assert.equal(
      await page.locator('.toast-done', { hasText: `Escalate ${neverPaged}` }).count(),
      0,
      'no "Done" for it',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
