/**
 * The embedded-COSS bundle that a packaged app runs (dist/electron/embedded-coss.mjs), started the way plain Node
 * starts it: `child_process.fork` with an IPC channel, no tsx anywhere. Electron's utilityProcess cannot run here (no
 * binary); the parentPort side of the same child is covered by test/unit/main/core/embedded-coss/child.test.ts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessLauncher, startEmbeddedCoss } from '../../main/core/embedded-coss/launcher.ts';
import { buildEmbeddedCoss } from '../../scripts/build-electron.ts';
import { tempDir } from '../unit/main/core/support.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the bundle's npm imports resolve to node_modules as they do from dist/electron/.
mkdirSync(join(ROOT, 'dist'), { recursive: true });
const outdir = mkdtempSync(join(ROOT, 'dist', '.test-embedded-coss-'));
let bundle = '';
const dataDir = tempDir('coss-embedded-bundle-');

before(async () => {
  bundle = await buildEmbeddedCoss(outdir);
});
after(() => rmSync(outdir, { recursive: true, force: true }));

async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, url);
  return (await response.json()) as T;
}

test(
  'the bundle runs under plain Node as a forked child: COSS answers /healthz and serves the sample customer and alerts',
  { timeout: 180_000 },
  async () => {
    const coss = await startEmbeddedCoss({ dataDir, launch: childProcessLauncher(bundle) });
    try {
      assert.match(coss.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${coss.url}/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const { customers } = await getJson<{ customers: Array<{ slug: string; number: number; name: string }> }>(
        `${coss.url}/api/v1/customers`,
        coss.token,
      );
      assert.deepEqual(
        customers.map((c) => [c.slug, c.number, c.name]),
        [['acme', 102, 'Acme (sample)']],
      );
      const { alerts } = await getJson<{ alerts: Array<{ device: string; number: number }> }>(
        `${coss.url}/api/v1/alerts?customer=acme`,
        coss.token,
      );
      assert.equal(alerts.length, 4);
      assert.equal(alerts.find((alert) => alert.device === 'x7.acme.com')?.number, 32962);
    } finally {
      await coss.stop();
    }
    assert.equal(
      existsSync(join(dataDir, 'embedded-coss', 'coss.pid')),
      false,
      'a stopped COSS releases its data directory',
    );
  },
);

// The parent here is a plain Node process (no tsx) speaking the protocol by hand; the test kills it with SIGKILL.
const PARENT = `
import { fork } from 'node:child_process';
const [bundle, dataDir] = process.argv.slice(1);
const child = fork(bundle, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
child.on('message', (message) => {
  if (message.type === 'hello') child.send({ type: 'start', dataDir, pagerDuty: { eventsUrl: 'http://127.0.0.1:9/v2/enqueue', apiUrl: 'http://127.0.0.1:9' } });
  else process.stdout.write(JSON.stringify({ ...message, pid: child.pid }) + '\\n');
});
`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited orphan stays a zombie until PID 1 reaps it, which a container's PID 1 may never do.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('the child drains and exits when its parent dies without stopping it', { timeout: 180_000 }, async () => {
  const parent = spawn(process.execPath, ['--input-type=module', '-e', PARENT, bundle, dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let childPid: number;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      parent.once('exit', (code) => reject(new Error(`the parent exited first (${code})`)));
    });
    const ready = JSON.parse(line) as { type: string; url: string; token: string; pid: number };
    assert.equal(ready.type, 'ready', line);
    childPid = ready.pid;
    // A second start on the same directory: no setup, and the samples are not posted twice.
    const { alerts } = await getJson<{ alerts: unknown[] }>(`${ready.url}/api/v1/alerts?customer=acme`, ready.token);
    assert.equal(alerts.length, 4);
    assert.ok(existsSync(join(dataDir, 'embedded-coss', 'coss.pid')));
  } finally {
    parent.kill('SIGKILL');
  }
  const deadline = Date.now() + 30_000;
  while (alive(childPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(alive(childPid), false, 'the orphaned child exited');
  assert.equal(
    existsSync(join(dataDir, 'embedded-coss', 'coss.pid')),
    false,
    'it drained and released the data directory, not just died',
  );
});
