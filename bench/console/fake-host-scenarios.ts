/**
 * Renderer-only scenarios, in Chromium against the in-page fake host (test/renderer/fake-host.ts), in the
 * all-customers queue (the default view with several customers): scrolling 100,000 alerts over 10 customers, the
 * stream at 1,000 upserts/s over them, and the JS heap.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BuiltRenderer } from '../../test/renderer/renderer-harness.ts';
import type { FakeHostOptions } from '../../test/renderer/fake-host.ts';
import { FRAME_PROBE, QUEUE_POSITION, STREAM_PREPARE, streamLoadScript } from './page-scripts.ts';
import { distribution, round, sleep, type Distribution } from './stats.ts';
import { waitInPage } from './wait-in-page.ts';

export const FRAME_BUDGET_MS = 1000 / 60;
/**
 * Headless Chromium's frame clock is a timer, not a display's vsync: consecutive rAF timestamps of frames that
 * were all on time spread 16.5–16.8 ms. A p99 within this much of the budget is frames on time; a late frame shows
 * as 33.3 ms (the next tick), so the allowance cannot hide one.
 */
export const FRAME_CLOCK_JITTER_MS = 0.5;

interface Opened {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** A fresh context and page with the fake host installed before the renderer loads (as the test harness does). */
export async function openFakeConsole(
  browser: Browser,
  built: BuiltRenderer,
  url: string,
  options: FakeHostOptions,
  path = '',
): Promise<Opened> {
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
  await page.addInitScript(`globalThis.cossFakeOptions = ${JSON.stringify(options)};`);
  await page.addInitScript({ path: built.fakeHostScript });
  await page.goto(url + path);
  if (path === '') {
    await page.waitForSelector('.app[data-ready="true"]', { timeout: 120_000 });
    await page.waitForSelector('.arow', { timeout: 120_000 });
  }
  return { page, context, errors };
}

export interface LongTaskSummary {
  count: number;
  totalMs: number;
  maxMs: number;
}

function longTaskSummary(tasks: readonly { duration: number }[]): LongTaskSummary {
  return {
    count: tasks.length,
    totalMs: round(tasks.reduce((sum, task) => sum + task.duration, 0)),
    maxMs: round(tasks.reduce((max, task) => Math.max(max, task.duration), 0)),
  };
}

export interface ScrollPhase {
  name: string;
  seconds: number;
  inputs: number;
  frames: Distribution;
  framesOverBudget: number;
  longTasks: LongTaskSummary;
  moved: { cursorFrom: number; cursorTo: number; scrollFrom: number; scrollTo: number };
}

export interface ScrollResult {
  alerts: number;
  customers: number;
  rowCount: number;
  renderedRows: number;
  phases: ScrollPhase[];
  /** all phases together */
  frames: Distribution;
  longTasks: LongTaskSummary;
  errors: string[];
}

/** The p99 frame time of the worst phase: the target holds for each way of scrolling, not for their mix. */
export function worstPhaseP99(result: ScrollResult): number {
  return Math.max(...result.phases.map((phase) => phase.frames.p99));
}

async function recordPhase(
  page: Page,
  name: string,
  seconds: number,
  drive: (until: number) => Promise<number>,
): Promise<ScrollPhase & { deltas: number[]; tasks: { duration: number }[] }> {
  const before = await page.evaluate<{ cursor: number; scrollTop: number }>(QUEUE_POSITION);
  await page.evaluate('window.__frames.start()');
  const inputs = await drive(Date.now() + seconds * 1000);
  await sleep(300);
  const recorded = await page.evaluate<{ deltas: number[]; longtasks: { start: number; duration: number }[] }>(
    'window.__frames.stop()',
  );
  const after = await page.evaluate<{ cursor: number; scrollTop: number }>(QUEUE_POSITION);
  return {
    name,
    seconds,
    inputs,
    frames: distribution(recorded.deltas),
    framesOverBudget: recorded.deltas.filter((delta) => delta > FRAME_BUDGET_MS * 1.5).length,
    longTasks: longTaskSummary(recorded.longtasks),
    moved: {
      cursorFrom: before.cursor,
      cursorTo: after.cursor,
      scrollFrom: Math.round(before.scrollTop),
      scrollTo: Math.round(after.scrollTop),
    },
    deltas: recorded.deltas,
    tasks: recorded.longtasks,
  };
}

/** Holds a key with auto-repeat at `hz` (Playwright marks every further keydown of a held key as repeat). */
async function holdKey(page: Page, key: string, until: number, hz: number): Promise<number> {
  let presses = 0;
  const period = 1000 / hz;
  const start = Date.now();
  while (Date.now() < until) {
    await page.keyboard.down(key);
    presses++;
    const next = start + presses * period;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await page.keyboard.up(key);
  return presses;
}

async function wheel(page: Page, until: number, deltaY: number, hz: number): Promise<number> {
  let events = 0;
  const period = 1000 / hz;
  const start = Date.now();
  while (Date.now() < until) {
    await page.mouse.wheel(0, deltaY);
    events++;
    const wait = start + events * period - Date.now();
    if (wait > 0) await sleep(wait);
  }
  return events;
}

/** Scenario 1: scrolling 100,000 alerts (all customers' queue) with j held, PageDown held, and the wheel. */
export async function scrollScenario(
  browser: Browser,
  built: BuiltRenderer,
  url: string,
  options: { alerts: number; customers: number; seconds: number },
): Promise<ScrollResult> {
  const { page, context, errors } = await openFakeConsole(browser, built, url, {
    bulkAlerts: options.alerts,
    bulkCustomers: options.customers,
  });
  try {
    await page.evaluate(FRAME_PROBE);
    const rowCount = Number(await page.getAttribute('#alert-list', 'data-row-count'));
    if (rowCount < options.alerts)
      throw new Error(`the queue shows ${rowCount} rows, not all customers' ${options.alerts}`);
    const renderedRows = await page.locator('.arow').count();
    await page.locator('#alert-list').focus();
    await sleep(500);
    const phases = [];
    phases.push(
      await recordPhase(page, 'j held (30 Hz auto-repeat)', options.seconds, (until) => holdKey(page, 'j', until, 30)),
    );
    phases.push(
      await recordPhase(page, 'PageDown held (30 Hz auto-repeat)', options.seconds, (until) =>
        holdKey(page, 'PageDown', until, 30),
      ),
    );
    await page.keyboard.press('Home');
    await page.locator('#alert-list').hover();
    await sleep(300);
    phases.push(
      await recordPhase(page, 'wheel 100 px × 60/s', options.seconds, (until) => wheel(page, until, 100, 60)),
    );
    phases.push(
      await recordPhase(page, 'wheel 1000 px × 60/s (fling)', options.seconds, (until) => wheel(page, until, 1000, 60)),
    );
    const allDeltas = phases.flatMap((phase) => phase.deltas);
    const allTasks = phases.flatMap((phase) => phase.tasks);
    return {
      alerts: options.alerts,
      customers: options.customers,
      rowCount,
      renderedRows,
      phases: phases.map(({ deltas: _deltas, tasks: _tasks, ...phase }) => phase),
      frames: distribution(allDeltas),
      longTasks: longTaskSummary(allTasks),
      errors,
    };
  } finally {
    await context.close();
  }
}

export interface StreamResult {
  queue: number;
  customers: number;
  rate: number;
  batchSize: number;
  batches: number;
  upserts: number;
  achievedRate: number;
  updateToPaint: Distribution;
  unpainted: number;
  frames: Distribution;
  longTasks: LongTaskSummary;
  rowCountAfter: number;
  errors: string[];
}

/** Scenario 2: the stream at `rate` upserts/s in batches of `batchSize` while a queue of `queue` alerts is shown. */
export async function streamScenario(
  browser: Browser,
  built: BuiltRenderer,
  url: string,
  options: {
    queue: number;
    customers: number;
    rate: number;
    batchSize: number;
    seconds: number;
    probe?: 'before-paint' | 'next-frame';
  },
): Promise<StreamResult> {
  const { page, context, errors } = await openFakeConsole(browser, built, url, {
    bulkAlerts: options.queue,
    bulkCustomers: options.customers,
  });
  try {
    const rowCount = Number(await page.getAttribute('#alert-list', 'data-row-count'));
    if (rowCount < options.queue)
      throw new Error(`the queue shows ${rowCount} rows, not all customers' ${options.queue}`);
    await page.locator('#alert-list').focus();
    await prepareStream(page);
    const result = await page.evaluate<{
      batches: number;
      upserts: number;
      emitSeconds: number;
      latencies: number[];
      unpainted: number;
      deltas: number[];
      longtasks: { duration: number }[];
      rowCount: number;
    }>(
      streamLoadScript({
        rate: options.rate,
        batchSize: options.batchSize,
        seconds: options.seconds,
        newFraction: 0.02,
        probe: options.probe,
      }),
    );
    return {
      queue: options.queue,
      customers: options.customers,
      rate: options.rate,
      batchSize: options.batchSize,
      batches: result.batches,
      upserts: result.upserts,
      achievedRate: round(result.upserts / result.emitSeconds, 0),
      updateToPaint: distribution(result.latencies),
      unpainted: result.unpainted,
      frames: distribution(result.deltas),
      longTasks: longTaskSummary(result.longtasks),
      rowCountAfter: result.rowCount,
      errors,
    };
  } finally {
    await context.close();
  }
}

/** Lists the stream's pool in the page, then collects the garbage that left, so the stream starts on a clean heap. */
export async function prepareStream(page: Page): Promise<void> {
  await page.evaluate(STREAM_PREPARE);
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await session.detach();
  await sleep(500);
}

export interface HeapResult {
  alerts: number;
  /** everything in the page: renderer store + fake host's own copy of the alerts */
  pageUsedMB: number;
  pageTotalMB: number;
  /** the fake host alone with the same alerts (no renderer) */
  fakeHostOnlyUsedMB: number;
  /** page − fake host alone: roughly what the renderer holds */
  rendererEstimateMB: number;
  /** the console with only the fake host's 17 sample alerts */
  baselineUsedMB: number;
}

async function heapUsedMB(page: Page): Promise<{ used: number; total: number }> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await sleep(200);
  await session.send('HeapProfiler.collectGarbage');
  const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  await session.detach();
  return { used: round(usage.usedSize / 2 ** 20), total: round(usage.totalSize / 2 ** 20) };
}

/** Memory: JS heap after loading `alerts` alerts (after forced GC), with the fake host's share measured apart. */
export async function heapScenario(
  browser: Browser,
  built: BuiltRenderer,
  url: string,
  alerts: number,
  customers: number,
): Promise<HeapResult> {
  const full = await openFakeConsole(browser, built, url, { bulkAlerts: alerts, bulkCustomers: customers });
  await sleep(1000);
  const page = await heapUsedMB(full.page);
  await full.context.close();
  // The fake host alone: a page that is not the renderer (a 404) still runs the init scripts.
  const alone = await openFakeConsole(
    browser,
    built,
    url,
    { bulkAlerts: alerts, bulkCustomers: customers },
    'no-renderer-here.txt',
  );
  await waitInPage(alone.page, 'window.cossFake !== undefined');
  const fake = await heapUsedMB(alone.page);
  await alone.context.close();
  const base = await openFakeConsole(browser, built, url, {});
  await sleep(500);
  const baseline = await heapUsedMB(base.page);
  await base.context.close();
  return {
    alerts,
    pageUsedMB: page.used,
    pageTotalMB: page.total,
    fakeHostOnlyUsedMB: fake.used,
    rendererEstimateMB: round(page.used - fake.used),
    baselineUsedMB: baseline.used,
  };
}
