/**
 * A maintenance window made and ended from the console, keyboard only, the built renderer in Debian Chromium through
 * the real web host and console core, against a real COSS (`coss serve`) with the PagerDuty simulator:
 *
 *   1. on an alert of db1, `m` opens the dialog scoped to db1 with its preview ("matches 2 open alerts on 1 device");
 *      a duration, reason and ticket typed in make the window: db1's rows carry the mark, web1's does not, and the
 *      room says the window was made and is in force; the customer's own console shows the same mark and line;
 *   2. `p` on a marked alert is refused with the window named, no "Done", and nothing reaches PagerDuty;
 *   3. `g m`, `x`, Enter end the window: the room says so and the marks go, in both consoles.
 *
 * Screenshots go to test-artifacts/e2e/. Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PagerDutySimulator } from '../simulators/pagerduty/index.ts';
import type { MaintenanceWindow } from '../../shared/maintenance.ts';
import { formatRoomTime } from '../../server/rooms/bot-lines.ts';
import { formatTime } from '../../renderer/components/common/format.ts';
import { cursorTo, e2eSkip, openConsolePage, type ConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e7a15c0ffee0718293a4b5c6d7e8f2';
const SECRET = 'e2e-maintenance-webhook-secret';
const API_TOKEN = 'u+e2emaintenancetoken';
/** The seed's Acme: the room says its times in its zone. */
const ACME_ZONE = 'America/Los_Angeles';

const skip = e2eSkip();

/** Selects all of the focused field and types `text` over it, as an operator would. */
async function retype(page: Page, text: string): Promise<void> {
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

function focusedId(page: Page): Promise<string | undefined> {
  return page.evaluate<string | undefined>('document.activeElement?.id');
}

async function markedNumbers(page: Page): Promise<number[]> {
  const numbers = await page.evaluate<number[]>(
    "[...document.querySelectorAll('.arow.in-maint')].map((row) => Number(row.getAttribute('data-number')))",
  );
  return numbers.sort((a, b) => a - b);
}

describe('a maintenance window from the console, keyboard only', { skip, timeout: 300_000 }, () => {
  let stack: E2eStack | undefined;
  let browser: Browser;
  let pagerduty: PagerDutySimulator;
  let coss: E2eCoss;
  const consoles: InProcessConsole[] = [];
  let noc: ConsolePage;
  let fred: ConsolePage;
  let db1 = [0, 0];
  let web1 = 0;
  let windowId = 0;
  /** the window's end as the room writes it */
  let roomUntil = '';
  /** its end as an instant, which the console words in Acme's time */
  let windowEnd = '';

  const raise = async (device: string, component: string, summary: string): Promise<number> => {
    const answer = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
      device,
      component,
      severity: 'critical',
      summary,
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
      ({ browser, renderer, pagerduty, coss } = stack);
      db1 = [
        await raise('db1.acme.com', 'mysqld', 'mysqld down on the primary'),
        await raise('db1.acme.com', '/var', 'disk /var 95% full'),
      ];
      web1 = await raise('web1.acme.com', 'httpd', 'HTTP check failed');
      const [nocConsole, fredConsole] = await Promise.all([
        startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.noc, staticDir: renderer.dir }),
        startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.fred, staticDir: renderer.dir }),
      ]);
      consoles.push(nocConsole, fredConsole);
      [noc, fred] = await Promise.all([
        openConsolePage(browser, nocConsole.url),
        openConsolePage(browser, fredConsole.url),
      ]);
      // A staff console opens on every customer's alerts; this scenario is Acme's queue.
      await noc.page.locator('.arow').first().waitFor();
      await noc.page.keyboard.press('1');
      await noc.page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
      await fred.page.locator(`.arow[data-number="${web1}"]`).waitFor();
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

  it('1. m previews and makes a window for the cursor alert’s device; its rows are marked and the room says so', async () => {
    const { page, shot } = noc;
    await cursorTo(page, db1[0] ?? 0);
    assert.deepEqual(await markedNumbers(page), [], 'nothing is marked before');

    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog', { name: 'Maintenance window for Acme' });
    await dialog.waitFor();
    assert.equal(await page.locator('#maint-devices').inputValue(), 'db1.acme.com');
    assert.equal(await focusedId(page), 'maint-reason', 'the reason is what is left');
    const preview = dialog.locator('.maint-preview');
    await preview.filter({ hasText: 'matches' }).waitFor();
    // The sample is in the queue's order; which of the two comes first is not this test's business.
    const previewed = /^matches 2 open alerts on 1 device \((\d+), (\d+)\)$/.exec(await preview.innerText());
    assert.ok(previewed, await preview.innerText());
    assert.deepEqual(
      previewed
        .slice(1)
        .map(Number)
        .sort((a, b) => a - b),
      [...db1].sort((a, b) => a - b),
    );

    await page.keyboard.type('kernel patching');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedId(page), 'maint-duration');
    await retype(page, '90m');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'maint-ticket');
    await page.keyboard.type('CHG-1234');
    await shot('maintenance-01-dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    const toast = page.locator('.toast-done', { hasText: 'made for Acme (devices db1.acme.com)' });
    await toast.waitFor();
    const made =
      /^Done Maintenance window (\d+) made for Acme \(devices db1\.acme\.com\): kernel patching, until (.+)\.$/.exec(
        (await toast.locator('.toast-text').innerText()).trim(),
      );
    assert.ok(made, await toast.innerText());
    assert.match(made[2] ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} PST$/, 'the end in the customer’s time');
    windowId = Number(made[1]);

    for (const number of db1) {
      const row = page.locator(`.arow[data-number="${number}"]`);
      await row.locator('.maint-tag').waitFor();
      assert.equal(
        await row.locator('.maint-tag .visually-hidden').innerText(),
        `Under maintenance (window ${windowId}).`,
      );
    }
    assert.deepEqual(
      await markedNumbers(page),
      [...db1].sort((a, b) => a - b),
      'db1 is marked, web1 is not',
    );
    assert.equal(await page.locator(`.arow[data-number="${web1}"] .maint-tag`).count(), 0);

    // COSS holds the window as typed: 90 minutes from now, the reason, the ticket, made by NOC.
    const listed = await coss.request('GET', '/api/v1/customers/acme/maintenance', coss.tokens.noc);
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const held = (listed.body as { windows: MaintenanceWindow[] }).windows.find((window) => window.id === windowId);
    assert.ok(held, JSON.stringify(listed.body));
    assert.deepEqual(
      [held.state, held.scope, held.reason, held.ticket, held.createdBy],
      ['active', { devices: ['db1.acme.com'] }, 'kernel patching', 'CHG-1234', 'NOC'],
    );
    assert.equal(Date.parse(held.endsAt ?? '') - Date.parse(held.startsAt), 90 * 60_000);
    roomUntil = formatRoomTime(new Date(held.endsAt ?? ''), ACME_ZONE);
    windowEnd = held.endsAt ?? '';

    const madeLine =
      `NOC made maintenance window #${windowId} for devices db1.acme.com: "kernel patching", ticket CHG-1234; ` +
      `in force now until ${roomUntil}. Alerts it covers are marked and not paged.`;
    await page.locator('.room-bot .room-body', { hasText: madeLine }).waitFor();
    await shot('maintenance-02-rows-marked');

    // The customer's own console: the same mark on db1's rows, none on web1's, and the same line in their room.
    await fred.page.locator('.room-bot .room-body', { hasText: madeLine }).waitFor();
    for (const number of db1) await fred.page.locator(`.arow[data-number="${number}"] .maint-tag`).waitFor();
    assert.deepEqual(
      await markedNumbers(fred.page),
      [...db1].sort((a, b) => a - b),
    );
    await fred.shot('maintenance-03-customer-sees-window');
  });

  it('2. p on a marked alert is refused with the window named, and nothing is paged', async () => {
    const { page, shot } = noc;
    const number = db1[0] ?? 0;
    await cursorTo(page, number);
    await page.keyboard.press('p');
    await page.getByRole('dialog', { name: `Page about ${number}` }).waitFor();
    await page.keyboard.press('Enter');
    const refused = page.getByRole('alertdialog', { name: `Not paged: ${number} is under maintenance` });
    await refused.waitFor();
    // In the console's words, from the hold COSS sent: not the room's reply with its "--force after the brackets".
    const until = formatTime(windowEnd, ACME_ZONE);
    const today = formatTime(new Date().toISOString(), ACME_ZONE).slice(0, 10);
    const end = `${until.startsWith(today) ? '' : `${until.slice(0, 10)} `}${until.slice(11, 16)} ${until.slice(20)}`;
    assert.equal(
      await refused.locator('.page-refusal').innerText(),
      `Not paged: ${number} is under maintenance window #${windowId} “kernel patching” until ${end}.`,
    );
    assert.equal(
      await refused.locator('.page-refusal + .dialog-text').innerText(),
      'Page anyway sends the page and the room records the override.',
    );
    await shot('maintenance-04-page-refused');
    // Its hint is long: it gets the width of the dialog, not a column squeezed beside the buttons.
    const [hint, box] = await Promise.all([refused.locator('.hint').boundingBox(), refused.boundingBox()]);
    assert.ok(
      hint && box && hint.width >= box.width / 2,
      `the hint is ${hint?.width ?? 0}px wide of ${box?.width ?? 0}`,
    );
    assert.equal(await page.locator('.toast-done', { hasText: /^Page/ }).count(), 0, 'no "Done" for a refusal');

    await page.keyboard.press('Enter');
    await refused.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.toast-done', { hasText: /^Page/ }).count(), 0, 'closing it pages nothing');
    assert.equal(pagerduty.incidentCount(`coss_102-${number}`), 0, 'PagerDuty was not asked');
  });

  it('3. g m lists the window; x and Enter end it, the room says so and the marks go', async () => {
    const { page, shot } = noc;
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    const list = page.getByRole('listbox', { name: 'Maintenance windows of Acme' });
    await list.waitFor();
    const item = list.locator(`[data-window="${windowId}"]`);
    assert.match(
      await item.innerText(),
      new RegExp(`^${windowId} active · devices db1\\.acme\\.com · kernel patching`),
    );
    assert.equal(await item.getAttribute('aria-selected'), 'true');

    await page.keyboard.press('x');
    await page.locator('.maint-error', { hasText: `End window ${windowId} now?` }).waitFor();
    await shot('maintenance-05-list-end');
    await page.keyboard.press('Enter');
    await page.locator('.toast-done', { hasText: `Maintenance window ${windowId} ended` }).waitFor();
    await item.filter({ hasText: 'ended' }).waitFor();
    assert.equal(await item.getAttribute('data-state'), 'ended');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });

    const endLine = `Maintenance window #${windowId} ("kernel patching") was ended by NOC: alerts it covered notify and page again.`;
    await page.locator('.room-bot .room-body', { hasText: endLine }).waitFor();
    for (const number of db1) {
      await page.locator(`.arow[data-number="${number}"] .maint-tag`).waitFor({ state: 'detached' });
    }
    assert.deepEqual(await markedNumbers(page), []);
    await shot('maintenance-06-ended');

    await fred.page.locator('.room-bot .room-body', { hasText: endLine }).waitFor();
    for (const number of db1) {
      await fred.page.locator(`.arow[data-number="${number}"] .maint-tag`).waitFor({ state: 'detached' });
    }
    assert.deepEqual(await markedNumbers(fred.page), []);
    assert.deepEqual(noc.errors, []);
    assert.deepEqual(fred.errors, []);
  });
});
