/**
 * Alert on the operator's screen: POST → the stream event received by each of 50 connected consoles (COSS), against
 * POST → webhook received (a real Prometheus Alertmanager 0.25 with every alert its own group and the shortest
 * group_wait / group_interval it accepts), at a fixed offered rate, in one run.
 *
 * The generator is open loop: alerts are due at `rate` per second whatever the answers do, each POST carries one new
 * alert (a label set never seen before, so COSS opens an alert and Alertmanager a group) whose `bench_id` label
 * names it and whose `sent_at` annotation holds the moment its POST was written. A console or the webhook receiver
 * takes the latency from that annotation when the alert reaches it. Phases run one after another, each on a fresh
 * target: Alertmanager for each group_wait/group_interval setting, then COSS (`node bin/coss.js serve`, its own
 * process) on a fresh PostgreSQL database and on a fresh PGlite directory.
 *
 *   npm run bench:screen
 *   npm run bench:screen -- --rate 1000 --consoles 50 --duration 20 --warmup 3 --phases coss-postgres,am-0s-1ms
 *
 * Environment: COSS_BENCH_PG_URL (an admin URL; default postgres://postgres@127.0.0.1:5432/test), ALERTMANAGER_BIN,
 * COSS_BENCH_LOG_LEVEL (default warn), COSS_BENCH_CPU_PROF (a directory: COSS runs with --cpu-prof there),
 * COSS_BENCH_COSS_DIR (run that checkout's bin/coss.js, e.g. a worktree of an older commit for an A/B).
 *
 * Writes bench/results/screen-<date>.json and prints a markdown table.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { findAlertmanager, startAlertmanager } from '../test/support/alertmanager.ts';
import { percentileSorted } from './console/stats.ts';
import { alertJson } from './support/prometheus-alert.ts';
import {
  cpuSecondsOf,
  postgresInfo,
  postgresPids,
  root,
  round,
  startCoss,
  versionOf,
  type RunningTarget,
} from './support/targets.ts';

const { values: flags } = parseArgs({
  options: {
    rate: { type: 'string' },
    consoles: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    phases: { type: 'string' },
    out: { type: 'string' },
  },
  strict: true,
});

const RATE = Number(flags.rate ?? 1000);
const CONSOLES = Number(flags.consoles ?? 50);
const DURATION_S = Number(flags.duration ?? 20);
const WARMUP_S = Number(flags.warmup ?? 3);
/** how long after the last POST an alert may still arrive before it counts as missing */
const GRACE_MS = 5000;
/** how long after the last POST its answers are waited for */
const ANSWER_WAIT_MS = 30_000;
const ADMIN_URL = process.env.COSS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const COSS_LOG_LEVEL = process.env.COSS_BENCH_LOG_LEVEL ?? 'warn';
const CPU_PROF_DIR = process.env.COSS_BENCH_CPU_PROF;

if (!(RATE >= 1 && RATE <= 5000)) throw new Error('rate must be 1-5000 alerts/s');
if (!(CONSOLES >= 1 && CONSOLES <= 200)) throw new Error('consoles must be 1-200');
if (!(DURATION_S > 0 && DURATION_S <= 120)) throw new Error('duration must be 1-120 s');
if (!(WARMUP_S >= 0 && WARMUP_S <= 30)) throw new Error('warm-up must be 0-30 s');

/** Alertmanager's route timers: group_wait 0s is accepted; group_interval 0s is refused ("cannot be zero"). */
const AM_SETTINGS = [
  { groupWait: '0s', groupInterval: '1ms' },
  { groupWait: '1ms', groupInterval: '1ms' },
];

type Phase =
  | { name: string; target: 'coss'; database: 'postgres' | 'pglite' }
  | { name: string; target: 'alertmanager'; groupWait: string; groupInterval: string };

const ALL_PHASES: Phase[] = [
  ...AM_SETTINGS.map((s): Phase => ({ name: `am-${s.groupWait}-${s.groupInterval}`, target: 'alertmanager', ...s })),
  { name: 'coss-postgres', target: 'coss', database: 'postgres' },
  { name: 'coss-pglite', target: 'coss', database: 'pglite' },
];
const phases = flags.phases ? ALL_PHASES.filter((p) => flags.phases?.split(',').includes(p.name)) : ALL_PHASES;
if (phases.length === 0) throw new Error(`no phase matches; phases are ${ALL_PHASES.map((p) => p.name).join(',')}`);

const runId = randomBytes(3).toString('hex');
/** Wall-clock milliseconds with sub-millisecond precision, comparable between the generator and the receivers. */
const wallMs = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------------
// Receivers: where an alert's arrival is timed. Only the id and the send time are read from the text, so 50
// consoles × 1,000 events/s cost the bench as little as possible (it shares the cores with the targets).

const SENT_AT = '"sent_at":"';
const BENCH_ID = `"bench_id":"${runId}-`;

/** Arrival of alert number `n` at one receiver: latency in ms, or undefined when it never came. */
class Arrivals {
  readonly latencies = new Map<number, number>();
  duplicates = 0;

  /** Reads every alert named in `text` (an event or a webhook body) and records its latency. */
  record(text: string, at: number): void {
    let from = 0;
    for (;;) {
      const idAt = text.indexOf(BENCH_ID, from);
      if (idAt < 0) return;
      const idStart = idAt + BENCH_ID.length;
      const n = Number(text.slice(idStart, text.indexOf('"', idStart)));
      const sentAt = text.indexOf(SENT_AT, idStart);
      if (sentAt < 0) return;
      const sentStart = sentAt + SENT_AT.length;
      const sent = Number(text.slice(sentStart, text.indexOf('"', sentStart)));
      if (this.latencies.has(n)) this.duplicates += 1;
      else this.latencies.set(n, at - sent);
      from = sentStart;
    }
  }
}

interface Consoles {
  arrivals: Arrivals[];
  closes: string[];
  stop: () => void;
}

/** Opens `count` streams as the console does (Bearer token, since=head) and waits until each says caught-up. */
async function connectConsoles(baseUrl: string, token: string, count: number): Promise<Consoles> {
  const sockets: WebSocket[] = [];
  const arrivals: Arrivals[] = [];
  const closes: string[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/v1/stream`, {
        headers: { authorization: `Bearer ${token}` },
        perMessageDeflate: false,
      });
      const mine = new Arrivals();
      sockets.push(socket);
      arrivals.push(mine);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`console ${i} not caught up in 30 s`)), 30_000);
        socket.on('message', (data: Buffer) => {
          const at = wallMs();
          const text = data.toString('utf8');
          if (text.startsWith('{"type":"caught-up"')) {
            clearTimeout(timer);
            resolve();
          }
          mine.record(text, at);
        });
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        socket.on('close', (code, reason) => closes.push(`${code} ${String(reason)}`));
      });
    }),
  );
  return {
    arrivals,
    closes,
    stop: () => {
      for (const socket of sockets) socket.terminate();
    },
  };
}

/** The HTTP server Alertmanager's webhook posts to. */
async function startWebhookReceiver(): Promise<{ url: string; arrivals: Arrivals; stop: () => Promise<void> }> {
  const arrivals = new Arrivals();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      arrivals.record(Buffer.concat(chunks).toString('utf8'), wallMs());
      response.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Open-loop generator

interface Sent {
  /** alerts whose POST started inside the measured window, by number */
  measured: number[];
  okMeasured: Set<number>;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  /** POST → response, measured alerts */
  responseMs: number[];
  /** how late each measured POST left against its schedule (the bench's own delay) */
  lagMs: number[];
  generatorCpuSeconds: number;
}

async function generate(target: RunningTarget): Promise<Sent> {
  const url = new URL('/api/v2/alerts', target.url);
  // Enough sockets that a slow answer never holds back the next alert (open loop).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
  const endsAt = new Date(Date.now() + 3_600_000).toISOString();
  const total = Math.round(RATE * (WARMUP_S + DURATION_S));
  const firstMeasured = Math.round(RATE * WARMUP_S);
  const sent: Sent = {
    measured: [],
    okMeasured: new Set(),
    statuses: {},
    errors: {},
    responseMs: [],
    lagMs: [],
    generatorCpuSeconds: 0,
  };
  const pending = new Set<Promise<void>>();
  let cpuAtMeasure: NodeJS.CpuUsage | undefined;

  const post = (n: number, measured: boolean) => {
    const t0 = wallMs();
    const body = Buffer.from(
      '[' +
        alertJson({
          alertname: 'BenchScreen',
          instance: `host-${n % 5000}.bench`,
          startsAt: new Date(t0).toISOString(),
          endsAt,
          extraLabels: `,"bench_id":"${runId}-${n}"`,
          extraAnnotations: `,"sent_at":"${t0.toFixed(3)}"`,
        }) +
        ']',
    );
    const done = new Promise<void>((resolve) => {
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
          response.on('end', () => {
            if (measured) {
              const status = String(response.statusCode ?? 0);
              sent.statuses[status] = (sent.statuses[status] ?? 0) + 1;
              if (status.startsWith('2')) sent.okMeasured.add(n);
              sent.responseMs.push(wallMs() - t0);
            }
            resolve();
          });
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (measured) sent.errors[error.code ?? 'error'] = (sent.errors[error.code ?? 'error'] ?? 0) + 1;
        resolve();
      });
      request.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const started = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) * RATE) / 1000) + 1);
    for (; next < due; next += 1) {
      const measured = next >= firstMeasured;
      if (measured) {
        cpuAtMeasure ??= process.cpuUsage();
        sent.measured.push(next);
        sent.lagMs.push(performance.now() - (started + (next * 1000) / RATE));
      }
      post(next, measured);
    }
    // Sleep until the next alert is due (timers are at best 1 ms; the due count catches up after a late wake).
    const wait = started + (next * 1000) / RATE - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.floor(wait))));
  }
  // A target that fell far behind is not waited for without end: what is unanswered by then counts as an error.
  const gaveUp = await Promise.race([
    Promise.all(pending).then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ANSWER_WAIT_MS).unref()),
  ]);
  if (gaveUp) sent.errors[`no answer ${ANSWER_WAIT_MS / 1000} s after the last POST`] = pending.size;
  const cpu = process.cpuUsage(cpuAtMeasure);
  sent.generatorCpuSeconds = (cpu.user + cpu.system) / 1e6;
  agent.destroy();
  return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// Phases

interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Array.from(values).sort((a, b) => a - b);
  const at = (p: number) => round(percentileSorted(sorted, p), 1);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: round(sorted[sorted.length - 1] ?? NaN, 1) };
}

interface PhaseResult {
  phase: string;
  target: Phase['target'];
  database?: string;
  alertmanager?: { groupWait: string; groupInterval: string; groupBy: string[] };
  receivers: number;
  alertsMeasured: number;
  /** POST → arrival, over every (receiver, alert) pair of the measured window */
  screenMs: Distribution;
  /** the same, per receiver: the worst receiver's p99 */
  worstReceiverP99Ms: number;
  /** (receiver, alert) pairs that never arrived, of alerts answered 2xx */
  missing: number;
  duplicates: number;
  postResponseMs: Distribution;
  generatorLagMs: Distribution;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  streamCloses: string[];
  cpuSeconds: { target: number; postgres: number; bench: number };
  loadAverage: [number, number];
}

async function runPhase(phase: Phase, alertmanagerBinary: string | null): Promise<PhaseResult> {
  let target: RunningTarget;
  let receivers: Arrivals[];
  let closeReceivers: () => Promise<void>;
  let closes: string[] = [];
  if (phase.target === 'alertmanager') {
    if (!alertmanagerBinary) throw new Error('Alertmanager not found (apt-get install prometheus-alertmanager)');
    const hook = await startWebhookReceiver();
    const am = await startAlertmanager({
      binary: alertmanagerBinary,
      config: `
route:
  receiver: hook
  group_by: ['...']
  group_wait: ${phase.groupWait}
  group_interval: ${phase.groupInterval}
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: ${JSON.stringify(hook.url)}
        send_resolved: false
`,
    });
    target = {
      url: am.url,
      headers: {},
      pids: () => (am.process.pid ? [am.process.pid] : []),
      stop: () => am.stop(),
    };
    receivers = [hook.arrivals];
    closeReceivers = hook.stop;
  } else {
    let token = '';
    target = await startCoss({
      database: phase.database,
      adminUrl: ADMIN_URL,
      logLevel: COSS_LOG_LEVEL,
      cpuProfDir: CPU_PROF_DIR,
      prepare: (cli) => {
        // A staff operator, as the NOC's consoles sign in: its stream carries every customer's events.
        cli(['admin', 'user', 'add', '--name', 'bench-noc', '--role', 'operator', '--pagerduty-email', 'noc@x.test']);
        token = (JSON.parse(cli(['admin', 'token', 'add', '--user', 'bench-noc', '--json'])) as { token: string })
          .token;
      },
    });
    const consoles = await connectConsoles(target.url, token, CONSOLES);
    receivers = consoles.arrivals;
    closes = consoles.closes;
    closeReceivers = async () => consoles.stop();
  }

  try {
    const loadBefore = os.loadavg()[0] ?? 0;
    const pgPids = phase.target === 'coss' && phase.database === 'postgres' ? postgresPids() : [];
    const before = { target: cpuSecondsOf(target.pids()), postgres: cpuSecondsOf(pgPids), bench: process.cpuUsage() };
    const sent = await generate(target);
    // Arrivals after the last answer: wait until every 2xx alert reached every receiver, or the grace ran out.
    const deadline = Date.now() + GRACE_MS;
    const complete = () => receivers.every((r) => [...sent.okMeasured].every((n) => r.latencies.has(n)));
    while (Date.now() < deadline && !complete()) await new Promise((resolve) => setTimeout(resolve, 100));
    const share = DURATION_S / (DURATION_S + WARMUP_S);
    const benchCpu = process.cpuUsage(before.bench);
    const cpuSeconds = {
      target: round((cpuSecondsOf(target.pids()) - before.target) * share, 2),
      postgres: round((cpuSecondsOf(pgPids.length ? postgresPids() : []) - before.postgres) * share, 2),
      bench: round(((benchCpu.user + benchCpu.system) / 1e6) * share, 2),
    };

    const all: number[] = [];
    let missing = 0;
    let worst = 0;
    for (const receiver of receivers) {
      const mine: number[] = [];
      for (const n of sent.measured) {
        const latency = receiver.latencies.get(n);
        if (latency !== undefined) mine.push(latency);
        else if (sent.okMeasured.has(n)) missing += 1;
      }
      for (const value of mine) all.push(value);
      worst = Math.max(worst, distribution(mine).p99);
    }
    return {
      phase: phase.name,
      target: phase.target,
      ...(phase.target === 'coss'
        ? { database: phase.database }
        : {
            alertmanager: { groupWait: phase.groupWait, groupInterval: phase.groupInterval, groupBy: ['...'] },
          }),
      receivers: receivers.length,
      alertsMeasured: sent.measured.length,
      screenMs: distribution(all),
      worstReceiverP99Ms: worst,
      missing,
      duplicates: receivers.reduce((sum, r) => sum + r.duplicates, 0),
      postResponseMs: distribution(sent.responseMs),
      generatorLagMs: distribution(sent.lagMs),
      statuses: sent.statuses,
      errors: sent.errors,
      // Copied now: the teardown's own closes come later.
      streamCloses: [...closes],
      cpuSeconds,
      loadAverage: [round(loadBefore, 2), round(os.loadavg()[0] ?? 0, 2)],
    };
  } finally {
    await closeReceivers();
    await target.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Run

async function main(): Promise<void> {
  const needsAm = phases.some((p) => p.target === 'alertmanager');
  const binary = needsAm ? findAlertmanager() : null;
  if (needsAm && !binary) throw new Error('Alertmanager not found (apt-get install prometheus-alertmanager)');
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: await postgresInfo(ADMIN_URL),
    alertmanager: binary ? versionOf(binary, ['--version']) : null,
  };
  const config = {
    ratePerSecond: RATE,
    alertsPerPost: 1,
    labels: 'distinct (every alert a new label set)',
    consoles: CONSOLES,
    durationSeconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    graceMs: GRACE_MS,
    answerWaitMs: ANSWER_WAIT_MS,
    cossLogLevel: COSS_LOG_LEVEL,
    cossDir: process.env.COSS_BENCH_COSS_DIR ?? root,
  };
  process.stderr.write(`bench: ${JSON.stringify(config)} on ${machine.cpus}× ${machine.cpuModel}\n`);

  const results: PhaseResult[] = [];
  for (const phase of phases) {
    process.stderr.write(`bench: ${phase.name} … `);
    const row = await runPhase(phase, binary);
    results.push(row);
    process.stderr.write(
      `screen p50 ${row.screenMs.p50} p99 ${row.screenMs.p99} max ${row.screenMs.max} ms over ${row.screenMs.n} arrivals` +
        `${row.missing ? `, ${row.missing} missing` : ''}, load ${row.loadAverage.join(' → ')}\n`,
    );
  }

  const am = results.filter((r) => r.target === 'alertmanager');
  const bestAm = am.reduce<PhaseResult | undefined>(
    (best, r) => (!best || r.screenMs.p99 < best.screenMs.p99 ? r : best),
    undefined,
  );
  const verdicts = results
    .filter((r) => r.target === 'coss')
    .map((r) => ({
      phase: r.phase,
      cossP99Ms: r.screenMs.p99,
      alertmanagerP99Ms: bestAm?.screenMs.p99 ?? null,
      alertmanagerPhase: bestAm?.phase ?? null,
      met: bestAm ? r.screenMs.p99 <= bestAm.screenMs.p99 && r.missing === 0 : null,
    }));

  const date = new Date().toISOString();
  const file = flags.out ?? join(root, 'bench/results', `screen-${date.slice(0, 10)}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ date, machine, config, results, verdicts }, null, 2) + '\n');

  const lines = [
    '| Phase | receivers | arrivals | p50 ms | p95 ms | p99 ms | max ms | worst receiver p99 | missing | POST→answer p99 ms | target / PG / bench CPU s | load avg |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.phase} | ${r.receivers} | ${r.screenMs.n.toLocaleString('en-US')} | ${r.screenMs.p50} | ${r.screenMs.p95} | ` +
        `${r.screenMs.p99} | ${r.screenMs.max} | ${r.worstReceiverP99Ms} | ${r.missing} | ${r.postResponseMs.p99} | ` +
        `${r.cpuSeconds.target} / ${r.cpuSeconds.postgres} / ${r.cpuSeconds.bench} | ${r.loadAverage.join(' → ')} |`,
    ),
  ];
  process.stdout.write(
    `\nPOST → on screen (COSS: stream event at each console) vs POST → webhook (Alertmanager), ${RATE} alerts/s open ` +
      `loop, ${DURATION_S} s measured after ${WARMUP_S} s warm-up, ${machine.cpus}× ${machine.cpuModel}\n\n` +
      lines.join('\n') +
      `\n\n${verdicts.map((v) => `${v.phase}: p99 ${v.cossP99Ms} ms vs ${v.alertmanagerPhase} ${v.alertmanagerP99Ms} ms → ${v.met ? 'met' : 'not met'}`).join('\n')}\n` +
      `\nResults: ${file}\n`,
  );
}

await main();
