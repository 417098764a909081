/**
 * Sounds and notifications in the web host, heard through the renderer's audio output: the built renderer in Debian
 * Chromium, the real web host and console core, a real COSS (`coss serve`).
 *
 *   1. a new critical sounds and its sound repeats (every 2 s here) until it is acknowledged, then stops; the web
 *      host raised a browser notification for it;
 *   2. a click on that notification brings the console to the alert (customer, cursor, detail);
 *   3. a critical under a maintenance window makes no sound and no notification (and a critical after it does);
 *   4. in quiet hours with "a new critical still sounds" off, a critical shows its notification and makes no sound;
 *   5. a browser that has not been asked shows a prompt saying why, reached with Tab, and asks only on Enter there.
 *
 * What is heard is read from the page's real output: an init script taps every node the page connects to the
 * AudioContext's destination with an AnalyserNode and records the signal's RMS every 25 ms; a sound is a rise out
 * of silence. Notifications are observed by an init script wrapping window.Notification (the console calls the
 * real constructor through it), with the permission granted to the page's origin by the browser context.
 * Skips outside CI without /usr/bin/chromium; fails in CI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_NOTIFICATION_POLICY } from '../../shared/notification-policy.ts';
import type { NotificationPolicy } from '../../shared/host/contract.ts';
import { e2eSkip } from './support/browser.ts';
import { OBSERVE_SOUND_AND_NOTIFICATIONS, lastLevelAt, soundStarts } from '../support/sound-tap.ts';
import type { E2eCoss } from './support/coss.ts';
import { addSystemsTarget, startE2eStack, systemsService, type E2eStack } from './support/stack.ts';
import { startInProcessConsole, type InProcessConsole } from './support/web-console.ts';

const ROUTING_KEY = 'e2e50und0000718293a4b5c6d7e8f2aa';
const skip = e2eSkip();
const REPEAT_SECONDS = 2;

function notifiedTitles(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.notified.map((n) => n.title)');
}

/** Polls `check` every 100 ms until it is true or `ms` passed. */
async function waitUntil(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`waited ${ms} ms for ${what}`);
}

/** Listens for `ms`, the tap recording all along, and answers the sounds that began in that time. */
async function listen(page: Page, ms: number): Promise<number[]> {
  const from = Date.now();
  await waitUntil(`${ms} ms of recorded output`, ms + 10_000, async () => (await lastLevelAt(page)) >= from + ms);
  return (await soundStarts(page)).filter((at) => at >= from);
}

/**
 * Moves the cursor to alert `number` with j and k. Rows keep their elements in a fixed DOM order and are placed by
 * transform, so which way to go is read from where each row is drawn.
 */
async function cursorTo(page: Page, number: number): Promise<void> {
  const target = page.locator(`.arow[data-number="${number}"]`);
  await target.waitFor();
  for (let step = 0; step < 50; step += 1) {
    const at = await page.locator('.arow.is-cursor').getAttribute('data-number');
    if (Number(at) === number) return;
    const [from, to] = await Promise.all([page.locator('.arow.is-cursor').boundingBox(), target.boundingBox()]);
    await page.keyboard.press((to?.y ?? 0) > (from?.y ?? 0) ? 'j' : 'k');
  }
  assert.fail(`could not move the cursor to ${number}`);
}

function hhmm(epochMs: number): string {
  const date = new Date(epochMs);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

describe('sounds and notifications in the web host', { skip, timeout: 300_000 }, () => {
  let stack: E2eStack | undefined;
  let coss: E2eCoss;
  let web: InProcessConsole | undefined;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const raise = async (device: string, summary: string): Promise<number> => {
    const answer = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
      device,
      component: 'check',
      severity: 'critical',
      summary,
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
  };

  const setPolicy = async (policy: NotificationPolicy) => {
    await web?.running.core.handlers['settings.set']({ notifications: policy });
  };

  /** Opens (or reopens) the console on Acme; the key press is the gesture a browser wants before it plays sound. */
  const openAcme = async (reload = false) => {
    // The address's token is read once and dropped from it; a reload finds it in the tab's sessionStorage.
    if (reload) await page.reload();
    else await page.goto(web?.url ?? '');
    await page.waitForSelector('.app[data-ready="true"]');
    await page.locator('.arow').first().waitFor();
    // Before any key the browser holds the sound back, and the status bar says so; the first key lets it play.
    const blocked = page.locator('.statusbar .sound-blocked', { hasText: 'Sound off until you press a key here' });
    await blocked.waitFor();
    await page.keyboard.press('1');
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
    await blocked.waitFor({ state: 'detached' });
    await waitUntil('the audio tap', 10_000, async () => (await lastLevelAt(page)) > 0);
  };

  const policy: NotificationPolicy = {
    ...DEFAULT_NOTIFICATION_POLICY,
    repeatCritical: { enabled: true, everySeconds: REPEAT_SECONDS },
    reminderMinutes: { '*': 0 },
  };

  before(
    async () => {
      stack = await startE2eStack({
        services: [systemsService(ROUTING_KEY)],
        apiToken: 'u+e2esoundtoken',
        webhookSecret: 'e2e-sound-webhook-secret',
        prepare: (db) => addSystemsTarget(db, ROUTING_KEY),
      });
      coss = stack.coss;
      await raise('web1.acme.com', 'HTTP check failed');
      web = await startInProcessConsole({ cossUrl: coss.url, token: coss.tokens.noc, staticDir: stack.renderer.dir });
      await setPolicy(policy);
      context = await stack.browser.newContext({ viewport: { width: 1600, height: 900 }, colorScheme: 'dark' });
      await context.grantPermissions(['notifications'], { origin: new URL(web.url).origin });
      await context.addInitScript(OBSERVE_SOUND_AND_NOTIFICATIONS);
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => errors.push(error.message));
      await openAcme();
    },
    { timeout: 120_000 },
  );

  after(
    async () => {
      await context?.close().catch(() => undefined);
      await web?.stop().catch(() => undefined);
      await stack?.close();
      assert.deepEqual(errors, []);
    },
    { timeout: 60_000 },
  );

  let first = 0;

  it('1. a new critical sounds, repeats until it is acknowledged, and raises a browser notification', async () => {
    const raisedAt = Date.now();
    first = await raise('db1.acme.com', 'mysqld down on the primary');
    await waitUntil('the notification', 15_000, async () =>
      (await notifiedTitles(page)).includes(`CRITICAL · Acme #${first}`),
    );
    await waitUntil('the sound and two repeats', 20_000, async () => {
      const starts = (await soundStarts(page)).filter((at) => at >= raisedAt);
      return starts.length >= 3;
    });
    const starts = (await soundStarts(page)).filter((at) => at >= raisedAt);
    const gaps = starts.slice(1).map((at, index) => at - (starts[index] ?? 0));
    assert.ok(
      gaps.every((gap) => gap >= REPEAT_SECONDS * 1000 - 300),
      `repeats ${REPEAT_SECONDS} s apart, not sooner: ${gaps.join(', ')} ms`,
    );

    await cursorTo(page, first);
    await page.keyboard.press('a');
    await page.locator(`.arow[data-number="${first}"][data-status="acknowledged"]`).waitFor();
    // A repeat that began before the acknowledgement reached this console may still be playing; none starts after.
    const heard = await listen(page, REPEAT_SECONDS * 1000 * 2.5);
    assert.deepEqual(heard, [], 'no sound once acknowledged');
  });

  it('2. a click on the notification brings the console to the alert', async () => {
    await page.keyboard.press('2');
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor({ state: 'detached' });
    await page.evaluate(
      `window.notified.find((n) => n.title === 'CRITICAL · Acme #${first}').instance.dispatchEvent(new Event('click'))`,
    );
    await page.locator('.customer[aria-current="true"][data-slug="acme"]').waitFor();
    await page.locator(`.arow.is-cursor[data-number="${first}"]`).waitFor();
    await page.locator(`.detail[data-number="${first}"]`).waitFor();
  });

  it('3. a critical under a maintenance window makes no sound and no notification; the next one does', async () => {
    const made = await coss.request('POST', '/api/v1/customers/acme/maintenance', coss.tokens.noc, {
      scope: { devices: ['db7.acme.com'] },
      duration: '1h',
      reason: 'storage firmware',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const from = Date.now();
    const covered = await raise('db7.acme.com', 'disk array degraded');
    await page.locator(`.arow[data-number="${covered}"]`).waitFor();
    assert.deepEqual(await listen(page, REPEAT_SECONDS * 1000 * 2.5), [], 'silent under maintenance');
    assert.ok(!(await notifiedTitles(page)).some((title) => title.endsWith(`#${covered}`)), 'no notification');

    const next = await raise('web2.acme.com', 'HTTP check failed on web2');
    await waitUntil('the next critical’s sound', 15_000, async () =>
      (await soundStarts(page)).some((at) => at >= from),
    );
    // The detail the click opened keeps j and k; Escape gives them back to the queue.
    await page.keyboard.press('Escape');
    await page.locator('.detail').waitFor({ state: 'detached' });
    await cursorTo(page, next);
    await page.keyboard.press('a');
    await page.locator(`.arow[data-number="${next}"][data-status="acknowledged"]`).waitFor();
  });

  it('4. in quiet hours, with a new critical’s sound off there, a critical is shown and not heard', async () => {
    const now = Date.now();
    await setPolicy({
      ...policy,
      quietHours: { enabled: true, start: hhmm(now - 3_600_000), end: hhmm(now + 3_600_000), criticalSound: false },
    });
    await openAcme(true);
    const quiet = await raise('db9.acme.com', 'replication lag 900 s');
    await waitUntil('the notification', 15_000, async () =>
      (await notifiedTitles(page)).includes(`CRITICAL · Acme #${quiet}`),
    );
    assert.deepEqual(await listen(page, REPEAT_SECONDS * 1000 * 2.5), [], 'nothing heard in quiet hours');
  });

  it('5. without a permission, a prompt says why and asks only when chosen, by keyboard', async () => {
    const fresh = await stack?.browser.newContext({ viewport: { width: 1600, height: 900 }, colorScheme: 'dark' });
    assert.ok(fresh);
    try {
      await fresh.addInitScript(`
        window.permissionAsks = 0;
        const ask = Notification.requestPermission.bind(Notification);
        Notification.requestPermission = (...args) => { window.permissionAsks += 1; return ask(...args); };
      `);
      const other = await fresh.newPage();
      await other.goto(web?.url ?? '');
      await other.waitForSelector('.app[data-ready="true"]');
      const prompt = other.getByRole('region', { name: 'Desktop notifications are off' });
      await prompt.waitFor();
      assert.match(await prompt.innerText(), /a new critical, a PagerDuty answer or a reminder reaches you/);
      assert.equal(await other.evaluate<number>('window.permissionAsks'), 0, 'nothing asked on load');
      const allowFocused = () =>
        other.evaluate<boolean>(
          "document.activeElement?.textContent === 'Allow notifications' && document.activeElement.tagName === 'BUTTON'",
        );
      for (let step = 0; step < 12 && !(await allowFocused()); step++) await other.keyboard.press('Tab');
      assert.ok(await allowFocused(), 'Tab reaches Allow');
      await other.keyboard.press('Enter');
      await waitUntil(
        'the browser asked',
        5_000,
        async () => (await other.evaluate<number>('window.permissionAsks')) === 1,
      );
    } finally {
      await fresh.close();
    }
  });
});
