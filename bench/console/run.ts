/**
 * Console performance, measured in Debian Chromium (headless, playwright-core), against issue 10's targets, in the
 * all-customers queue (the console's default view with several customers):
 *
 * 1. scrolling 100,000 alerts over 10 customers (j held, PageDown held, wheel): p99 frame time ≤ 16.7 ms, no long
 *    tasks;
 * 2. 1,000 upserts/s from the stream over those 100,000: update-to-paint p99 ≤ 50 ms;
 * 3. keystroke `a` → acknowledged by COSS on screen, real stack (web host + core + COSS): p99 ≤ 25 ms;
 * 4. interactive from a cache of 100,000 alerts (10 customers × 10,000) with COSS unreachable: ≤ 1 s from
 *    navigation start;
 * plus the JS heap after loading 100,000 alerts (no target).
 *
 *   npm run bench:console
 *   npm run bench:console -- --only scroll,stream,ack,startup,memory --seconds 3 --db pglite --out /tmp/x.json --quiet-wait 300
 *
 * Scenarios 1, 2 and memory use the fake host (test/renderer/fake-host.ts) in the page; 3 and 4 spawn the web host
 * CLI and a COSS (bench/console/coss-child.ts: PostgreSQL when it answers, else PGlite). Everything listens on
 * 127.0.0.1 only and every run is bounded (about 3 minutes in all). Prints a markdown table and writes
 * bench/results/console-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { buildRenderer, serveRenderer } from '../../test/renderer/renderer-harness.ts';
import {
  FRAME_BUDGET_MS,
  FRAME_CLOCK_JITTER_MS,
  heapScenario,
  scrollScenario,
  streamScenario,
  worstPhaseP99,
} from './fake-host-scenarios.ts';
import { ackScenario, startupScenario } from './real-stack-scenarios.ts';
import { waitForQuietMachine, type QuietWait } from './quiet-machine.ts';
import { round } from './stats.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/support/chromium.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ALL = ['scroll', 'stream', 'ack', 'startup', 'memory'] as const;
/** Issue 10: 100,000 active alerts over 10 customers, in the all-customers queue. */
const ALERTS = 100_000;
const CUSTOMERS = 10;
const ACK_TARGET_MS = 25;
type ScenarioName = (typeof ALL)[number];

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string' },
    'stream-seconds': { type: 'string' },
    acks: { type: 'string' },
    db: { type: 'string' },
    out: { type: 'string' },
    'quiet-wait': { type: 'string' },
  },
  strict: true,
});
const only = new Set((flags.only ?? ALL.join(',')).split(',') as ScenarioName[]);
for (const name of only) if (!ALL.includes(name)) throw new Error(`unknown scenario ${name}; known: ${ALL.join(', ')}`);
const PHASE_SECONDS = Number(flags.seconds ?? 4);
const STREAM_SECONDS = Number(flags['stream-seconds'] ?? 10);
const ACKS = Number(flags.acks ?? 100);
if (!(PHASE_SECONDS > 0 && PHASE_SECONDS <= 30)) throw new Error('--seconds must be 1-30');
if (!(STREAM_SECONDS > 0 && STREAM_SECONDS <= 60)) throw new Error('--stream-seconds must be 1-60');
if (!(ACKS >= 5 && ACKS <= 500)) throw new Error('--acks must be 5-500');
/** How long each scenario waits at most for a quiet machine (other work on a shared VM can hold it for minutes). */
const QUIET_WAIT_S = Number(flags['quiet-wait'] ?? 30);
if (!(QUIET_WAIT_S >= 0 && QUIET_WAIT_S <= 1800)) throw new Error('--quiet-wait must be 0-1800 (seconds)');

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: process.env.COSS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const load = () => os.loadavg().map((value) => round(value, 2));
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  metric: string;
  target: string;
  measured: string;
  pass: boolean | null;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};
const loadDuring: Record<string, { before: number[]; after: number[]; quiet: QuietWait }> = {};

async function timed<T>(name: string, run: () => Promise<T>): Promise<T | null> {
  // Each scenario starts on a quiet machine, not during the previous one's browser teardown.
  const quiet = await waitForQuietMachine({ maxMs: QUIET_WAIT_S * 1000 });
  const before = load();
  log(
    `[${new Date().toISOString()}] ${name}: start (load ${before.join(' ')}; waited ${quiet.waitedMs} ms for ${quiet.idle === null ? 'nothing' : `${Math.round(quiet.idle * 100)}% idle`})`,
  );
  try {
    const value = await run();
    loadDuring[name] = { before, after: load(), quiet };
    log(`[${new Date().toISOString()}] ${name}: done (load ${load().join(' ')})`);
    return value;
  } catch (error) {
    loadDuring[name] = { before, after: load(), quiet };
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results[name] = { error: error instanceof Error ? error.message : String(error) };
    rows.push({
      metric: name,
      target: '',
      measured: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      pass: false,
    });
    return null;
  }
}

const startedAt = new Date();
log('building the renderer and the fake host (vite)…');
const built = await buildRenderer();
const served = await serveRenderer(built);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const chromiumVersion = browser.version();

try {
  if (only.has('scroll')) {
    const scroll = await timed('scroll', () =>
      scrollScenario(browser, built, served.url, { alerts: ALERTS, customers: CUSTOMERS, seconds: PHASE_SECONDS }),
    );
    if (scroll) {
      results.scroll = scroll;
      rows.push({
        metric: `Scroll 100,000 alerts over ${CUSTOMERS} customers (all-customers queue, ${scroll.rowCount} rows): p99 frame time (${scroll.phases.length} phases × ${PHASE_SECONDS} s; worst phase)`,
        target: `≤ 16.7 ms (+${FRAME_CLOCK_JITTER_MS} ms frame-clock jitter)`,
        measured: `${worstPhaseP99(scroll)} ms worst phase, ${scroll.frames.p99} ms all (${scroll.phases.map((phase) => `${phase.name.split(' (')[0]} ${phase.frames.p99}`).join(', ')}); p50 ${scroll.frames.p50} ms; late frames (> 25 ms) ${scroll.phases.reduce((sum, phase) => sum + phase.framesOverBudget, 0)} of ${scroll.frames.n}`,
        // Every phase on its own: a bad phase must not hide among good ones.
        pass: worstPhaseP99(scroll) <= FRAME_BUDGET_MS + FRAME_CLOCK_JITTER_MS,
      });
      rows.push({
        metric: 'Scroll: long tasks (> 50 ms)',
        target: '0',
        measured: `${scroll.longTasks.count} (max ${scroll.longTasks.maxMs} ms; ${scroll.phases.map((phase) => `${phase.name.split(' (')[0]} ${phase.longTasks.count}`).join(', ')})`,
        pass: scroll.longTasks.count === 0,
      });
    }
  }
  if (only.has('stream')) {
    // The target is for the 100,000 alerts over 10 customers; the same stream over 10,000 (one customer's share)
    // is reported beside it, to show how the cost grows with the queue.
    const runs = [
      { key: 'stream', queue: ALERTS, probe: 'before-paint' },
      { key: 'stream10000', queue: 10_000, probe: 'before-paint' },
    ] as const;
    for (const { key, queue, probe } of runs) {
      const stream = await timed(`${key}`, () =>
        streamScenario(browser, built, served.url, {
          queue,
          customers: CUSTOMERS,
          rate: 1000,
          batchSize: 10,
          seconds: STREAM_SECONDS,
          probe,
        }),
      );
      if (!stream) continue;
      results[key] = stream;
      const target = key === 'stream';
      rows.push({
        metric: `Stream 1,000 upserts/s (batches of ${stream.batchSize}) over ${queue.toLocaleString('en-US')} alerts, ${CUSTOMERS} customers, all-customers queue, ${STREAM_SECONDS} s: update-to-paint p99`,
        target: target ? '≤ 50 ms' : '— (reported)',
        measured: `${stream.updateToPaint.p99} ms (p50 ${stream.updateToPaint.p50}, max ${stream.updateToPaint.max}; ${stream.achievedRate}/s offered; ${stream.longTasks.count} long tasks; ${stream.unpainted} unpainted)`,
        pass: target ? stream.updateToPaint.p99 <= 50 && stream.unpainted === 0 : null,
      });
    }
  }
  if (only.has('ack')) {
    const database =
      flags.db === 'pglite' || flags.db === 'postgres' ? flags.db : (await postgresAnswers()) ? 'postgres' : 'pglite';
    const ack = await timed('ack', () => ackScenario(browser, built, { alerts: ACKS, database }));
    if (ack) {
      results.ack = ack;
      rows.push({
        metric: `Keystroke \`a\` → row acknowledged by COSS, painted (real stack, COSS on ${ack.database}, ${ack.measured} alerts)`,
        target: `≤ ${ACK_TARGET_MS} ms p99`,
        measured: `${ack.keyToPaint.p99} ms (p50 ${ack.keyToPaint.p50}, max ${ack.keyToPaint.max}; key → action response p50 ${ack.keyToResponse.p50}, p99 ${ack.keyToResponse.p99}; key → alerts.changed p50 ${ack.keyToEvent.p50}, p99 ${ack.keyToEvent.p99}; ${ack.verifiedInCoss}/${ack.measured} verified in COSS)`,
        pass: ack.keyToPaint.p99 <= ACK_TARGET_MS && ack.verifiedInCoss === ack.measured,
      });
    }
  }
  if (only.has('startup')) {
    const startup = await timed('startup', () =>
      startupScenario(browser, built, { customers: CUSTOMERS, alertsPerCustomer: ALERTS / CUSTOMERS, runs: 5 }),
    );
    if (startup) {
      results.startup = startup;
      rows.push({
        metric: `Interactive from cache, COSS unreachable (${startup.customers} customers × ${startup.alertsPerCustomer} alerts cached; ${startup.runs} loads; worst)`,
        target: '≤ 1 s',
        measured: `${startup.interactive.max} ms (p50 ${startup.interactive.p50}; rows painted p50 ${startup.rowsPainted.p50} ms; queue of ${startup.queueRows} rows, all loaded p50 ${startup.fullQueueLoaded.p50} ms)`,
        pass: startup.interactive.max <= 1000 && startup.queueRows >= startup.customers * startup.alertsPerCustomer,
      });
    }
  }
  if (only.has('memory')) {
    const memory = await timed('memory', () => heapScenario(browser, built, served.url, ALERTS, CUSTOMERS));
    if (memory) {
      results.memory = memory;
      rows.push({
        metric: `JS heap after loading 100,000 alerts over ${CUSTOMERS} customers (after GC)`,
        target: '— (reported)',
        measured: `${memory.pageUsedMB} MB page; ≈ ${memory.rendererEstimateMB} MB renderer (fake host's own copy ${memory.fakeHostOnlyUsedMB} MB; console with 17 alerts ${memory.baselineUsedMB} MB)`,
        pass: null,
      });
    }
  }
} finally {
  await browser.close();
  await served.close();
  built.remove();
}

const cpu = os.cpus();
let commit = '';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
} catch {
  // not a git checkout
}
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  commit,
  machine: {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? '',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    chromium: chromiumVersion,
    chromiumArgs: CHROMIUM_ARGS,
    loadAverage: loadDuring,
  },
  config: { phaseSeconds: PHASE_SECONDS, streamSeconds: STREAM_SECONDS, acks: ACKS, quietWaitSeconds: QUIET_WAIT_S },
  table: rows,
  results,
};
const date = startedAt.toISOString().slice(0, 10);
const out = flags.out ?? join(ROOT, 'bench/results', `console-${date}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

const mark = (pass: boolean | null) => (pass === null ? '–' : pass ? 'pass' : '**FAIL**');
process.stdout.write(`\n| Metric | Target | Measured | Result |\n| --- | --- | --- | --- |\n`);
for (const row of rows)
  process.stdout.write(`| ${row.metric} | ${row.target} | ${row.measured} | ${mark(row.pass)} |\n`);
// A scenario that started on a busy machine measured the other work too: the table says so beside its figures.
const busy = Object.entries(loadDuring).filter(([, value]) => value.quiet.idle !== null && value.quiet.idle < 0.9);
if (busy.length > 0) {
  process.stdout.write(
    `\nStarted on a busy machine (under 90% idle after the wait): ${busy.map(([name, value]) => `${name} ${Math.round((value.quiet.idle ?? 0) * 100)}% idle`).join('; ')}\n`,
  );
}
process.stdout.write(
  `\nLoad average (1/5/15 min) per scenario, before → after: ${Object.entries(loadDuring)
    .map(([name, value]) => `${name} ${value.before[0]} → ${value.after[0]}`)
    .join('; ')}\n`,
);
process.stdout.write(`Results: ${out}\n`);
