/**
 * The embedded local COSS: with no backend configured, the console runs `coss serve` as its own child process on
 * PGlite in the app's data directory, on a free localhost port, with a sample customer and sample events, so a
 * newcomer sees a working console in seconds. Its PagerDuty URLs point at a closed local port unless configured,
 * so a demo never pages anyone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COSS_BIN = fileURLToPath(new URL('../../bin/coss.js', import.meta.url));
const SETUP = fileURLToPath(new URL('./embedded-coss-setup.ts', import.meta.url));
/** Nothing listens on the discard port: PagerDuty calls fail fast and stay on this machine. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';

const SampleStateSchema = z.object({ token: z.string(), ingestKey: z.string(), seeded: z.boolean() });
type SampleState = z.infer<typeof SampleStateSchema>;

export const SAMPLE_NOTE_RULES = [
  {
    name: 'Acme tier notes',
    position: 10,
    match: { deviceGroup: '/Customers/Acme' },
    tierNotes: '**Tier 1:** the NOC pages `casc/int/systems` (COSS oncall macro – Systems) for any Acme outage. Call Acme IT at +1 555 0102 after paging.',
  },
  {
    name: 'x7 DNS ELB',
    position: 20,
    match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' },
    deviceNotes: 'x7.acme.com fronts the Acme ELB; if CheckDNSELB fails, check [Route 53 health](https://wiki.example/acme/dns) first, then the ELB listeners.',
  },
];

export const SAMPLE_EVENTS = [
  {
    device: 'x7.acme.com',
    ipAddress: '172.30.0.14',
    component: 'CheckDNSELB',
    eventClass: '/Status/DNS',
    severity: 5,
    summary: 'CheckDNSELB CRITICAL: fisheye.acme.com does not resolve',
    DeviceGroups: ['/Customers/Acme'],
    Systems: ['/Acme/Systems'],
  },
  { device: 'db01.acme.com', component: 'disk', eventClass: '/Perf/Filesystem', eventKey: '/var', severity: 4, summary: 'Filesystem /var 94% full', DeviceGroups: ['/Customers/Acme'] },
  { device: 'web1.acme.com', component: 'httpd', eventClass: '/Status/Web', severity: 3, summary: 'HTTP response time 2.4 s (threshold 2 s)', DeviceGroups: ['/Customers/Acme/Web'] },
  { device: 'vpn.acme.com', component: 'ipsec', eventClass: '/Net/VPN', severity: 2, summary: 'Tunnel to LAX re-keyed', DeviceGroups: ['/Customers/Acme'] },
];

export interface EmbeddedCossOptions {
  /** the app's data directory; COSS keeps its PGlite files in `<dataDir>/embedded-coss` */
  dataDir: string;
  /** PagerDuty for the embedded COSS; defaults to a closed local port */
  pagerDuty?: { eventsUrl: string; apiUrl: string; apiToken?: string };
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedCoss {
  url: string;
  token: string;
  local: true;
  /** the ingest key of the sample customer (to post more sample events) */
  ingestKey: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the caller retries if another process takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // Under Electron, process.execPath is the Electron binary: it runs the child as plain Node only when told to.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  delete env.DATABASE_URL;
  delete env.COSS_DATA_DIR;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

function runSetup(dir: string): Promise<{ token: string; ingestKey: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SETUP, dir], { cwd: REPO_ROOT, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`embedded COSS setup failed (exit ${code}): ${err.trim().slice(-2000)}`));
      try {
        resolve(z.object({ token: z.string(), ingestKey: z.string() }).parse(JSON.parse(out.trim().split('\n').pop() ?? '')));
      } catch (error) {
        reject(new Error(`embedded COSS setup printed something unexpected: ${out.slice(-500)} ${String(error)}`));
      }
    });
  });
}

async function post(url: string, secret: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`embedded COSS refused ${path}: HTTP ${response.status} ${await response.text()}`);
}

/** Starts the embedded COSS (setting it up with sample data on first run) and resolves once it answers. */
export async function startEmbeddedCoss(options: EmbeddedCossOptions): Promise<EmbeddedCoss> {
  const log = options.log ?? (() => undefined);
  const storeDir = join(options.dataDir, 'embedded-coss');
  const statePath = join(options.dataDir, 'embedded-coss.json');
  mkdirSync(options.dataDir, { recursive: true });
  let state: SampleState | null = null;
  if (existsSync(statePath)) {
    const parsed = SampleStateSchema.safeParse(JSON.parse(readFileSync(statePath, 'utf8')));
    state = parsed.success ? parsed.data : null;
  }
  if (!state) {
    // No record of a finished setup: whatever is in the directory is a broken first run of sample data.
    rmSync(storeDir, { recursive: true, force: true });
    log('Setting up the embedded local COSS with a sample customer (first run only)…');
    state = { ...(await runSetup(storeDir)), seeded: false };
    writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  }

  const port = await freePort();
  const pagerDuty = options.pagerDuty ?? { eventsUrl: `${CLOSED_PORT_URL}/v2/enqueue`, apiUrl: CLOSED_PORT_URL };
  const child: ChildProcess = spawn(
    process.execPath,
    [COSS_BIN, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', storeDir, '--log-level', 'warn'],
    {
      cwd: REPO_ROOT,
      env: childEnv({
        COSS_EXIT_WITH_PARENT: '1',
        PAGERDUTY_EVENTS_URL: pagerDuty.eventsUrl,
        PAGERDUTY_API_URL: pagerDuty.apiUrl,
        PAGERDUTY_API_TOKEN: pagerDuty.apiToken ?? '',
        PAGERDUTY_RECONCILE_INTERVAL_MS: '0',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited) throw new Error(`the embedded COSS exited before it was ready: ${stderr.trim().slice(-2000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the embedded COSS was not ready in time: ${stderr.trim().slice(-2000)}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  if (!state.seeded) {
    try {
      for (const rule of SAMPLE_NOTE_RULES) await post(url, state.token, '/api/v1/customers/acme/note-rules', rule);
      // One by one: a batch numbers its alerts in key order, and x7 should be the transcript's 32962.
      for (const event of SAMPLE_EVENTS) await post(url, state.ingestKey, '/api/v1/alerts/zenoss', event);
      state = { ...state, seeded: true };
      writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
    } catch (error) {
      await stop();
      throw error;
    }
  }
  log(`Embedded local COSS (sample data) at ${url}`);
  return { url, token: state.token, ingestKey: state.ingestKey, local: true, stop };
}
