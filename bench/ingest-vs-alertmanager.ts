/**
 * Ingest throughput: COSS (`POST /api/v2/alerts`, durable on PostgreSQL) against a real Prometheus Alertmanager
 * (`POST /api/v2/alerts`, in memory), driven by one load generator with the same request bodies, in one run.
 *
 * Scenarios: 1 or 100 alerts per POST × repeated label sets (the same few, over and over) or distinct label sets
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
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findAlertmanager, startAlertmanager, type RunningAlertmanager } from '../test/support/alertmanager.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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
const TARGETS = (flags.only ?? 'coss,alertmanager').split(',') as Array<'coss' | 'alertmanager'>;

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
  return (
    `{"labels":{"alertname":"${alertname}","instance":"${instance}:9100","job":"node","severity":"warning",` +
    `"cluster":"prod-la","service":"bench"${extra}},` +
    `"annotations":{"summary":"${alertname} on ${instance}","description":"Synthetic alert from the COSS ingest benchmark."},` +
    `"startsAt":"${startsAt}","endsAt":"${endsAt}",` +
    `"generatorURL":"http://prometheus.bench.example:9090/graph?g0.expr=up"}`
  );
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
// Process CPU accounting (from /proc; Linux only, best effort)

const TICKS = 100;

function cpuSecondsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / TICKS;
}

function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets

interface RunningTarget {
  url: string;
  headers: Record<string, string>;
  pids: () => number[];
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function coss(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [join(root, 'bin/coss.js'), ...args], { env, encoding: 'utf8' });
}

async function startCoss(): Promise<RunningTarget> {
  const name = `coss_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;
  const env = { ...process.env, DATABASE_URL: dbUrl.toString(), COSS_LOG_LEVEL: COSS_LOG_LEVEL };
  const drop = async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  let child: ChildProcess | undefined;
  try {
    coss(['admin', 'customer', 'add', '--number', '102', '--slug', 'acme', '--name', 'Acme'], env);
    const key = (JSON.parse(coss(['admin', 'key', 'add', '--customer', 'acme', '--json'], env)) as { key: string }).key;
    const port = await freePort();
    const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
    child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/coss.js'), 'serve', '--port', String(port)], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`coss serve exited with ${child.exitCode}`);
      try {
        const response = await fetch(`${url}/readyz`);
        await response.body?.cancel();
        if (response.ok) break;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error('coss serve was not ready in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const running = child;
    return {
      url,
      headers: { authorization: `Bearer ${key}` },
      pids: () => (running.pid ? [running.pid] : []),
      async stop() {
        running.kill('SIGTERM');
        const killer = setTimeout(() => running.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
        await drop();
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    await drop();
    throw error;
  }
}

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
  target: 'coss' | 'alertmanager';
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

async function measure(target: Row['target'], scenario: Scenario, running: RunningTarget): Promise<Row> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const pgPids = target === 'coss' ? postgresPids() : [];
  // CPU is read around the whole load (warm-up included) and scaled to the measured share.
  const before = { target: cpuSecondsOf(running.pids()), postgres: cpuSecondsOf(pgPids) };
  const load = await runLoad(running, scenario);
  const share = DURATION_S / (DURATION_S + WARMUP_S);
  const cpu = {
    target: (cpuSecondsOf(running.pids()) - before.target) * share,
    postgres: target === 'coss' ? (cpuSecondsOf(postgresPids()) - before.postgres) * share : 0,
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

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const fmt = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const binary = TARGETS.includes('alertmanager') ? findAlertmanager() : null;
  if (TARGETS.includes('alertmanager') && !binary)
    throw new Error('Alertmanager not found (apt-get install prometheus-alertmanager)');
  const pgVersion = await (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    const settings = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay')`,
    );
    const versionRow = await client.query<{ version: string }>('SELECT version()');
    await client.end();
    return {
      version: versionRow.rows[0]?.version ?? '',
      settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    };
  })();

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
      const running = target === 'coss' ? await startCoss() : await startAm(binary as string);
      try {
        const row = await measure(target, scenario, running);
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

  const ratios = scenarios.map((scenario) => {
    const c = rows.find((r) => r.target === 'coss' && r.scenario === scenario.name);
    const a = rows.find((r) => r.target === 'alertmanager' && r.scenario === scenario.name);
    return {
      scenario: scenario.name,
      cossOverAlertmanager: c && a && a.alertsPerSecond > 0 ? round(c.alertsPerSecond / a.alertsPerSecond, 3) : null,
    };
  });

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
    const c = rows.find((r) => r.target === 'coss' && r.scenario === scenario.name);
    const a = rows.find((r) => r.target === 'alertmanager' && r.scenario === scenario.name);
    const ratio = ratios.find((r) => r.scenario === scenario.name)?.cossOverAlertmanager;
    lines.push(
      `| ${scenario.batch}/POST, ${scenario.labels} | ${c ? fmt(c.alertsPerSecond) : '–'} | ${a ? fmt(a.alertsPerSecond) : '–'} | ` +
        `${ratio === null || ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${c ? fmt(c.requestsPerSecond) : '–'} | ` +
        `${a ? fmt(a.requestsPerSecond) : '–'} | ${c ? `${ms(c.p50Ms)} / ${ms(c.p99Ms)}` : '–'} | ` +
        `${a ? `${ms(a.p50Ms)} / ${ms(a.p99Ms)}` : '–'} | ${errorsOf(c)} | ${errorsOf(a)} |`,
    );
  }
  const cpuLines = [
    '',
    `CPU seconds used during the ${DURATION_S} s measured window (${os.cpus().length} cores = ${os.cpus().length * DURATION_S} core-seconds available):`,
    '',
    '| Target, scenario | target CPU s | PostgreSQL CPU s | generator CPU s | load avg before → after |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    cpuLines.push(
      `| ${row.target}, ${row.scenario} | ${row.cpuSeconds.target} | ${row.cpuSeconds.postgres} | ${row.cpuSeconds.generator} | ` +
        `${row.loadAverage[0]} → ${row.loadAverage[1]} |`,
    );
  }
  process.stdout.write(
    `\nIngest throughput, ${DURATION_S} s per scenario after ${WARMUP_S} s warm-up, ${CONCURRENCY} connections, ` +
      `${machine.cpus}× ${machine.cpuModel} (generator, COSS, PostgreSQL and Alertmanager share these cores)\n\n` +
      lines.join('\n') +
      '\n' +
      cpuLines.join('\n') +
      `\n\nResults: ${file}\n`,
  );
}

await main();
