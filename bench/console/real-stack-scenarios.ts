/**
 * Real-stack scenarios: the web host CLI (`main/web-host/cli.ts`: console core + renderer over ws://127.0.0.1)
 * in its own process, against a real COSS in another process (bench/console/coss-child.ts), driven in Chromium.
 *
 * - acknowledge: `a` on an open alert until its row shows COSS's acknowledgement (status acknowledged, no pending
 *   marker; the renderer only shows it after the core's outbox got COSS's 200, and alerts.changed then carries
 *   COSS's row), repeated over distinct alerts; verified afterwards through COSS's REST API.
 * - start from cache: the web host with a pre-populated data directory and COSS unreachable; navigation start →
 *   first queue row painted and first `j` that moved the cursor painted.
 *
 * Long on purpose: two scenarios, each a script that runs in the page and the Node side that drives and reads it; kept
 * beside each other so the probe and its reader change together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Alert, Severity } from '../../shared/alert.ts';
import { ConsoleCache } from '../../main/core/cache.ts';
import { emptyNotesBundle } from '../../main/core/notes-bundle.ts';
import type { BuiltRenderer } from '../../test/renderer/renderer-harness.ts';
import { ACK_PROBE_INIT, STARTUP_PROBE_INIT } from './page-scripts.ts';
import { distribution, round, sleep, type Distribution } from './stats.ts';
import { waitInPage } from './wait-in-page.ts';
import { alertRecord } from '../../test/support/alert-record.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Child {
  child: ChildProcess;
  /** resolves with the first stdout line that matches */
  line(match: RegExp, timeoutMs: number): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

function startChild(args: string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { match: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
    for (const waiter of [...waiters]) {
      const found = out.split('\n').find((line) => waiter.match.test(line));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    line(match, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${match} from ${args.join(' ')}:\n${out.slice(-4000)}`)),
          timeoutMs,
        );
        const waiter = {
          match,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        onData(Buffer.alloc(0));
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${args.join(' ')} exited (${code}) before ${match}:\n${out.slice(-4000)}`));
        });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** The web host CLI on a free port; resolves with the address it printed (token in the hash). */
export async function startWebHostCli(
  built: BuiltRenderer,
  dataDir: string,
  coss: { url: string; token: string },
): Promise<{ host: Child; url: string; startMs: number }> {
  const started = performance.now();
  const host = startChild([
    'main/web-host/cli.ts',
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--renderer',
    built.dir,
    '--coss',
    coss.url,
    '--token',
    coss.token,
  ]);
  const line = await host.line(/COSS Console web host: http/, 120_000);
  return { host, url: line.replace(/^.*web host: /, '').trim(), startMs: round(performance.now() - started, 0) };
}

export interface AckResult {
  database: string;
  alerts: number;
  measured: number;
  keyToPaint: Distribution;
  keyToResponse: Distribution;
  keyToEvent: Distribution;
  verifiedInCoss: number;
  statusTexts: string[];
  errors: string[];
}

/** Scenario 3: keystroke → acknowledged by COSS, on screen. */
export async function ackScenario(
  browser: Browser,
  built: BuiltRenderer,
  options: { alerts: number; database: 'postgres' | 'pglite' },
): Promise<AckResult> {
  const coss = startChild(['bench/console/coss-child.ts', options.database]);
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-bench-console-'));
  let host: Child | null = null;
  try {
    const info = JSON.parse(await coss.line(/^\{"url"/, 120_000)) as {
      url: string;
      nocToken: string;
      acmeKey: string;
      database: string;
    };
    // Distinct alerts, all the same severity, so acknowledging does not reorder the queue.
    const now = Date.now();
    const body = Array.from({ length: options.alerts }, (_, index) => ({
      labels: {
        alertname: 'BenchAck',
        instance: `bench${String(index).padStart(4, '0')}.acme.com:9100`,
        severity: 'critical',
        job: 'node',
      },
      annotations: { summary: `Benchmark alert ${index}`, description: 'acknowledge latency benchmark' },
      startsAt: new Date(now - index * 1000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      generatorURL: 'http://prometheus.example/graph',
    }));
    const ingest = await fetch(`${info.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.acmeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!ingest.ok) throw new Error(`ingest answered ${ingest.status}: ${await ingest.text()}`);

    const started = await startWebHostCli(built, dataDir, { url: info.url, token: info.nocToken });
    host = started.host;
    const context = await browser.newContext({
      viewport: { width: 1600, height: 900 },
      deviceScaleFactor: 1,
      colorScheme: 'dark',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.addInitScript(ACK_PROBE_INIT);
    await page.goto(started.url);
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 60_000 });
    await waitInPage(
      page,
      `Number(document.querySelector('#alert-list')?.getAttribute('data-row-count') ?? 0) >= ${options.alerts}`,
      60_000,
    );
    await page.locator('#alert-list').focus();
    await sleep(1000);

    const samples: {
      number: number;
      keyAt: number;
      responseAt: number | null;
      eventAt: number | null;
      paintAt: number;
      text: string;
    }[] = [];
    const seen = new Set<number>();
    for (let step = 0; samples.length < options.alerts && step < options.alerts * 2; step++) {
      const row = await page.evaluate<{
        number: number;
        status: string;
      } | null>(
        `(() => { const row = document.querySelector('.arow.is-cursor'); return row ? { number: Number(row.getAttribute('data-number')), status: row.getAttribute('data-status') } : null; })()`,
      );
      if (row === null) break;
      if (row.status === 'open' && !seen.has(row.number)) {
        seen.add(row.number);
        await page.evaluate(`window.__armAck(${row.number})`);
        await page.keyboard.press('a');
        const done = await page.evaluate<{
          keyAt: number | null;
          responseAt: number | null;
          eventAt: number | null;
          paintAt: number;
          text: string;
        } | null>(`Promise.race([window.__ackDone, new Promise((resolve) => setTimeout(() => resolve(null), 10000))])`);
        if (done === null || done.keyAt === null)
          throw new Error(`acknowledging ${row.number} did not show within 10 s`);
        samples.push({
          number: row.number,
          keyAt: done.keyAt,
          responseAt: done.responseAt,
          eventAt: done.eventAt,
          paintAt: done.paintAt,
          text: done.text,
        });
      }
      // Next alert: j, then let the cursor settle (and the toast appear) before the next measurement.
      await page.keyboard.press('j');
      await sleep(60);
    }
    await context.close();

    // COSS's own word: every alert measured is acknowledged there, by the operator.
    let verified = 0;
    for (const sample of samples) {
      const answer = await fetch(`${info.url}/api/v1/alerts/${sample.number}`, {
        headers: { authorization: `Bearer ${info.nocToken}` },
      });
      const detail = (await answer.json()) as { alert?: { status: string; acknowledgedBy: string | null } };
      if (detail.alert?.status === 'acknowledged' && detail.alert.acknowledgedBy === 'NOC') verified++;
    }
    return {
      database: info.database,
      alerts: options.alerts,
      measured: samples.length,
      keyToPaint: distribution(samples.map((sample) => sample.paintAt - sample.keyAt)),
      keyToResponse: distribution(
        samples.filter((sample) => sample.responseAt !== null).map((sample) => (sample.responseAt ?? 0) - sample.keyAt),
      ),
      keyToEvent: distribution(
        samples.filter((sample) => sample.eventAt !== null).map((sample) => (sample.eventAt ?? 0) - sample.keyAt),
      ),
      verifiedInCoss: verified,
      statusTexts: [...new Set(samples.map((sample) => sample.text))],
      errors,
    };
  } finally {
    await host?.stop();
    await coss.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 9;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const SEVERITY_MIX: readonly Severity[] = [
  'critical',
  'error',
  'error',
  'warning',
  'warning',
  'warning',
  'info',
  'info',
  'debug',
];

function cachedAlert(customer: string, number: number, index: number, now: number): Alert {
  const at = new Date(now - ((index * 37) % 86_400) * 1000).toISOString();
  const summary = `Cached alert ${index}: threshold of 90% exceeded for the last 5 minutes`;
  return alertRecord(number, {
    customer,
    fingerprint: `${customer}|host${index % 911}|check${index % 13}|/Status|${index}`,
    device: `host${String(index % 911).padStart(3, '0')}.${customer}.com`,
    ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    component: ['cpu', 'disk', 'CheckDNSELB', 'heap', 'eth0', 'nginx'][index % 6] ?? 'cpu',
    eventClass: '/Status/Ping',
    severity: SEVERITY_MIX[index % SEVERITY_MIX.length] ?? 'warning',
    summary,
    message: summary,
    count: 1 + (index % 7),
    firstSeen: at,
    lastSeen: at,
    status: index % 10 === 0 ? 'acknowledged' : 'open',
    acknowledgedBy: index % 10 === 0 ? 'NOC' : null,
    deviceGroups: [`/Customers/${customer}`],
    notes: { tier: index % 3 === 0 ? '**Tier 2:** page casc/int/systems' : '', device: '', ruleIds: [] },
    updatedAt: at,
  });
}

/** Writes a cache as a console that last synced with `cossUrl` would have left it. */
export function writeCache(
  dataDir: string,
  cossUrl: string,
  customers: readonly string[],
  alertsPerCustomer: number,
): void {
  const cache = new ConsoleCache(dataDir);
  cache.reset(cossUrl);
  cache.setMe({ name: 'noc', displayName: 'NOC', role: 'operator', customer: null });
  cache.setCustomers(
    customers.map((slug, index) => ({
      id: index + 1,
      number: 102 + index,
      slug,
      name: slug[0]?.toUpperCase() + slug.slice(1),
      timeZone: 'UTC',
    })),
  );
  const now = Date.now();
  customers.forEach((slug, customerIndex) => {
    const alerts = Array.from({ length: alertsPerCustomer }, (_, index) =>
      cachedAlert(slug, 100_000 + customerIndex * alertsPerCustomer + index, index, now),
    );
    cache.replaceAlerts(slug, alerts);
    const data = cache.customer(slug);
    data.notes = emptyNotesBundle(slug);
    for (let id = 1; id <= 200; id++) {
      cache.addRoomMessage({
        id: customerIndex * 1000 + id,
        customer: slug,
        kind: 'human',
        author: 'NOC',
        body: `room line ${id}`,
        command: null,
        replyTo: null,
        createdAt: new Date(now - (200 - id) * 60_000).toISOString(),
      });
    }
  });
  cache.setLastSeq(123_456);
  cache.markSynced(new Date(now - 60_000).toISOString());
  cache.flush();
}

export interface StartupResult {
  customers: number;
  alertsPerCustomer: number;
  runs: number;
  hostStartMs: number;
  rowsPainted: Distribution;
  interactive: Distribution;
  /** rows in the queue once loaded (the fewest of the runs): every cached alert */
  queueRows: number;
  /** navigation start → every cached alert in the queue (the pages after the first screen) */
  fullQueueLoaded: Distribution;
  keyToPaint: Distribution;
  longTasksPerRun: Distribution;
  maxLongTaskMs: number;
  connection: string;
  errors: string[];
}

interface StartupProbe {
  rowsAt: number;
  keyAt: number;
  keyPaintAt: number;
  longtasks: { start: number; duration: number }[];
}

/** A new context and page with the start-up probe installed, before any navigation (so a trace can start first). */
export async function openStartupPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'dark',
  });
  const page = await context.newPage();
  await page.addInitScript(STARTUP_PROBE_INIT);
  return { context, page };
}

/**
 * Navigates and presses a real `j` every ~15 ms from the start: the first one that lands once rows exist moves the
 * cursor. Resolves with the probe once that key's paint is seen.
 */
export async function pressUntilInteractive(page: Page, url: string): Promise<StartupProbe> {
  await page.goto(url, { waitUntil: 'commit' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.keyboard.press('j');
    const state = await page.evaluate<{
      rowsAt: number | null;
      keyAt: number | null;
      keyPaintAt: number | null;
      longtasks: StartupProbe['longtasks'];
    } | null>('window.__startup ?? null');
    if (state !== null && state.rowsAt !== null && state.keyPaintAt !== null && state.keyAt !== null) {
      return { rowsAt: state.rowsAt, keyAt: state.keyAt, keyPaintAt: state.keyPaintAt, longtasks: state.longtasks };
    }
    if (Date.now() > deadline) throw new Error(`not interactive within 15 s: ${JSON.stringify(state)}`);
    await sleep(10);
  }
}

async function startupRun(
  browser: Browser,
  url: string,
  expectedRows: number,
): Promise<{
  rowsAt: number;
  keyAt: number;
  keyPaintAt: number;
  queueRows: number;
  fullQueueAt: number | null;
  longtasks: { duration: number }[];
  banner: string;
  errors: string[];
}> {
  const { context, page } = await openStartupPage(browser);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    const state = await pressUntilInteractive(page, url);
    // The rest of the cache arrives in pages after the first screen: every cached alert must reach the queue.
    const rowCount = `Number(document.querySelector('#alert-list')?.getAttribute('data-row-count') ?? 0)`;
    let fullQueueAt: number | null = null;
    try {
      await waitInPage(page, `${rowCount} >= ${expectedRows}`, 30_000);
      fullQueueAt = round(await page.evaluate<number>('performance.now()'), 0);
    } catch {
      // reported as the row count below
    }
    const queueRows = await page.evaluate<number>(rowCount);
    await sleep(500);
    const banner = await page.evaluate<string>(
      `document.querySelector('.app')?.innerText.match(/(offline|reconnecting|connecting)[^\\n]*/i)?.[0] ?? ''`,
    );
    const late = await page.evaluate<StartupProbe['longtasks']>('window.__startup.longtasks');
    return {
      ...state,
      queueRows,
      fullQueueAt,
      longtasks: late.filter((task) => task.start <= state.keyPaintAt),
      banner,
      errors,
    };
  } finally {
    await context.close();
  }
}

/** The web host CLI on a console data directory as a console that last synced would leave it, COSS unreachable. */
export async function startFromCache(
  built: BuiltRenderer,
  customers: number,
  alertsPerCustomer: number,
): Promise<{ url: string; startMs: number; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-bench-cache-'));
  const cossUrl = `http://127.0.0.1:${await closedPort()}`;
  const names = [
    'acme',
    'globex',
    'initech',
    'umbrella',
    'hooli',
    'vandelay',
    'wonka',
    'tyrell',
    'cyberdyne',
    'soylent',
  ];
  const slugs = Array.from({ length: customers }, (_, index) => names[index] ?? `customer${index + 1}`);
  writeCache(dataDir, cossUrl, slugs, alertsPerCustomer);
  const { host, url, startMs } = await startWebHostCli(built, dataDir, { url: cossUrl, token: 'coss_u_unreachable' });
  return {
    url,
    startMs,
    async stop() {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Scenario 4: interactive from cache with COSS unreachable. */
export async function startupScenario(
  browser: Browser,
  built: BuiltRenderer,
  options: { customers: number; alertsPerCustomer: number; runs: number },
): Promise<StartupResult> {
  const { url, startMs, stop } = await startFromCache(built, options.customers, options.alertsPerCustomer);
  try {
    // One warm-up load (first HTTP serve, first core answers), not counted.
    const expectedRows = options.customers * options.alertsPerCustomer;
    await startupRun(browser, url, expectedRows);
    const runs = [];
    for (let run = 0; run < options.runs; run++) runs.push(await startupRun(browser, url, expectedRows));
    return {
      customers: options.customers,
      alertsPerCustomer: options.alertsPerCustomer,
      runs: runs.length,
      hostStartMs: startMs,
      rowsPainted: distribution(runs.map((run) => run.rowsAt)),
      interactive: distribution(runs.map((run) => Math.max(run.rowsAt, run.keyPaintAt))),
      queueRows: Math.min(...runs.map((run) => run.queueRows)),
      fullQueueLoaded: distribution(runs.flatMap((run) => (run.fullQueueAt === null ? [] : [run.fullQueueAt]))),
      keyToPaint: distribution(runs.map((run) => run.keyPaintAt - run.keyAt)),
      longTasksPerRun: distribution(runs.map((run) => run.longtasks.length)),
      maxLongTaskMs: round(Math.max(0, ...runs.flatMap((run) => run.longtasks.map((task) => task.duration)))),
      connection: runs[runs.length - 1]?.banner ?? '',
      errors: runs.flatMap((run) => run.errors),
    };
  } finally {
    await stop();
  }
}
