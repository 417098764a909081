import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type HostBackend, type WebHost } from '../../../main/web-host/server.ts';
import type { HostEventListener } from '../../../main/core/console-core.ts';
import type { HostHandlers } from '../../../shared/host/contract.ts';
import { tempDir } from './support.ts';

function open(url: string, origin?: string): Promise<{ socket: WebSocket; status: number | null }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => resolve({ socket, status: null }));
    socket.on('unexpected-response', (_request, response) => resolve({ socket, status: response.statusCode ?? 0 }));
    socket.on('error', () => undefined);
  });
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
    assert.equal((await fetch(host.origin + '/assets/app.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(await (await fetch(host.origin + '/..%2f..%2fetc/passwd')).text(), /COSS Console/, 'never outside the renderer');
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
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: 'request', id: 1, name: 'customers.list', args: {} }));
    socket.send(JSON.stringify({ type: 'request', id: 2, name: 'alerts.list', args: { customer: '' } }));
    for (const listener of listeners) listener('alerts.focus', { customer: 'acme', number: 32962 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(frames.find((f) => (f as { id?: number }).id === 1), { type: 'response', id: 1, response: { ok: true, value: [] } });
    const invalid = frames.find((f) => (f as { id?: number }).id === 2) as { response: { ok: boolean; error: { code: string } } };
    assert.equal(invalid.response.error.code, 'invalid_arguments');
    assert.deepEqual(frames.find((f) => (f as { type: string }).type === 'event'), { type: 'event', name: 'alerts.focus', payload: { customer: 'acme', number: 32962 } });
    socket.close();
  });
});
