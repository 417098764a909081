/**
 * The wallboard (`?view=wallboard`) in Chromium on the fake host: each customer's counts equal what the host holds
 * (and so what the store loaded), the criticals run newest first with a ticking age and who acknowledged them, the
 * connection is said in words on a disconnect, keys do nothing, and at 1920×1080 and 3840×2160 with several
 * customers and thousands of alerts nothing overflows, no text is small and no customer name is clipped
 * (screenshots in test-artifacts/wallboard/).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AlertView, HostApi } from '../../shared/host/contract.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import type { FakeHost, FakeHostOptions } from './fake-host.ts';
import { buildRenderer, chromiumAvailable, serveRenderer, type BuiltRenderer } from './renderer-harness.ts';

const NOW = Date.parse('2026-03-04T11:20:00Z');
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/wallboard/', import.meta.url));
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

type FakeWindow = { cossFake: FakeHost; cossHost: HostApi };
const fake = (page: Page) => page.evaluate.bind(page);

/**
 * Before the renderer starts: once the fake host exists, two maintenance windows and two silent heartbeats. A
 * string, not a function: the test runner's transform would name a function's inner functions with a helper the
 * page does not have.
 */
function seedScript(now: number): string {
  return `(() => {
    const now = ${now};
    const iso = (minutesAgo) => new Date(now - minutesAgo * 60000).toISOString();
    let held;
    Object.defineProperty(globalThis, 'cossFake', {
      configurable: true,
      get: () => held,
      set: (value) => {
        held = value;
        void value.invoke('maintenance.create', {
          customer: 'globex',
          window: { scope: { devices: ['db*'] }, duration: '2h', reason: 'Globex database failover test CHG-2231' },
        });
        void value.invoke('maintenance.create', {
          customer: 'umbrella',
          window: { scope: {}, duration: '45m', reason: 'Umbrella Health quarterly storage firmware upgrade' },
        });
        value.setHeartbeat('globex', 'zenoss-globex', { lastPingAt: iso(19), dueAt: iso(12), missedAt: iso(11) });
        value.setHeartbeat('acme', 'backup-nightly', { lastPingAt: iso(1600), dueAt: iso(40), missedAt: null });
      },
    });
  })();`;
}

describe('wallboard', { skip }, () => {
  let built: BuiltRenderer;
  let served: Awaited<ReturnType<typeof serveRenderer>>;
  let browser: Browser;

  before(async () => {
    built = await buildRenderer();
    served = await serveRenderer(built, { injectFakeHost: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await served?.close();
    built?.remove();
  });

  /** The wallboard on the fake host, once every alert the host holds is counted on the board. */
  async function openWallboard(options: FakeHostOptions, viewport = { width: 1920, height: 1080 }) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    if (options.now !== undefined) await page.clock.setFixedTime(options.now);
    await page.addInitScript((fakeOptions) => {
      (globalThis as { cossFakeOptions?: unknown }).cossFakeOptions = fakeOptions;
    }, options);
    await page.addInitScript({ content: seedScript(options.now ?? Date.now()) });
    await page.goto(`${served.url}?view=wallboard`);
    await page.waitForSelector('.wallboard[data-ready="true"]');
    const expected = await openCount(page);
    await page.waitForFunction(
      (total) =>
        [...document.querySelectorAll('.wb-total')].reduce((sum, cell) => sum + Number(cell.textContent), 0) === total,
      expected,
    );
    return { page, context, errors };
  }

  /** The alerts the host holds, as the store loaded them. */
  function hostAlerts(page: Page): Promise<AlertView[]> {
    return fake(page)(async () => {
      const answer = await (window as unknown as FakeWindow).cossFake.invoke('alerts.list', { customer: '*' });
      return answer.ok ? answer.value : [];
    });
  }

  async function openCount(page: Page): Promise<number> {
    return (await hostAlerts(page)).filter((alert) => alert.status !== 'resolved' && alert.suppressedBy == null).length;
  }

  it("shows each customer's counts by severity as the host holds them, unacknowledged apart from open", async () => {
    const { page, context, errors } = await openWallboard({ now: NOW, bulkAlerts: 3000, bulkCustomers: 8 });
    const alerts = (await hostAlerts(page)).filter(
      (alert) => alert.status !== 'resolved' && alert.suppressedBy == null,
    );
    const cells = await page.$$eval('.wb-customers tbody tr', (rows) =>
      rows.map((row) => ({
        slug: row.getAttribute('data-slug') ?? '',
        cells: [...row.querySelectorAll('td[data-severity]')].map((cell) => ({
          severity: cell.getAttribute('data-severity') ?? '',
          open: Number(cell.getAttribute('data-open')),
          unacknowledged: Number(cell.getAttribute('data-unacknowledged')),
          text: cell.textContent,
        })),
      })),
    );
    const customers = await fake(page)(async () => {
      const answer = await (window as unknown as FakeWindow).cossFake.invoke('customers.list', {});
      return answer.ok ? answer.value.map((customer) => customer.slug) : [];
    });
    assert.deepEqual(
      cells.map((row) => row.slug),
      customers,
    );
    let unackedCriticals = 0;
    for (const row of cells) {
      assert.equal(row.cells.length, 4);
      for (const cell of row.cells) {
        const mine = alerts.filter((alert) => alert.customer === row.slug && alert.severity === cell.severity);
        const unacknowledged = mine.filter((alert) => alert.status === 'open').length;
        assert.equal(cell.open, mine.length, `${row.slug} ${cell.severity} open`);
        assert.equal(cell.unacknowledged, unacknowledged, `${row.slug} ${cell.severity} unacknowledged`);
        assert.equal(cell.text, `${unacknowledged}/${mine.length}`);
        if (cell.severity === 'critical') unackedCriticals += unacknowledged;
      }
    }
    assert.ok(unackedCriticals > 100, 'the bulk alerts include hundreds of unacknowledged criticals');
    // A new critical counts at once (the stream, not a reload).
    const before = await page.getAttribute('tr[data-slug="hooli"] td[data-severity="critical"]', 'data-unacknowledged');
    await fake(page)(() =>
      (window as unknown as FakeWindow).cossFake.raise('hooli', {
        number: 990_001,
        severity: 'critical',
        summary: 'Hooli edge down',
      }),
    );
    await page.waitForFunction(
      (was) =>
        document
          .querySelector('tr[data-slug="hooli"] td[data-severity="critical"]')
          ?.getAttribute('data-unacknowledged') === String(Number(was) + 1),
      before,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('names who is on call per target once, and says why for a customer it knows no one for', async () => {
    const { page, context, errors } = await openWallboard({ now: NOW });
    const systems = page.locator('.wb-oncall-line[data-target="casc/int/systems"]');
    await systems.waitFor();
    assert.equal(await systems.count(), 1, 'a target two customers share is listed once');
    assert.match(await systems.innerText(), /Romel Emperado/);
    assert.match(await page.locator('.wb-oncall-line[data-target="umbrella/dba"]').innerText(), /nobody on call/);
    assert.deepEqual(await page.locator('.wb-unavailable li').allInnerTexts(), [
      'on-call not available for Hooli: no paging target in this room',
    ]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('lists the criticals newest first, with a ticking age and who acknowledged them', async () => {
    const { page, context, errors } = await openWallboard({ now: NOW, bulkAlerts: 2000, bulkCustomers: 6 });
    const firstSeen = await page.$$eval('.wb-critical .wb-age', (ages) =>
      ages.map((age) => age.getAttribute('data-first-seen') ?? ''),
    );
    assert.ok(firstSeen.length >= 5, `${firstSeen.length} critical rows`);
    for (let index = 1; index < firstSeen.length; index++)
      assert.ok(Date.parse(firstSeen[index - 1] ?? '') >= Date.parse(firstSeen[index] ?? ''), `row ${index}`);
    const newest = (await hostAlerts(page))
      .filter((alert) => alert.severity === 'critical' && alert.status !== 'resolved')
      .sort((a, b) => Date.parse(b.firstSeen) - Date.parse(a.firstSeen) || b.number - a.number)[0];
    assert.equal(await page.getAttribute('.wb-critical', 'data-number'), String(newest?.number));
    const more = await page.locator('.wb-critical-list .wb-more').innerText();
    assert.match(more, /^\+ \d+ older criticals$/);

    // A critical acknowledged as it opened arrives at the top (a tie on time goes to the higher number), says who, and its age ticks with the clock.
    await fake(page)(
      (at) =>
        (window as unknown as FakeWindow).cossFake.raise('globex', {
          number: 990_002,
          severity: 'critical',
          summary: 'Core switch sw-core-1 unreachable',
          device: 'sw-core-1.globex.com',
          status: 'acknowledged',
          acknowledgedBy: 'Priya Natarajan',
          firstSeen: at,
        }),
      new Date(NOW).toISOString(),
    );
    const top = page.locator('.wb-critical').first();
    await page.waitForFunction(() => document.querySelector('.wb-critical')?.getAttribute('data-number') === '990002');
    assert.match(await top.locator('.wb-ack').innerText(), /ack\s+Priya Natarajan/i);
    assert.equal(await top.locator('.wb-age').innerText(), '0s');
    await page.clock.setFixedTime(NOW + 12_000);
    await page.waitForFunction(() => document.querySelector('.wb-critical .wb-age')?.textContent === '12s');
    await page.clock.setFixedTime(NOW + 70_000);
    await page.waitForFunction(() => document.querySelector('.wb-critical .wb-age')?.textContent === '1m');
    // An unacknowledged one says so.
    assert.ok((await page.locator('.wb-critical .wb-ack-none').count()) > 0);
    assert.equal(await page.locator('.wb-critical.wb-unacked-row .wb-ack').first().innerText(), 'UNACKNOWLEDGED');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('says plainly when COSS is away: reconnecting since when, offline with the age of the cached data', async () => {
    const { page, context, errors } = await openWallboard({ now: NOW });
    const conn = page.locator('.wb-conn');
    assert.equal(await conn.getAttribute('data-status'), 'live');
    assert.equal(await conn.innerText(), 'LIVE');
    const totalBefore = await page.locator('.wb-total').allInnerTexts();

    await page.clock.setFixedTime(NOW + 60_000);
    await fake(page)(
      (syncedAt) =>
        (window as unknown as FakeWindow).cossFake.setConnection({ status: 'reconnecting', attempt: 2, syncedAt }),
      new Date(NOW + 55_000).toISOString(),
    );
    await page.waitForSelector('.wb-conn[data-status="reconnecting"]');
    const clock = (iso: number) =>
      new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
    assert.equal(
      (await conn.innerText()).replace(/\s+/g, ' '),
      `RECONNECTING since ${clock(NOW + 60_000)} (0s) showing cached data as of ${clock(NOW + 55_000)} (5s ago)`,
    );
    await page.clock.setFixedTime(NOW + 90_000);
    await page.waitForFunction(() => /\(30s\)/.test(document.querySelector('.wb-conn')?.textContent ?? ''));

    await fake(page)(() => (window as unknown as FakeWindow).cossFake.setConnection({ status: 'offline', attempt: 0 }));
    await page.waitForSelector('.wb-conn[data-status="offline"]');
    assert.match(
      (await conn.innerText()).replace(/\s+/g, ' '),
      new RegExp(
        `^OFFLINE since ${clock(NOW + 60_000)} \\(30s\\) showing cached data as of ${clock(NOW + 55_000)} \\(35s ago\\)$`,
      ),
    );
    await page.screenshot({ path: `${ARTIFACTS}wallboard-offline-1920x1080.png` });
    // The cached counts stay on the board meanwhile.
    assert.deepEqual(await page.locator('.wb-total').allInnerTexts(), totalBefore);
    assert.match(await page.locator('.wb-heartbeats h2').innerText(), /last known/);

    await fake(page)(() => (window as unknown as FakeWindow).cossFake.setConnection({ status: 'live', attempt: 0 }));
    await page.waitForSelector('.wb-conn[data-status="live"]');
    assert.equal(await conn.innerText(), 'LIVE');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('does nothing for any key, shows no pointer and no focus, and asks the host only to read', async () => {
    const { page, context, errors } = await openWallboard({ now: NOW });
    const board = await page.locator('.wallboard').innerText();
    const readBefore = await fake(page)(() => (window as unknown as FakeWindow).cossFake.calls.length);
    for (const key of [
      'a',
      'r',
      'p',
      'x',
      'e',
      'z',
      't',
      'm',
      'u',
      'O',
      'Enter',
      'Escape',
      'Tab',
      ' ',
      'Delete',
      '?',
      '/',
      '1',
    ])
      await page.keyboard.press(key);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('g h');
    await page.mouse.click(400, 500);
    await page.mouse.click(1500, 300);
    const names = await fake(page)(() =>
      (window as unknown as FakeWindow).cossFake.calls.map((call) => String(call.name)),
    );
    const reads = new Set(['session.get', 'customers.list', 'alerts.list', 'heartbeats.list', 'maintenance.list']);
    // The only other requests are the test's own two windows, made before the board started.
    assert.deepEqual(
      names.filter((name) => !reads.has(name)),
      ['maintenance.create', 'maintenance.create'],
    );
    assert.deepEqual(
      names.slice(readBefore).filter((name) => !reads.has(name)),
      [],
    );
    assert.equal(await page.locator('.wallboard').innerText(), board);
    assert.equal(await page.locator('[role="dialog"], .overlay, input, textarea, button').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.querySelector('.wb-critical') ?? document.body).cursor),
      'none',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const { customers, ...viewport } of [
    { width: 1920, height: 1080, customers: 8 },
    { width: 3840, height: 2160, customers: 8 },
    { width: 1920, height: 1080, customers: 16 },
  ]) {
    it(`is legible at ${viewport.width}×${viewport.height} with ${customers} customers and 5,000 alerts: nothing overflows or is small`, async () => {
      const { page, context, errors } = await openWallboard(
        { now: NOW, bulkAlerts: 5000, bulkCustomers: customers },
        viewport,
      );
      await page.waitForSelector('.wb-window');
      await page.waitForSelector('.wb-heartbeat[data-state="missed"]');
      await page.screenshot({
        path: `${ARTIFACTS}wallboard-${viewport.width}x${viewport.height}${customers === 8 ? '' : `-${customers}-customers`}.png`,
      });
      const layout = await page.evaluate(() => {
        const overflowing = [...document.querySelectorAll('.wb-panel, .wb-critical-list, .wallboard')]
          .filter(
            (element) =>
              element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1,
          )
          .map((element) => element.className);
        const clippedNames = [...document.querySelectorAll('td.wb-name, .wb-people, .wb-hb-name, .wb-window-who')]
          .filter((element) => element.scrollWidth > element.clientWidth + 1)
          .map((element) => element.textContent);
        let smallest = Infinity;
        for (const element of document.querySelectorAll('.wallboard *')) {
          const ownText = [...element.childNodes].some(
            (node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== '',
          );
          if (ownText) smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize));
        }
        return {
          overflowing,
          clippedNames,
          smallest,
          pageScrolls:
            document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth,
        };
      });
      assert.deepEqual(layout.overflowing, []);
      assert.deepEqual(layout.clippedNames, []);
      assert.equal(layout.pageScrolls, false);
      // Legible across a room: no text under 18 px on a 1080p TV (twice that on a 4K one).
      assert.ok(layout.smallest >= (18 * viewport.width) / 1920, `smallest text ${layout.smallest}px`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
