/**
 * `npm run web -- --wallboard`: the address it prints opens the wallboard view, and its /host answers the
 * wallboard's reads but refuses every action, saying why, whatever page connects. Without the flag the same action
 * reaches the core (the control that shows the refusal is the flag's doing).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { wsText } from '../../../../main/core/ws-text.ts';
import { tempDir } from '../core/support.ts';

const CLI = fileURLToPath(new URL('../../../../main/web-host/cli.ts', import.meta.url));

/** Stands in for a COSS that does not answer (503), so the console runs on its empty cache. */
function startUnavailableCoss(): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => {
    response
      .writeHead(503, { 'content-type': 'application/json' })
      .end('{"error":{"code":"unavailable","message":"test"}}');
  });
  server.on('upgrade', (_request, socket) => socket.destroy());
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    }),
  );
}

/** Starts the web host's command line; resolves with the address it printed and what it printed. */
async function startWeb(
  args: string[],
  cossUrl: string,
): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, COSS_TOKEN: 'coss_u_wallboard_test' };
  delete env.NODE_TEST_CONTEXT;
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>COSS Console</title>');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      '--port',
      '0',
      '--data-dir',
      tempDir(),
      '--renderer',
      renderer,
      '--coss',
      cossUrl,
      ...args,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const found = /COSS Console web host: (\S+)/.exec(stdout);
      if (found?.[1] !== undefined) {
        clearInterval(check);
        resolve(found[1]);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`web host exited ${code}: ${stdout}\n${stderr}`));
    });
  });
  return { child, url, stdout: () => stdout };
}

/** One request over /host, as the renderer's web host client sends it; resolves with the response. */
async function ask(
  url: string,
  name: string,
  args: unknown,
): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  const address = new URL(url);
  const token = new URLSearchParams(address.hash.slice(1)).get('token') ?? '';
  const socket = new WebSocket(`ws://${address.host}/host?token=${encodeURIComponent(token)}`);
  await once(socket, 'open');
  const answered = new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(wsText(data)) as { type: string; id?: number; response?: unknown };
      if (frame.type === 'response' && frame.id === 1)
        resolve(frame.response as { ok: boolean; error?: { code: string; message: string } });
    });
  });
  socket.send(JSON.stringify({ type: 'request', id: 1, name, args }));
  const response = await answered;
  socket.close();
  return response;
}

describe('npm run web -- --wallboard', () => {
  let coss: Awaited<ReturnType<typeof startUnavailableCoss>>;
  const children: ChildProcess[] = [];
  before(async () => {
    coss = await startUnavailableCoss();
  });
  after(async () => {
    const running = children.filter((child) => child.exitCode === null);
    const exited = running.map((child) => once(child, 'exit'));
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(exited);
    coss.server.close();
  });

  test('prints the wallboard address and refuses every action on its /host, saying why; reads are answered', async () => {
    const web = await startWeb(['--wallboard'], coss.url);
    children.push(web.child);
    assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/\?view=wallboard#token=[\w-]{20,}$/);
    assert.match(web.stdout(), /Wallboard: read-only, every action is refused/);
    const page = await fetch(web.url.split('#')[0] ?? '');
    assert.equal(page.status, 200);

    assert.equal((await ask(web.url, 'session.get', {})).ok, true);
    assert.equal((await ask(web.url, 'customers.list', {})).ok, true);
    for (const [name, args] of [
      ['alerts.acknowledge', { numbers: [32962] }],
      ['alerts.resolve', { numbers: [32962] }],
      ['page.send', { customer: 'acme', target: 'casc/int/systems', number: 32962, priority: 'normal' }],
      ['room.send', { customer: 'acme', text: 'hello from the TV' }],
      ['settings.set', {}],
    ] as const) {
      const answer = await ask(web.url, name, args);
      assert.equal(answer.ok, false, name);
      assert.equal(answer.error?.code, 'forbidden', name);
      assert.match(
        answer.error?.message ?? '',
        new RegExp(`^${name.replace('.', '\\.')} refused: this is a read-only wallboard`),
      );
    }
  });

  test('without the flag the address opens the console and the same action reaches the core', async () => {
    const web = await startWeb([], coss.url);
    children.push(web.child);
    assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    const answer = await ask(web.url, 'alerts.acknowledge', { numbers: [32962] });
    assert.doesNotMatch(answer.error?.message ?? '', /wallboard/);
  });
});
