/**
 * Ingest throughput: COSS (`POST /api/v2/alerts`, durable on PostgreSQL) against a real Prometheus Alertmanager
 * (`POST /api/v2/alerts`, in memory), driven by one load generator with the same request bodies, in one run.
 *
 * Targets: `coss` (on PostgreSQL), `coss-pglite` (on embedded PGlite, a fresh data directory per scenario) and
 * `alertmanager`. Scenarios: 1 or 100 alerts per POST × repeated label sets (the same few, over and over) or distinct label sets
 * (every alert new). Each scenario gets a fresh target: a new PostgreSQL database and a new `coss serve` process
 * (its own event loop, not the generator's), or a new Alertmanager process. Load goes only to 127.0.0.1, with a
 * fixed number of keep-alive connections, a warm-up and a fixed measured duration.
 *
 *   npm run bench:ingest
 *   npm run bench:ingest -- --duration 10 --warmup 2 --concurrency 32 --only coss --scenarios batch1-repeated
 *
 * Environment: BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_CONCURRENCY, COSS_BENCH_PG_URL (an admin URL; default
 * postgres://postgres@127.0.0.1:5432/test), ALERTMANAGER_BIN, COSS_BENCH_LOG_LEVEL (COSS's log level, default warn),
 * COSS_BENCH_CPU_PROF (a directory: COSS runs with --cpu-prof there).
 *
 * Writes bench/results/ingest-<date>.json and prints a markdown table.
 *
 * Long on purpose: one command runs the whole comparison (processes, databases, load, report), so a rerun is one line
 * in docs/PERFORMANCE.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findAlertmanager, startAlertmanager, type RunningAlertmanager } from '../test/support/alertmanager.ts';
import { alertJson as benchAlertJson } from './support/prometheus-alert.ts';
import {
  cpuSecondsOf,
  postgresInfo,
  root,
  round,
  startCoss as startCossProcess,
  versionOf as version,
  type RunningTarget,
} from './support/targets.ts';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    concurrency: { type: 'string' },
    only: { type: 'string' },
    scenarios: { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});

const DURATION_S = Number(flags.duration ?? process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(flags.warmup ?? process.env.BENCH_WARMUP_S ?? 2);
const CONCURRENCY = Number(flags.concurrency ?? process.env.BENCH_CONCURRENCY ?? 32);
const ADMIN_URL = process.env.COSS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COSS_LOG_LEVEL = process.env.COSS_BENCH_LOG_LEVEL ?? 'warn';
const CPU_PROF_DIR = process.env.COSS_BENCH_CPU_PROF;
type Target = 'coss' | 'coss-pglite' | 'alertmanager';
const TARGETS = (flags.only ?? 'coss,coss-pglite,alertmanager').split(',') as Target[];
for (const target of TARGETS) {
  if (!['coss', 'coss-pglite', 'alertmanager'].includes(target)) throw new Error(`unknown target ${target}`);
}

if (!(DURATION_S > 0 && DURATION_S <= 120)) throw new Error('duration must be 1-120 s');
if (!(WARMUP_S >= 0 && WARMUP_S <= 30)) throw new Error('warm-up must be 0-30 s');
if (!(CONCURRENCY >= 1 && CONCURRENCY <= 256)) throw new Error('concurrency must be 1-256');

interface Scenario {
  name: string;
  batch: number;
  labels: 'repeated' | 'distinct';
}

const ALL_SCENARIOS: Scenario[] = [
  { name: 'batch1-repeated', batch: 1, labels: 'repeated' },
  { name: 'batch1-distinct', batch: 1, labels: 'distinct' },
  { name: 'batch100-repeated', batch: 100, labels: 'repeated' },
  { name: 'batch100-distinct', batch: 100, labels: 'distinct' },
];
const scenarios = flags.scenarios
  ? ALL_SCENARIOS.filter((s) => flags.scenarios?.split(',').includes(s.name))
  : ALL_SCENARIOS;

// ---------------------------------------------------------------------------------------------------------------
// Bodies: what Prometheus posts (labels, annotations, startsAt, endsAt in the future, generatorURL).

const REPEATED_SETS = 10;
const startsAt = new Date(Date.now() - 60_000).toISOString();
const endsAt = new Date(Date.now() + 3_600_000).toISOString();
const runId = randomBytes(3).toString('hex');

function alertJson(alertname: string, instance: string, extra: string): string {
  return benchAlertJson({ alertname, instance, startsAt, endsAt, extraLabels: extra });
}

/** Returns a body factory: the i-th request's body. */
function bodies(scenario: Scenario): (i: number) => Buffer {
  if (scenario.labels === 'repeated') {
    // The same ten label sets over and over; a batch of 100 holds each ten times.
    const sets = Array.from({ length: REPEATED_SETS }, (_, n) => alertJson('BenchRepeated', `host-${n}.bench`, ''));
    const prebuilt = Array.from({ length: REPEATED_SETS }, (_, r) =>
      Buffer.from(
        '[' + Array.from({ length: scenario.batch }, (_, k) => sets[(r + k) % REPEATED_SETS]).join(',') + ']',
      ),
    );
    return (i) => prebuilt[i % REPEATED_SETS] as Buffer;
  }
  let counter = 0;
  return () => {
    const parts: string[] = [];
    for (let k = 0; k < scenario.batch; k += 1) {
      counter += 1;
      parts.push(alertJson('BenchDistinct', `host-${counter % 5000}.bench`, `,"series":"${runId}-${counter}"`));
    }
    return Buffer.from('[' + parts.join(',') + ']');
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Load generator

interface LoadResult {
  requests: number;
  okRequests: number;
  okAlerts: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
  generatorCpuSeconds: number;
}

async function runLoad(
  target: { url: string; headers: Record<string, string> },
  scenario: Scenario,
): Promise<LoadResult> {
  const url = new URL('/api/v2/alerts', target.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, maxFreeSockets: CONCURRENCY });
  const next = bodies(scenario);
  let i = 0;
  const started = performance.now();
  const measureFrom = started + WARMUP_S * 1000;
  const measureUntil = measureFrom + DURATION_S * 1000;
  const result: LoadResult = {
    requests: 0,
    okRequests: 0,
    okAlerts: 0,
    statuses: {},
    errors: {},
    latenciesMs: [],
    seconds: DURATION_S,
    generatorCpuSeconds: 0,
  };
  let cpuAtMeasure: NodeJS.CpuUsage | undefined;

  const post = (body: Buffer) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...target.headers, 'content-type': 'application/json', 'content-length': body.length },
        },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const worker = async () => {
    for (;;) {
      const now = performance.now();
      if (now >= measureUntil) return;
      if (now >= measureFrom && cpuAtMeasure === undefined) cpuAtMeasure = process.cpuUsage();
      const body = next(i++);
      const t0 = performance.now();
      let status = 0;
      let failure: string | undefined;
      try {
        status = await post(body);
      } catch (error) {
        failure = (error as NodeJS.ErrnoException).code ?? String(error);
      }
      const t1 = performance.now();
      if (status === 429 || status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      // Counted when the whole request fell inside the measured window.
      if (t0 < measureFrom || t1 > measureUntil) continue;
      result.requests += 1;
      result.latenciesMs.push(t1 - t0);
      if (failure !== undefined) {
        result.errors[failure] = (result.errors[failure] ?? 0) + 1;
        continue;
      }
      result.statuses[String(status)] = (result.statuses[String(status)] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        result.okRequests += 1;
        result.okAlerts += scenario.batch;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const cpu = process.cpuUsage(cpuAtMeasure);
  result.generatorCpuSeconds = (cpu.user + cpu.system) / 1e6;
  agent.destroy();
  return result;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

const startCoss = (database: 'postgres' | 'pglite') =>
  startCossProcess({ database, adminUrl: ADMIN_URL, logLevel: COSS_LOG_LEVEL, cpuProfDir: CPU_PROF_DIR });

// Everything goes to a receiver with no integrations: Alertmanager still validates, stores, dedups and groups every
// alert, but notifies nobody, so only its ingest path is measured.
const ALERTMANAGER_CONFIG = `
route:
  receiver: blackhole
  group_by: [alertname]
receivers:
  - name: blackhole
`;

async function startAm(binary: string): Promise<RunningTarget> {
  const am: RunningAlertmanager = await startAlertmanager({ config: ALERTMANAGER_CONFIG, binary });
  return {
    url: am.url,
    headers: {},
    pids: () => (am.process.pid ? [am.process.pid] : []),
    stop: () => am.stop(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Run

interface Row {
  target: Target;
  scenario: string;
  batch: number;
  labels: string;
  alertsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  nonSuccess: number;
  cpuSeconds: { target: number; postgres: number; generator: number };
  /** 1-minute load average before and after: other work on the machine shows up here */
  loadAverage: [number, number];
}

/** SQL against the admin database. */
async function adminRows<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The benchmark databases that exist now (startCoss names them coss_bench_…). */
async function benchDatabases(): Promise<string[]> {
  const rows = await adminRows<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'coss\\_bench\\_%'`,
  );
  return rows.map((row) => row.datname);
}

/** The PostgreSQL backends serving `database`: COSS's own, not other sessions' on the same server. */
async function backendsOf(database: string | null): Promise<number[]> {
  if (database === null) return [];
  const rows = await adminRows<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  return rows.map((row) => Number(row.pid));
}

async function measure(
  target: Row['target'],
  scenario: Scenario,
  running: RunningTarget,
  database: string | null,
): Promise<Row> {
  const loadBefore = os.loadavg()[0] ?? 0;
  // Only the backends of COSS's own database: other sessions' work on the same server is not COSS's cost. A backend
  // that starts during the run counts from its start.
  const pgBefore = new Map((await backendsOf(database)).map((pid) => [pid, cpuSecondsOf([pid])]));
  // CPU is read around the whole load (warm-up included) and scaled to the measured share.
  const before = { target: cpuSecondsOf(running.pids()) };
  const load = await runLoad(running, scenario);
  const share = DURATION_S / (DURATION_S + WARMUP_S);
  const pgAfter = await backendsOf(database);
  const cpu = {
    target: (cpuSecondsOf(running.pids()) - before.target) * share,
    // NaN (null in the JSON, – in the table) when COSS's database was not known: not measured rather than zero.
    postgres:
      target === 'coss' && database === null
        ? Number.NaN
        : pgAfter.reduce((sum, pid) => sum + cpuSecondsOf([pid]) - (pgBefore.get(pid) ?? 0), 0) * share,
    generator: load.generatorCpuSeconds,
  };
  const sorted = Float64Array.from(load.latenciesMs).sort();
  const nonSuccess =
    Object.entries(load.statuses).reduce((sum, [status, n]) => sum + (status.startsWith('2') ? 0 : n), 0) +
    Object.values(load.errors).reduce((sum, n) => sum + n, 0);
  return {
    target,
    scenario: scenario.name,
    batch: scenario.batch,
    labels: scenario.labels,
    alertsPerSecond: load.okAlerts / load.seconds,
    requestsPerSecond: load.okRequests / load.seconds,
    p50Ms: percentile(Array.from(sorted), 50),
    p99Ms: percentile(Array.from(sorted), 99),
    requests: load.requests,
    statuses: load.statuses,
    errors: load.errors,
    nonSuccess,
    cpuSeconds: {
      target: round(cpu.target, 2),
      postgres: round(cpu.postgres, 2),
      generator: round(cpu.generator, 2),
    },
    loadAverage: [round(loadBefore, 2), round(os.loadavg()[0] ?? 0, 2)],
  };
}

const fmt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

async function main(): Promise<void> {
  const binary = TARGETS.includes('alertmanager') ? findAlertmanager() : null;
  if (TARGETS.includes('alertmanager') && !binary)
    throw new Error('Alertmanager not found (apt-get install prometheus-alertmanager)');
  const pgVersion = await postgresInfo(ADMIN_URL);

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    alertmanager: binary ? version(binary, ['--version']) : null,
  };
  const config = {
    durationSeconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    concurrency: CONCURRENCY,
    cossLogLevel: COSS_LOG_LEVEL,
    repeatedLabelSets: REPEATED_SETS,
  };
  process.stderr.write(`bench: ${JSON.stringify(config)} on ${machine.cpus}× ${machine.cpuModel}\n`);

  const rows: Row[] = [];
  for (const scenario of scenarios) {
    for (const target of TARGETS) {
      process.stderr.write(`bench: ${target} ${scenario.name} … `);
      const databasesBefore = target === 'coss' ? await benchDatabases() : [];
      const running =
        target === 'alertmanager'
          ? await startAm(binary as string)
          : await startCoss(target === 'coss' ? 'postgres' : 'pglite');
      // The database startCoss just made (another benchmark running at once could make one too; then none is counted).
      const made = target === 'coss' ? (await benchDatabases()).filter((name) => !databasesBefore.includes(name)) : [];
      try {
        const row = await measure(target, scenario, running, made.length === 1 ? (made[0] ?? null) : null);
        rows.push(row);
        process.stderr.write(
          `${fmt(row.alertsPerSecond)} alerts/s, ${fmt(row.requestsPerSecond)} req/s, p50 ${ms(row.p50Ms)} ms, p99 ${ms(row.p99Ms)} ms` +
            `${row.nonSuccess ? `, ${row.nonSuccess} non-2xx/errors ${JSON.stringify({ ...row.statuses, ...row.errors })}` : ''}\n`,
        );
      } finally {
        await running.stop();
      }
    }
  }

  const rowOf = (target: Target, scenario: Scenario) =>
    rows.find((r) => r.target === target && r.scenario === scenario.name);
  const ratioOf = (target: Target, scenario: Scenario) => {
    const c = rowOf(target, scenario);
    const a = rowOf('alertmanager', scenario);
    return c && a && a.alertsPerSecond > 0 ? round(c.alertsPerSecond / a.alertsPerSecond, 3) : null;
  };
  const ratios = scenarios.map((scenario) => ({
    scenario: scenario.name,
    cossOverAlertmanager: ratioOf('coss', scenario),
    cossPgliteOverAlertmanager: ratioOf('coss-pglite', scenario),
  }));

  const date = new Date().toISOString();
  const file = flags.out ?? join(root, 'bench/results', `ingest-${date.slice(0, 10)}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ date, machine, config, results: rows, ratios }, null, 2) + '\n');

  const errorsOf = (row: Row | undefined) => {
    if (!row) return '–';
    const parts = [
      ...Object.entries(row.statuses).filter(([s]) => !s.startsWith('2')),
      ...Object.entries(row.errors),
    ].map(([s, n]) => `${s}×${n}`);
    return parts.length ? parts.join(' ') : '0';
  };
  const lines = [
    '| Scenario | COSS alerts/s | AM alerts/s | COSS/AM | COSS req/s | AM req/s | COSS p50 / p99 ms | AM p50 / p99 ms | COSS errors | AM errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const scenario of scenarios) {
    const c = rowOf('coss', scenario);
    const a = rowOf('alertmanager', scenario);
    const ratio = ratioOf('coss', scenario);
    lines.push(
      `| ${scenario.batch}/POST, ${scenario.labels} | ${c ? fmt(c.alertsPerSecond) : '–'} | ${a ? fmt(a.alertsPerSecond) : '–'} | ` +
        `${ratio === null || ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${c ? fmt(c.requestsPerSecond) : '–'} | ` +
        `${a ? fmt(a.requestsPerSecond) : '–'} | ${c ? `${ms(c.p50Ms)} / ${ms(c.p99Ms)}` : '–'} | ` +
        `${a ? `${ms(a.p50Ms)} / ${ms(a.p99Ms)}` : '–'} | ${errorsOf(c)} | ${errorsOf(a)} |`,
    );
  }
  const pgliteLines = [
    '',
    'COSS on PGlite (embedded, one connection) against the same Alertmanager rows:',
    '',
    '| Scenario | COSS PGlite alerts/s | AM alerts/s | PGlite/AM | COSS PGlite p50 / p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const scenario of scenarios) {
    const p = rowOf('coss-pglite', scenario);
    const a = rowOf('alertmanager', scenario);
    const ratio = ratioOf('coss-pglite', scenario);
    if (!p) continue;
    pgliteLines.push(
      `| ${scenario.batch}/POST, ${scenario.labels} | ${fmt(p.alertsPerSecond)} | ${a ? fmt(a.alertsPerSecond) : '–'} | ` +
        `${ratio === null ? '–' : `${ratio.toFixed(2)}×`} | ${ms(p.p50Ms)} / ${ms(p.p99Ms)} | ${errorsOf(p)} |`,
    );
  }
  // CPU per stored alert: the cost a core pays for each alert, comparable across targets at different rates.
  const perAlertUs = (seconds: number, row: Row) =>
    row.alertsPerSecond > 0 && Number.isFinite(seconds)
      ? Math.round((seconds * 1e6) / (row.alertsPerSecond * DURATION_S))
      : '–';
  const cpuLines = [
    '',
    `CPU seconds used during the ${DURATION_S} s measured window (${os.cpus().length} cores = ${os.cpus().length * DURATION_S} core-seconds available):`,
    '',
    '| Target, scenario | target CPU s | PostgreSQL CPU s | generator CPU s | target µs/alert | PostgreSQL µs/alert | load avg before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    cpuLines.push(
      `| ${row.target}, ${row.scenario} | ${row.cpuSeconds.target} | ${Number.isFinite(row.cpuSeconds.postgres) ? row.cpuSeconds.postgres : '–'} | ${row.cpuSeconds.generator} | ` +
        `${perAlertUs(row.cpuSeconds.target, row)} | ${row.target === 'coss' ? perAlertUs(row.cpuSeconds.postgres, row) : '–'} | ` +
        `${row.loadAverage[0]} → ${row.loadAverage[1]} |`,
    );
  }
  process.stdout.write(
    `\nIngest throughput, ${DURATION_S} s per scenario after ${WARMUP_S} s warm-up, ${CONCURRENCY} connections, ` +
      `${machine.cpus}× ${machine.cpuModel} (generator, COSS, PostgreSQL and Alertmanager share these cores)\n\n` +
      lines.join('\n') +
      '\n' +
      (pgliteLines.length > 5 ? pgliteLines.join('\n') + '\n' : '') +
      cpuLines.join('\n') +
      `\n\nResults: ${file}\n`,
  );
}

await main();
