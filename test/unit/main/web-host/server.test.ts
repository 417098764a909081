import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type HostBackend, type WebHost } from '../../../../main/web-host/server.ts';
import type { HostEventListener } from '../../../../main/core/host-event-bus.ts';
import type { HostHandlers } from '../../../../shared/host/contract.ts';
import { wsText } from '../../../../main/core/ws-text.ts';
import { tempDir } from '../core/support.ts';

function open(url: string, origin?: string): Promise<{ socket: WebSocket; status: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => resolve({ socket, status: null }));
    socket.on('unexpected-response', (_request, response) => resolve({ socket, status: response.statusCode ?? 0 }));
    socket.on('error', () => undefined);
  });
}

/** Sends one raw request (as any web page or script could make a browser send) and returns the status line. */
function rawRequest(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

function upgradeLines(path: string): string[] {
  return [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ];
}

describe('web host', () => {
  let host: WebHost;
  const listeners = new Set<HostEventListener>();
  const backend: HostBackend = {
    handlers: { 'customers.list': async () => [] } as unknown as HostHandlers,
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  before(async () => {
    const dist = tempDir();
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>COSS Console</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    host = await startWebHost({ backend, port: 0, staticDir: dist });
  });
  after(() => host.close());

  test('prints an address with the per-run token in its hash, and serves the renderer with a CSP', async () => {
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    const page = await fetch(host.origin + '/');
    assert.match(await page.text(), /COSS Console/);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(
      (await fetch(host.origin + '/assets/app.js')).headers.get('content-type'),
      'text/javascript; charset=utf-8',
    );
    assert.match(
      await (await fetch(host.origin + '/..%2f..%2fetc/passwd')).text(),
      /COSS Console/,
      'never outside the renderer',
    );
  });

  test('refuses a wrong token and a foreign Origin; its own page with the token gets requests and events', async () => {
    const ws = host.origin.replace('http', 'ws');
    const wrong = await open(`${ws}/host?token=wrong`, host.origin);
    const closed = await new Promise<number>((resolve) => wrong.socket.on('close', (code) => resolve(code)));
    assert.equal(closed, 4401, 'a wrong token is closed with 4401 so the page stops retrying');
    assert.equal((await open(`${ws}/host?token=${host.token}`, 'http://evil.example')).status, 403);
    const { socket, status } = await open(`${ws}/host?token=${host.token}`, host.origin);
    assert.equal(status, null);
    const frames: unknown[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(wsText(data))));
    socket.send(JSON.stringify({ type: 'request', id: 1, name: 'customers.list', args: {} }));
    socket.send(JSON.stringify({ type: 'request', id: 2, name: 'alerts.list', args: { customer: '' } }));
    for (const listener of listeners) listener('alerts.focus', { customer: 'acme', number: 32962 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(
      frames.find((f) => (f as { id?: number }).id === 1),
      { type: 'response', id: 1, response: { ok: true, value: [] } },
    );
    const invalid = frames.find((f) => (f as { id?: number }).id === 2) as {
      response: { ok: boolean; error: { code: string } };
    };
    assert.equal(invalid.response.error.code, 'invalid_arguments');
    assert.deepEqual(
      frames.find((f) => (f as { type: string }).type === 'event'),
      { type: 'event', name: 'alerts.focus', payload: { customer: 'acme', number: 32962 } },
    );
    socket.close();
  });
});

/**
 * The host in its own process, as `npm run web` runs it, so a throw that escapes a listener ends it as it would for
 * the operator. Its one handler answers with a value JSON cannot carry, and it emits such an event to every page.
 */
const HOST_PROCESS = `
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost } from ${JSON.stringify(new URL('../../../../main/web-host/server.ts', import.meta.url).href)};
const dist = mkdtempSync(join(tmpdir(), 'coss-web-host-'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>COSS Console</title>');
const backend = {
  handlers: { 'customers.list': async () => [10n] },
  on: (listener) => {
    setTimeout(() => listener('alerts.focus', { customer: 'acme', number: 10n }), 0);
    return () => undefined;
  },
};
const host = await startWebHost({ backend, port: 0, staticDir: dist, token: 'test-token' });
process.stdout.write(host.port + '\\n');
`;

describe('web host against hostile and broken clients', () => {
  let child: ChildProcess;
  let port = 0;
  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HOST_PROCESS], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    port = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
      child.once('exit', (code) => reject(new Error(`web host exited with ${code}`)));
    });
  });
  after(() => child.kill());

  test('a URL it cannot read answers 400 and the host keeps running (a page on any site can send these)', async () => {
    assert.equal(
      await rawRequest(port, ['GET /%ff HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close']),
      'HTTP/1.1 400 Bad Request',
    );
    assert.equal(
      await rawRequest(port, ['GET // HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close']),
      'HTTP/1.1 400 Bad Request',
    );
    assert.equal(await rawRequest(port, upgradeLines('//')), 'HTTP/1.1 400 Bad Request');
    assert.equal(await rawRequest(port, upgradeLines('/host%ff?token=test-token')), 'HTTP/1.1 400 Bad Request');
    assert.equal(await rawRequest(port, upgradeLines('/elsewhere')), 'HTTP/1.1 404 Not Found');
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200, 'still serving');
    assert.equal(child.exitCode, null);
  });

  test('a page that breaks the WebSocket protocol is closed and the host keeps running', async () => {
    const { socket } = await open(`ws://127.0.0.1:${port}/host?token=test-token`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.send(Buffer.alloc(1024 * 1024 + 1));
    assert.equal(await closed, 1009, 'a frame over 1 MiB is refused as too big');
    const again = await open(`ws://127.0.0.1:${port}/host?token=test-token`);
    assert.equal(again.status, null, 'still accepting pages');
    again.socket.close();
    assert.equal(child.exitCode, null);
  });

  test('an answer JSON cannot carry becomes an error answer, such an event is dropped, and the host keeps running', async () => {
    const { socket } = await open(`ws://127.0.0.1:${port}/host?token=test-token`);
    const answer = new Promise<unknown>((resolve) => socket.on('message', (data) => resolve(JSON.parse(wsText(data)))));
    socket.send(JSON.stringify({ type: 'request', id: 7, name: 'customers.list', args: {} }));
    const frame = (await answer) as { id: number; response: { ok: boolean; error: { code: string } } };
    assert.deepEqual([frame.id, frame.response.ok, frame.response.error.code], [7, false, 'internal']);
    socket.close();
    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200, 'still serving');
  });
});
