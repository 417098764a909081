/**
 * COSS's acknowledge route alone: `POST /api/v1/alerts/:number/acknowledge` timed from a client in the same process
 * (one request at a time, keep-alive), and the database round trips each acknowledgement takes, counted through a
 * logging wrapper of the database (test/support/statement-log.ts). The round trips do not depend on the machine's
 * load; the times do, so compare runs made back to back.
 *
 *   node --import tsx bench/ack-route.ts [--db postgres|pglite] [--acks 300] [--warmup 30] [--out f.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createServer } from '../server/app.ts';
import { openTestDatabase, type DatabaseKind } from '../test/support/databases.ts';
import { seedDirectory } from '../test/support/seed.ts';
import { testPagerDutyConfig } from '../test/support/server.ts';
import { loggingDatabase, transactionsWriting } from '../test/support/statement-log.ts';
import { distribution } from './console/stats.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    acks: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    out: { type: 'string' },
  },
});
const kind: DatabaseKind = values.db === 'pglite' ? 'pglite' : 'postgres';
const acks = Number(values.acks);
const warmup = Number(values.warmup);

const { db: inner, url: databaseUrl, dispose } = await openTestDatabase(kind);
const seed = await seedDirectory(inner);
const { db, log } = loggingDatabase(inner);
const server = await createServer({ port: 0, logLevel: 'warn', shutdownQuietMs: 0 }, db, testPagerDutyConfig());
await server.context.customers.reload();
const url = await server.listen();

const post = async (path: string, secret: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
};

const numbers: number[] = [];
for (let i = 0; i < warmup + acks; i++) {
  const posted = (await post('/api/v1/alerts', seed.keys.acme, {
    device: `host${i}.acme.com`,
    component: 'http',
    severity: 'critical',
    summary: `bench alert ${i}`,
  })) as { alerts: Array<{ number: number }> };
  numbers.push(posted.alerts[0]?.number ?? 0);
}

/**
 * CPU time of this database's PostgreSQL backends (clock ticks from /proc, as milliseconds), to weigh what the
 * statements cost besides the trips: on a busy machine CPU, not the wire, is what requests wait for.
 */
async function backendCpuMs(): Promise<number | null> {
  if (databaseUrl === undefined) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backends = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    let ticks = 0;
    for (const { pid } of backends.rows) {
      // utime and stime are fields 14 and 15; the command name before them is in parentheses.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  } finally {
    await client.end();
  }
}
const TICKS_PER_SECOND = 100;

const times: number[] = [];
const roundTrips: number[] = [];
let cpuBefore: { node: NodeJS.CpuUsage; postgres: number | null } | undefined;
if (warmup === 0) cpuBefore = { node: process.cpuUsage(), postgres: await backendCpuMs() };
for (const [i, number] of numbers.entries()) {
  const fromTransaction = log.transactions.length;
  const fromSingle = log.single.length;
  const started = performance.now();
  const answer = (await post(
    `/api/v1/alerts/${number}/acknowledge`,
    seed.tokens.noc,
    {},
    { 'idempotency-key': `bench-ack-${i}` },
  )) as { alert: { status: string } };
  const elapsed = performance.now() - started;
  if (answer.alert.status !== 'acknowledged') throw new Error(`alert ${number} is ${answer.alert.status}`);
  if (i === warmup - 1) cpuBefore = { node: process.cpuUsage(), postgres: await backendCpuMs() };
  if (i < warmup) continue;
  times.push(elapsed);
  // The acknowledgement's own transaction, and what ran outside one meanwhile (a principal lookup, when not cached).
  const own = transactionsWriting(log, 'idempotency_keys', fromTransaction);
  const single = log.single.slice(fromSingle).filter((text) => /api_tokens|idempotency_keys|alerts\b/.test(text));
  roundTrips.push(own.reduce((sum, statements) => sum + statements.length, 0) + single.length);
}

const nodeCpu = process.cpuUsage(cpuBefore?.node);
const postgresCpu = await backendCpuMs();
await server.close();
await dispose();

const result = {
  date: new Date().toISOString(),
  database: kind,
  acks,
  loadAverage: os.loadavg(),
  cpus: os.cpus().length,
  roundTripsPerAck: distribution(roundTrips),
  latencyMs: distribution(times),
  /** per measured acknowledgement: this process (the client's side too) and the database's backends */
  cpuMsPerAck: {
    node: Math.round(((nodeCpu.user + nodeCpu.system) / 1000 / acks) * 100) / 100,
    postgres:
      postgresCpu === null || cpuBefore?.postgres == null
        ? null
        : Math.round(((postgresCpu - cpuBefore.postgres) / acks) * 100) / 100,
  },
};
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
