/**
 * Issue 10 item 18, keyboard only, the built renderer in Debian Chromium through the real web host and console core,
 * against a real COSS (`coss serve`) with the PagerDuty simulator: a NOC console with two customers opens on all
 * their alerts in one queue with a customer column and COSS's counts; s d sorts by device; v d groups by device with
 * counts; - folds every group, → unfolds one, j reaches an alert inside it and a acknowledges that very alert in COSS;
 * x on a header marks the group and one bulk acknowledgement reaches COSS for all of it; a new alert on a grouped
 * device joins its header's count live while the cursor stays where it is.
 *
 * Screenshots go to test-artifacts/e2e/. Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { e2eSkip, openConsolePage } from './support/browser.ts';
import type { E2eCoss } from './support/coss.ts';
import { startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e7a15c0ffee0718293a4b5c6d7e8f2';
const SECRET = 'e2e-all-customers-webhook-secret';
const API_TOKEN = 'u+e2eallcustomerstoken';

const skip = e2eSkip();

/** The header or alert under the cursor, as `group:<device>` or `alert:<number>`. */
async function cursorRow(page: Page): Promise<string> {
  return await page.evaluate<string>(
    `(() => { const row = document.querySelector('.vlist .is-cursor'); if (row === null) return ''; return row.classList.contains('grow') ? 'group:' + row.getAttribute('data-group') : 'alert:' + row.getAttribute('data-number'); })()`,
  );
}

/** Presses j (or k) until the cursor row is `want`; the rows are read in their shown order to pick the direction. */
async function moveTo(page: Page, want: string): Promise<void> {
  for (let step = 0; step < 80; step += 1) {
    const at = await cursorRow(page);
    if (at === want) return;
    const order = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.vlist .grow, .vlist .arow')].sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset'))).map((row) => row.classList.contains('grow') ? 'group:' + row.getAttribute('data-group') : 'alert:' + row.getAttribute('data-number'))`,
    );
    await page.keyboard.press(order.indexOf(want) > order.indexOf(at) || order.indexOf(want) === -1 ? 'j' : 'k');
  }
  throw new Error(`could not move the cursor to ${want}`);
}

describe('all customers in one queue, sorted and grouped from the keyboard', { skip, timeout: 300_000 }, () => {
  let stack: E2eStack | undefined;
  let browser: Browser;
  let renderer: { dir: string; remove(): void };
  let coss: E2eCoss;
  let noc: InProcessConsole | undefined;

  const post = async (key: string, events: unknown[]): Promise<number[]> => {
    const answer = await coss.request('POST', '/api/v1/alerts', key, { events });
    assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 500));
    return (answer.body as { alerts: Array<{ number: number }> }).alerts.map((alert) => alert.number);
  };
  const statusInCoss = async (number: number): Promise<string> =>
    ((await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: { status: string } })
      .alert.status;

  before(
    async () => {
      stack = await startE2eStack({
        services: [systemsService(ROUTING_KEY)],
        apiToken: API_TOKEN,
        webhookSecret: SECRET,
      });
      ({ browser, renderer, coss } = stack);
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      await noc?.stop().catch(() => undefined);
      await stack?.close();
    },
    { timeout: 60_000 },
  );

  it('opens on both customers, sorts, groups, folds, and a and x a land on the chosen alerts in COSS', async () => {
    // Acme: three alerts on db1 and some others; Globex: a critical on its core router and two more.
    const acmeDb = await post(coss.keys.acme, [
      { device: 'db1.acme.com', component: 'disk', severity: 'warning', summary: 'disk 81% full' },
      { device: 'db1.acme.com', component: 'replication', severity: 'error', summary: 'replication lag 300 s' },
      { device: 'db1.acme.com', component: 'cpu', severity: 'warning', summary: 'load 9 on 8 cores' },
    ]);
    await post(coss.keys.acme, [
      { device: 'web1.acme.com', component: 'httpd', severity: 'error', summary: 'HTTP 5xx rate 9%' },
      { device: 'mail.acme.com', component: 'smtp', severity: 'info', summary: 'queue 200 messages' },
    ]);
    const [router] = await post(coss.keys.globex, [
      { device: 'core-rtr-1.globex.net', component: 'BGP', severity: 'critical', summary: 'BGP session down' },
    ]);
    await post(coss.keys.globex, [
      { device: 'fw1.globex.net', component: 'ha', severity: 'error', summary: 'HA pair out of sync' },
      { device: 'esx4.globex.local', component: 'datastore', severity: 'warning', summary: 'latency 180 ms' },
    ]);
    assert.ok(router !== undefined);

    noc = await startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.noc, staticDir: renderer.dir });
    const { page, context, errors, shot } = await openConsolePage(browser, noc.url);
    await page.locator('.toolbar-title', { hasText: 'All customers' }).waitFor();
    await page.locator('.toolbar-count', { hasText: '8 alerts' }).waitFor();
    assert.equal(
      await page.locator(`.arow[data-number="${router}"] .c-cust`).innerText(),
      'Globex',
      'a customer column',
    );
    assert.equal(await page.locator(`.arow[data-number="${acmeDb[0]}"] .c-cust`).innerText(), 'Acme');

    // s d: by device, ascending, with the arrow on its header.
    await page.keyboard.press('s');
    await page.keyboard.press('d');
    await page.locator('.queue-head .c-device[data-sorted="ascending"]').waitFor();
    const devices = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.arow')].sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset'))).map((row) => row.querySelector('.c-device').textContent)`,
    );
    assert.deepEqual(devices, [...devices].sort());
    await page.keyboard.press('s');
    await page.keyboard.press('s');
    await page.locator('.queue-head [data-sorted]').waitFor({ state: 'detached' });

    // v d: a header per device with its counts, the worst device (Globex's router) on top.
    await page.keyboard.press('v');
    await page.keyboard.press('d');
    await page.locator('.toolbar-grouping', { hasText: '6 devices' }).waitFor();
    const db1 = page.locator('.grow[data-group="db1.acme.com"]');
    assert.match(await db1.innerText(), /3 alerts[\s\S]*1 error[\s\S]*2 warning[\s\S]*3 unacknowledged/);
    await shot('all-customers-01-grouped-by-device');

    // - folds all; the cursor goes to a header. Then to Globex's router: → shows its alert, j is on it, a acks it.
    await page.keyboard.press('-');
    await page.waitForFunction(`document.querySelectorAll('.vlist .arow').length === 0`);
    await moveTo(page, 'group:core-rtr-1.globex.net');
    await page.keyboard.press('ArrowRight');
    await page.locator(`.arow[data-number="${router}"]`).waitFor();
    await page.keyboard.press('j');
    assert.equal(await cursorRow(page), `alert:${router}`);
    await page.keyboard.press('a');
    await page.locator(`.arow[data-number="${router}"][data-status="acknowledged"]`).waitFor();
    assert.equal(await statusInCoss(router), 'acknowledged', 'a reached the chosen alert in COSS');
    await shot('all-customers-02-folded-one-open');

    // x on db1's (folded) header marks its three alerts; a opens one dialog for them; Enter acknowledges all three.
    await moveTo(page, 'group:db1.acme.com');
    await page.keyboard.press('a');
    await page
      .locator('.toast', { hasText: 'Not done: the cursor is on the group db1.acme.com (3 alerts), not an alert' })
      .waitFor();
    await page.keyboard.press('x');
    await db1.locator('.c-mark', { hasText: '●' }).waitFor();
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: 'Acknowledge 3 alerts' });
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await db1.locator('.g-open', { hasText: 'all acknowledged' }).waitFor();
    for (const number of acmeDb)
      assert.equal(await statusInCoss(number), 'acknowledged', `${number} acknowledged in COSS`);

    // A new alert on db1 joins its header live; the cursor stays on the header.
    const [fourth] = await post(coss.keys.acme, [
      { device: 'db1.acme.com', component: 'memory', severity: 'critical', summary: 'OOM killer ran' },
    ]);
    await db1.locator('.g-total', { hasText: '4 alerts' }).waitFor();
    assert.equal(await cursorRow(page), 'group:db1.acme.com', 'the cursor did not move');
    await page.keyboard.press('ArrowRight');
    await page.locator(`.arow[data-number="${fourth}"]`).waitFor();
    await shot('all-customers-03-live-into-group');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
