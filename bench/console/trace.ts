/**
 * Where the renderer's main-thread time goes: records a Chromium trace while a scenario runs and prints the time
 * per trace event (script, style, layout, paint, GC) and the slowest frames. The scrolling and stream scenarios run
 * against the fake host; `startup` is the benchmark's start from cache (web host CLI, COSS unreachable), traced
 * from navigation to the first `j` that moved the cursor.
 * A diagnostic for the numbers bench/console/run.ts reports, not a benchmark itself.
 *
 *   node --import tsx bench/console/trace.ts pagedown|j|wheel|fling|stream|startup [--seconds 3] [--alerts N] [--customers 10] [--trace /tmp/t.json] [--profile]
 *
 * The alerts (default 100,000) are spread over --customers (default 10), in the all-customers queue; `startup`
 * caches alerts / customers per customer.
 *
 * --profile records a JavaScript CPU profile instead (unminified build) and prints the functions with the most self time;
 * with --trace it writes the profile there (a .cpuprofile for Chromium's DevTools).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { buildRenderer, serveRenderer } from '../../test/renderer/renderer-harness.ts';
import { openFakeConsole, prepareStream } from './fake-host-scenarios.ts';
import { streamLoadScript } from './page-scripts.ts';
import { openStartupPage, pressUntilInteractive, startFromCache } from './real-stack-scenarios.ts';
import { round, sleep } from './stats.ts';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string' },
    alerts: { type: 'string' },
    customers: { type: 'string' },
    trace: { type: 'string' },
    profile: { type: 'boolean' },
  },
});
const scenario = positionals[0] ?? 'pagedown';
const seconds = Number(flags.seconds ?? 3);
/** As the benchmark: 100,000 alerts over 10 customers, in the all-customers queue. */
const customers = Number(flags.customers ?? 10);

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** thread (CPU) time: what the event cost, not counting time the thread waited for a core */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

async function recordTrace(page: Page, drive: () => Promise<void>): Promise<TraceEvent[]> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  // CDP types trace events loosely (string maps); they are the Trace Event Format records declared above.
  session.on('Tracing.dataCollected', (message) => events.push(...(message.value as unknown as TraceEvent[])));
  const done = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', {
    categories: [
      'devtools.timeline',
      'v8',
      'v8.execute',
      'blink',
      'cc',
      'gpu',
      'disabled-by-default-devtools.timeline',
    ].join(','),
    transferMode: 'ReportEvents',
  });
  await drive();
  await session.send('Tracing.end');
  await done;
  await session.detach();
  return events;
}

async function hold(page: Page, key: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let presses = 0;
  const start = Date.now();
  while (Date.now() < until) {
    await page.keyboard.down(key);
    presses++;
    const wait = start + presses * (1000 / 30) - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await page.keyboard.up(key);
}

async function wheel(page: Page, ms: number, delta: number): Promise<void> {
  const until = Date.now() + ms;
  let events = 0;
  const start = Date.now();
  while (Date.now() < until) {
    await page.mouse.wheel(0, delta);
    events++;
    const wait = start + events * (1000 / 60) - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

const built = await buildRenderer({ minify: flags.profile === true ? false : undefined });
const served = await serveRenderer(built);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
if (scenario === 'startup') {
  try {
    await traceStartup();
  } finally {
    await browser.close();
    await served.close();
  }
  process.exit(0);
}

/** Start from cache: the trace runs from before navigation until the first `j` that moved the cursor is painted. */
async function traceStartup(): Promise<void> {
  const host = await startFromCache(built, customers, Number(flags.alerts ?? 100_000) / customers);
  try {
    // One warm-up load, as the benchmark does, then the traced one.
    const warm = await openStartupPage(browser);
    await pressUntilInteractive(warm.page, host.url);
    await warm.context.close();
    const { page, context } = await openStartupPage(browser);
    let interactiveAt = 0;
    const events = await recordTrace(page, async () => {
      interactiveAt = (await pressUntilInteractive(page, host.url)).keyPaintAt;
    });
    await context.close();
    process.stdout.write(`interactive at ${round(interactiveAt)} ms after navigation\n`);
    if (flags.trace !== undefined) writeFileSync(flags.trace, JSON.stringify({ traceEvents: events }));
    summarise(events);
  } finally {
    await host.stop();
  }
}

try {
  const alerts = flags.alerts !== undefined ? Number(flags.alerts) : 100_000;
  const { page, context } = await openFakeConsole(browser, built, served.url, {
    bulkAlerts: alerts,
    bulkCustomers: customers,
  });
  await page.locator('#alert-list').focus();
  if (scenario === 'wheel' || scenario === 'fling') await page.locator('#alert-list').hover();
  if (scenario === 'stream') await prepareStream(page);
  else await sleep(500);
  const drive = async () => {
    if (scenario === 'pagedown') await hold(page, 'PageDown', seconds * 1000);
    else if (scenario === 'j') await hold(page, 'j', seconds * 1000);
    else if (scenario === 'wheel') await wheel(page, seconds * 1000, 100);
    else if (scenario === 'fling') await wheel(page, seconds * 1000, 1000);
    else await page.evaluate(streamLoadScript({ rate: 1000, batchSize: 10, seconds, newFraction: 0.02 }));
  };
  if (flags.profile === true) {
    const session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    await drive();
    const { profile } = (await session.send('Profiler.stop')) as { profile: CpuProfile };
    await context.close();
    if (flags.trace !== undefined) writeFileSync(flags.trace, JSON.stringify(profile));
    summariseProfile(profile);
  } else {
    const events = await recordTrace(page, drive);
    await context.close();
    if (flags.trace !== undefined) writeFileSync(flags.trace, JSON.stringify({ traceEvents: events }));
    summarise(events);
  }
} finally {
  await browser.close();
  await served.close();
}

function summarise(events: readonly TraceEvent[]): void {
  const threadNames = new Map<string, string>();
  for (const event of events)
    if (event.name === 'thread_name' && event.args?.name !== undefined)
      threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
  // The busiest renderer main thread: a navigation may have moved the page to a new renderer process.
  const busy = new Map<string, number>();
  for (const event of events)
    if (event.dur !== undefined)
      busy.set(`${event.pid}:${event.tid}`, (busy.get(`${event.pid}:${event.tid}`) ?? 0) + event.dur);
  const main = [...threadNames]
    .filter(([, name]) => name === 'CrRendererMain')
    .sort((a, b) => (busy.get(b[0]) ?? 0) - (busy.get(a[0]) ?? 0))[0]?.[0];
  const onMain = events.filter(
    (event) => `${event.pid}:${event.tid}` === main && event.ph === 'X' && event.dur !== undefined,
  );
  const totals = new Map<string, { ms: number; count: number; max: number }>();
  for (const event of onMain) {
    const entry = totals.get(event.name) ?? { ms: 0, count: 0, max: 0 };
    const cost = (event.tdur ?? event.dur ?? 0) / 1000;
    entry.ms += cost;
    entry.count++;
    entry.max = Math.max(entry.max, cost);
    totals.set(event.name, entry);
  }
  const wanted = [
    'RunTask',
    'EventDispatch',
    'FireAnimationFrame',
    'FunctionCall',
    'RunMicrotasks',
    'V8.GC_SCAVENGER',
    'MinorGC',
    'MajorGC',
    'V8.GCFinalizeMC',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'ParseHTML',
    'HitTest',
    'ScrollLayer',
  ];
  // Thread time, not wall time: on a shared machine it still says what the work costs.
  process.stdout.write(`scenario ${scenario}, ${seconds} s, main-thread events, CPU ms (total / count / max):\n`);
  for (const [name, entry] of [...totals].sort((a, b) => b[1].ms - a[1].ms)) {
    if (!wanted.includes(name) && entry.ms < 50) continue;
    process.stdout.write(
      `  ${name.padEnd(28)} ${String(round(entry.ms)).padStart(9)} ${String(entry.count).padStart(7)} ${String(round(entry.max)).padStart(8)}\n`,
    );
  }
  const tasks = onMain
    .filter((event) => event.name === 'RunTask')
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, 8);
  process.stdout.write('slowest tasks and what ran inside them (ms):\n');
  for (const task of tasks) {
    const inside = new Map<string, number>();
    for (const event of onMain) {
      if (event === task || event.ts < task.ts || event.ts + (event.dur ?? 0) > task.ts + (task.dur ?? 0)) continue;
      if (
        ![
          'EventDispatch',
          'FireAnimationFrame',
          'FunctionCall',
          'UpdateLayoutTree',
          'Layout',
          'PrePaint',
          'Paint',
          'MajorGC',
          'MinorGC',
          'V8.GC_SCAVENGER',
          'Commit',
          'Layerize',
          'RunMicrotasks',
        ].includes(event.name)
      )
        continue;
      inside.set(event.name, (inside.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
    }
    const parts = [...inside].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${round(ms)}`);
    process.stdout.write(`  ${round((task.dur ?? 0) / 1000)}: ${parts.join(', ')}\n`);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

function summariseProfile(profile: CpuProfile): void {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, index) =>
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000),
  );
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id) ?? 0;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  process.stdout.write(`scenario ${scenario}, ${seconds} s, JS self time by function (ms of ${round(total)}):\n`);
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 30))
    process.stdout.write(`  ${String(round(ms)).padStart(8)}  ${name}\n`);
}
