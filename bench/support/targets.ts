/**
 * What the benchmarks that race COSS against Alertmanager share: a `coss serve` process of its own on a fresh
 * PostgreSQL database or PGlite data directory, CPU accounting from /proc, and a few small helpers. Each bench keeps
 * only its load and report.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the COSS under test lives: COSS_BENCH_COSS_DIR (e.g. a worktree of another commit, for an A/B), or here. */
const cossDir = process.env.COSS_BENCH_COSS_DIR ?? root;

/** A target process under load: where to post, with what headers, its pids for CPU accounting, and how to stop it. */
export interface RunningTarget {
  url: string;
  headers: Record<string, string>;
  pids: () => number[];
  stop: () => Promise<void>;
}

export interface StartCossOptions {
  /** 'postgres': a fresh database made on `adminUrl` and dropped at stop; 'pglite': a fresh temporary data directory */
  database: 'postgres' | 'pglite';
  adminUrl: string;
  logLevel: string;
  /** a directory: COSS runs with --cpu-prof there (profiles are written when it exits) */
  cpuProfDir?: string;
  /** runs after the customer `acme` and its ingest key exist and before `serve` (PGlite's directory is locked then) */
  prepare?: (cli: (args: string[]) => string) => void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function cossCli(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [join(cossDir, 'bin/coss.js'), ...args], { env, encoding: 'utf8' });
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts `node bin/coss.js serve` on a fresh database with customer `acme` (number 102) and an ingest key for it;
 * resolves once /readyz answers. The target's headers carry the ingest key.
 */
export async function startCoss(options: StartCossOptions): Promise<RunningTarget> {
  const name = `coss_bench_${randomBytes(5).toString('hex')}`;
  let env: NodeJS.ProcessEnv;
  let discard: () => Promise<void>;
  if (options.database === 'postgres') {
    await adminQuery(options.adminUrl, `CREATE DATABASE ${name}`);
    const dbUrl = new URL(options.adminUrl);
    dbUrl.pathname = `/${name}`;
    env = { ...process.env, DATABASE_URL: dbUrl.toString(), COSS_LOG_LEVEL: options.logLevel };
    delete env.COSS_DATA_DIR;
    discard = () => adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dir = mkdtempSync(join(os.tmpdir(), `${name}-`));
    env = { ...process.env, COSS_DATA_DIR: dir, COSS_LOG_LEVEL: options.logLevel };
    delete env.DATABASE_URL;
    discard = async () => rmSync(dir, { recursive: true, force: true });
  }
  let child: ChildProcess | undefined;
  try {
    const cli = (args: string[]) => cossCli(args, env);
    cli(['admin', 'customer', 'add', '--number', '102', '--slug', 'acme', '--name', 'Acme']);
    const key = (JSON.parse(cli(['admin', 'key', 'add', '--customer', 'acme', '--json'])) as { key: string }).key;
    options.prepare?.(cli);
    const port = await freePort();
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    child = spawn(process.execPath, [...nodeArgs, join(cossDir, 'bin/coss.js'), 'serve', '--port', String(port)], {
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
        await discard();
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    await discard();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Process CPU accounting (from /proc; Linux only, best effort)

const TICKS = 100;

/** User + system CPU seconds the processes have used so far. */
export function cpuSecondsOf(pids: number[]): number {
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

/** Every `postgres` process on the machine (the server and its backends). */
export function postgresPids(): number[] {
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

/** The first line of `command args` (a version banner), or 'unknown'. */
export function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ?? '';
  } catch {
    return 'unknown';
  }
}

/** PostgreSQL's version and the settings that decide commit latency, as recorded with each result. */
export async function postgresInfo(adminUrl: string): Promise<{ version: string; settings: Record<string, string> }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const settings = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay')`,
    );
    const versionRow = await client.query<{ version: string }>('SELECT version()');
    return {
      version: versionRow.rows[0]?.version ?? '',
      settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    };
  } finally {
    await client.end();
  }
}

export const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
