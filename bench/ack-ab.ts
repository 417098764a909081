/**
 * The acknowledge route of two COSS checkouts, timed in turn: each runs as its own process
 * (`bench/console/coss-child.ts`, a fresh PostgreSQL database each), and one client acknowledges an alert on A,
 * then one on B, and so on, so that both see the same load from the rest of the machine. For a before/after on a
 * busy machine, where runs minutes apart cannot be compared.
 *
 *   node --import tsx bench/ack-ab.ts --a <checkout> --b <checkout> [--acks 500] [--db postgres|pglite] [--out f.json]
 *
 * A checkout is a directory with this repository's tree (a `git worktree` of the commit to compare, with
 * node_modules linked); `--a .` is this one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { distribution } from './console/stats.ts';

const { values } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    acks: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '30' },
    db: { type: 'string', default: 'postgres' },
    out: { type: 'string' },
  },
});
if (!values.a || !values.b) throw new Error('--a and --b name the two checkouts');
const acks = Number(values.acks);
const warmup = Number(values.warmup);

interface Coss {
  name: string;
  url: string;
  nocToken: string;
  acmeKey: string;
  child: ChildProcess;
}

/** Starts `checkout`'s seeded COSS and reads the line it prints when it listens. */
async function start(name: string, checkout: string): Promise<Coss> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/console/coss-child.ts', values.db ?? 'postgres'], {
    cwd: resolve(checkout),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const ready = JSON.parse(line) as { url: string; nocToken: string; acmeKey: string };
    return { name, child, ...ready };
  }
  throw new Error(`${name} (${checkout}) exited before listening`);
}

async function post(coss: Coss, path: string, secret: string, body: unknown, key?: string): Promise<unknown> {
  const response = await fetch(coss.url + path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secret}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${coss.name} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

const both = [await start('a', values.a), await start('b', values.b)];
try {
  const numbers = new Map<Coss, number[]>();
  for (const coss of both) {
    const list: number[] = [];
    for (let i = 0; i < warmup + acks; i++) {
      const posted = (await post(coss, '/api/v1/alerts', coss.acmeKey, {
        device: `host${i}.acme.com`,
        component: 'http',
        severity: 'critical',
        summary: `bench alert ${i}`,
      })) as { alerts: Array<{ number: number }> };
      list.push(posted.alerts[0]?.number ?? 0);
    }
    numbers.set(coss, list);
  }
  const times = new Map<Coss, number[]>(both.map((coss) => [coss, []]));
  for (let i = 0; i < warmup + acks; i++) {
    // Which goes first alternates too, so neither always follows the other's request.
    for (const coss of i % 2 === 0 ? both : [...both].reverse()) {
      const number = numbers.get(coss)?.[i] ?? 0;
      const started = performance.now();
      const answer = (await post(
        coss,
        `/api/v1/alerts/${number}/acknowledge`,
        coss.nocToken,
        {},
        `ack-ab-${String(i).padStart(6, '0')}`,
      )) as {
        alert: { status: string };
      };
      const elapsed = performance.now() - started;
      if (answer.alert.status !== 'acknowledged') throw new Error(`${coss.name}: alert ${number} not acknowledged`);
      if (i >= warmup) times.get(coss)?.push(elapsed);
    }
  }
  const result = {
    date: new Date().toISOString(),
    database: values.db,
    acks,
    loadAverage: os.loadavg(),
    cpus: os.cpus().length,
    a: { checkout: values.a, latencyMs: distribution(times.get(both[0] as Coss) ?? []) },
    b: { checkout: values.b, latencyMs: distribution(times.get(both[1] as Coss) ?? []) },
  };
  console.log(JSON.stringify(result, null, 2));
  if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  for (const coss of both) coss.child.kill('SIGTERM');
}
