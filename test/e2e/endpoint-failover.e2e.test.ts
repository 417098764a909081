/**
 * One COSS deployment in two regions, end to end and keyboard only: two `coss serve` nodes on one PostgreSQL
 * database, the console started as `npm run web -- --coss A,B` (the real command line and web host) in Debian
 * Chromium. Node A stops: the console is live on B within 5 s and says so (status bar, Settings); an alert and a room
 * line posted to B during the switch appear once; an acknowledgement made after it lands once in COSS. Asked to move
 * back while A is down, it says why not; once A is healthy again it moves back by itself.
 *
 * Screenshots go to test-artifacts/e2e/. Needs PostgreSQL (two processes cannot share PGlite); skips outside CI
 * without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  buildRendererApp,
  cursorTo,
  e2eSkip,
  launchChromium,
  openConsolePage,
  type ConsolePage,
} from './support/browser.ts';
import { spawnWebConsole, type WebConsole } from './support/web-console.ts';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess, type StoreLocation } from '../support/process.ts';
import { jsonRequest } from '../support/server.ts';
import type { Seed } from '../support/seed.ts';

const skip = e2eSkip();

describe('one deployment at two endpoints: the console fails over and back', { skip, timeout: 300_000 }, () => {
  let browser: Browser;
  let renderer: { dir: string; remove(): void };
  let database: { url: string; drop: () => Promise<void> };
  let store: StoreLocation;
  let seed: Seed;
  let nodeA: CossProcess | null = null;
  let nodeB: CossProcess;
  let portA = 0;
  let urlA = '';
  let console_: WebConsole & { output(): string };
  let consolePage: ConsolePage;

  const postAlert = async (url: string, device: string, summary: string): Promise<number> => {
    const answer = await jsonRequest(url, 'POST', '/api/v1/alerts', seed.keys.acme, {
      events: [{ device, component: 'mysqld', severity: 'critical', summary }],
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
  };

  before(
    async () => {
      // Two processes on one database: PostgreSQL, as the regions of a deployment share one.
      assert.ok(await postgresAvailable(), 'this test needs PostgreSQL (COSS_TEST_PG_URL or 127.0.0.1:5432)');
      [browser, renderer, database] = await Promise.all([
        launchChromium(),
        buildRendererApp(),
        createPostgresDatabase(),
      ]);
      store = { databaseUrl: database.url };
      seed = await seedStore(store);
      [nodeA, nodeB] = await Promise.all([startCossProcess({ store }), startCossProcess({ store })]);
      portA = nodeA.port;
      urlA = nodeA.url;
      console_ = await spawnWebConsole({
        cossUrl: `${nodeA.url},${nodeB.url}`,
        token: seed.tokens.noc,
        staticDir: renderer.dir,
      });
      consolePage = await openConsolePage(browser, console_.url);
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      await consolePage?.context.close().catch(() => undefined);
      await console_?.stop().catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await nodeA?.terminate(15_000).catch(() => undefined);
      await nodeB?.terminate(15_000).catch(() => undefined);
      await database?.drop().catch(() => undefined);
      renderer?.remove();
    },
    { timeout: 60_000 },
  );

  it('A stops: on B within 5 s, nothing lost or repeated, an ack lands once; back on A when it is healthy', async () => {
    const { page, shot } = consolePage;
    const hostA = new URL(urlA).host;
    const hostB = new URL(nodeB.url).host;
    await page.keyboard.press('1');
    const chip = page.locator('.conn-chip[data-status="live"]');
    await chip.locator('.conn-endpoint[data-endpoint-index="0"]', { hasText: `${hostA} (1/2)` }).waitFor();
    const onA = await postAlert(urlA, 'db1.acme.com', 'raised on A');
    await page.locator(`.arow[data-number="${onA}"]`).waitFor();

    // Stop A (SIGTERM, as a region going down for good) and, while the console finds out, post to B.
    const stopping = nodeA?.terminate(15_000);
    const stoppedAt = Date.now();
    nodeA = null;
    const onB = await postAlert(nodeB.url, 'db2.acme.com', 'raised on B during the switch');
    const said = await jsonRequest(nodeB.url, 'POST', '/api/v1/rooms/acme/messages', seed.tokens.noc, {
      body: 'said on B during the switch',
    });
    assert.equal(said.status, 201, JSON.stringify(said.body));
    await chip
      .locator('.conn-endpoint[data-endpoint-index="1"]', { hasText: `${hostB} (2/2, not preferred)` })
      .waitFor({ timeout: 5_000 });
    const switchedMs = Date.now() - stoppedAt;
    console.log(`# on B ${switchedMs} ms after A was told to stop`);
    assert.ok(switchedMs <= 5_000, `on B after ${switchedMs} ms`);
    await stopping;

    await page.locator(`.arow[data-number="${onB}"]`).waitFor();
    await page.locator('.room-line', { hasText: 'said on B during the switch' }).waitFor();
    assert.equal(await page.locator(`.arow[data-number="${onB}"]`).count(), 1, 'the alert posted to B, once');
    assert.equal(await page.locator(`.arow[data-number="${onA}"]`).count(), 1, 'the alert from A, still there once');
    assert.equal(
      await page.locator('.room-line', { hasText: 'said on B during the switch' }).count(),
      1,
      'the room line posted to B, once',
    );
    await shot('endpoint-failover-01-on-b');

    // Settings says where the console is: B, second of the two, from the command line.
    await page.keyboard.press(',');
    const inUse = page.locator('.settings-endpoints li[data-current="true"]');
    await inUse.waitFor();
    assert.match(await inUse.innerText(), new RegExp(`${nodeB.url}.*in use`));
    assert.match(await page.locator('.settings-connected').first().innerText(), /command line/);
    await shot('endpoint-failover-02-settings');
    await page.keyboard.press('Escape');
    await page.locator('.settings-endpoints').waitFor({ state: 'detached' });

    // The acknowledgement goes to B and lands once.
    await cursorTo(page, onB);
    await page.keyboard.press('a');
    await page.locator(`.arow[data-number="${onB}"][data-status="acknowledged"]`).waitFor();
    const detail = (await jsonRequest(nodeB.url, 'GET', `/api/v1/alerts/${onB}`, seed.tokens.noc)).body as {
      alert: { status: string; acknowledgedBy: string };
      history: Array<{ kind: string }>;
    };
    assert.equal(detail.alert.status, 'acknowledged');
    assert.equal(detail.alert.acknowledgedBy, 'NOC');
    assert.equal(detail.history.filter((entry) => entry.kind === 'alert.acknowledged').length, 1, 'acknowledged once');

    // Asked to move back while A is down: it stays, and says why.
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await page.locator('.toast', { hasText: `Stayed on ${nodeB.url}` }).waitFor();

    // A comes back on its address: two healthy probes later (5 s apart) the console is on it again.
    nodeA = await startCossProcess({ store, port: portA });
    await chip.locator('.conn-endpoint[data-endpoint-index="0"]', { hasText: `${hostA} (1/2)` }).waitFor({
      timeout: 20_000,
    });
    const backOnA = await postAlert(urlA, 'db3.acme.com', 'raised on A after the move back');
    await page.locator(`.arow[data-number="${backOnA}"]`).waitFor();
    assert.equal(await page.locator(`.arow[data-number="${backOnA}"]`).count(), 1);
    await shot('endpoint-failover-03-back-on-a');
    assert.deepEqual(consolePage.errors, [], 'no page errors');
  });
});
