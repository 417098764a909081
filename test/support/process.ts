/**
 * `coss serve` as a real child process, for tests that need what an in-process server cannot give: kill -9, SIGTERM
 * and several nodes on one database. The child runs bin/coss.js on a free port; its stderr (and the tail of its stdout)
 * is kept for failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../main/core/embedded-coss/launcher.ts';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../server/db/open.ts';
import { seedDirectory, type Seed } from './seed.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COSS_BIN = fileURLToPath(new URL('../../bin/coss.js', import.meta.url));
const KEEP_CHARS = 64 * 1024;

/** Where a node keeps its data: a PostgreSQL URL or a PGlite data directory. */
export type StoreLocation = { databaseUrl: string } | { dataDir: string };

export interface CossProcessOptions {
  store: StoreLocation;
  /** defaults to 'warn': request logging at 'info' costs CPU the tests would rather spend on ingest */
  logLevel?: string;
  /** extra environment, e.g. COSS_MAX_QUEUED_ALERTS */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** a fixed port (e.g. to restart a node where its clients expect it); default: a free one */
  port?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CossProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** resolves when the child has exited */
  exited: Promise<ExitStatus>;
  /** what the child wrote to stderr, and the tail of its stdout: for assertion messages */
  output(): string;
  /** SIGKILL: no drain, no cleanup; resolves once the process is gone */
  kill9(): Promise<ExitStatus>;
  /** SIGTERM: a graceful drain; resolves with the exit status (rejects after `timeoutMs`, killing it) */
  terminate(timeoutMs?: number): Promise<ExitStatus>;
}

/** Migrates and seeds the store before any node runs on it (PGlite allows one process per data directory). */
export async function seedStore(store: StoreLocation): Promise<Seed> {
  const db = await openDatabase(
    'databaseUrl' in store
      ? { databaseUrl: store.databaseUrl, dataDir: undefined }
      : { databaseUrl: undefined, dataDir: store.dataDir },
  );
  try {
    return await seedDirectory(db);
  } finally {
    await db.close();
  }
}

/** Starts `coss serve` on `store` and resolves once /readyz answers 200. */
export async function startCossProcess(options: CossProcessOptions): Promise<CossProcess> {
  if (options.port !== undefined) return startOnce(options, options.port);
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
      // Only a lost race for the port is worth another try.
      if (!/EADDRINUSE/.test(String(error))) throw error;
    }
  }
  throw lastError;
}

async function startOnce(options: CossProcessOptions, port: number): Promise<CossProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.DATABASE_URL;
  delete env.COSS_DATA_DIR;
  delete env.NODE_TEST_CONTEXT; // the child is a server, not a test file
  const args = [
    COSS_BIN,
    'serve',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--log-level',
    options.logLevel ?? 'warn',
  ];
  if ('databaseUrl' in options.store) env.DATABASE_URL = options.store.databaseUrl;
  else args.push('--data-dir', options.store.dataDir);

  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEEP_CHARS);
  });
  // Always drained: a full pipe would block the child's logger and stall the server.
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-KEEP_CHARS);
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const output = () =>
    `--- coss serve (pid ${child.pid}) stderr ---\n${stderr}\n--- stdout (tail) ---\n${stdout.slice(-4000)}`;
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (hasExited) {
      const status = await exited;
      throw new Error(
        `coss serve exited before it was ready (code ${status.code}, signal ${status.signal})\n${output()}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`coss serve was not ready within ${options.readyTimeoutMs ?? 30_000} ms\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const signalAndWait = async (signal: NodeJS.Signals, timeoutMs: number): Promise<ExitStatus> => {
    if (hasExited) return exited;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`coss serve did not exit within ${timeoutMs} ms of ${signal}\n${output()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    url,
    port,
    pid: child.pid ?? -1,
    child,
    exited,
    output,
    kill9: () => signalAndWait('SIGKILL', 10_000),
    terminate: (timeoutMs = 30_000) => signalAndWait('SIGTERM', timeoutMs),
  };
}
