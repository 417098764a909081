/**
 * The web host: the console core and the built renderer without Electron, for end-to-end tests and wallboards.
 * Serves `renderer/dist` over HTTP and the host contract over a WebSocket at `/host`, on 127.0.0.1 only, guarded by
 * a random per-run token (constant-time check) and an Origin check (only its own page may connect).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  WebHostFrameSchema,
  type HostEventName,
  type HostHandlers,
  type WebHostFrame,
} from '../../shared/host/contract.ts';
import { dispatchHostRequest, toHostError } from '../core/host-dispatch.ts';
import type { HostEventListener } from '../core/host-event-bus.ts';
import { wsText } from '../core/ws-text.ts';
import { WALLBOARD_QUERY, wallboardRefusalFor } from '../../shared/host/wallboard.ts';

/** What the web host serves: the core's handlers and its event stream. */
export interface HostBackend {
  handlers: HostHandlers;
  on(listener: HostEventListener): () => void;
}

export interface WebHostOptions {
  backend: HostBackend;
  /** 0 picks a free port */
  port: number;
  /** the built renderer (index.html and assets) */
  staticDir: string;
  /** fixed token (tests); default: 32 random bytes, new every run */
  token?: string;
  /** more Origins allowed to open /host, e.g. the Vite dev server `http://127.0.0.1:5173` */
  extraOrigins?: string[];
  /**
   * A read-only wallboard (`--wallboard`): the address opens the wallboard view, and /host answers only the
   * wallboard's reads (shared/host/wallboard.ts), whatever page connects.
   */
  wallboard?: boolean;
}

export interface WebHost {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** the address to open: origin + `/#token=…` */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

const MAX_FRAME_BYTES = 1024 * 1024;

/** Equal-length digests make the comparison constant-time whatever the candidate's length. */
function tokenMatches(expected: string, candidate: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
    );
  socket.destroy();
}

/**
 * The decoded path of a request, or null when the URL cannot be read (`/%ff`, `//`, …). Any page the operator has
 * open can make the browser send such a URL here, so it must be an answer, never a throw.
 */
function requestPath(rawUrl: string | undefined): string | null {
  const url = URL.parse(rawUrl ?? '/', 'http://127.0.0.1');
  if (url === null) return null;
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

/** The `token` query parameter; only called once requestPath accepted the URL. */
function requestToken(rawUrl: string | undefined): string {
  return URL.parse(rawUrl ?? '/', 'http://127.0.0.1')?.searchParams.get('token') ?? '';
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>COSS Console</title>
<p>The COSS Console web host is running, but the renderer has not been built yet.</p>
<p>Build it with <code>npx vite build renderer</code> (see main/web-host/README.md) and reload this page.</p>`;

/** Starts the web host; resolves once it listens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  let origin = '';
  const allowedOrigins = new Set<string>(options.extraOrigins ?? []);

  const serveStatic = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = requestPath(request.url);
    if (pathname === null) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Bad Request');
      return;
    }
    const wanted = normalize(join(staticRoot, pathname === '/' ? 'index.html' : pathname));
    // Never outside the renderer's folder, whatever the path says.
    let file =
      wanted.startsWith(staticRoot + sep) && existsSync(wanted) && statSync(wanted).isFile()
        ? wanted
        : join(staticRoot, 'index.html');
    const headers: Record<string, string> = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'content-security-policy': `default-src 'self'; connect-src 'self' ${origin.replace(/^http/, 'ws')}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; media-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    };
    if (!existsSync(file)) {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
      return;
    }
    if (extname(file) === '') file = join(staticRoot, 'index.html');
    response.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
  };

  // A throw in a request or upgrade listener would end the process (it escapes the emitter), and any web page can
  // send requests here; so both listeners answer whatever goes wrong and keep serving.
  const http = createServer((request, response) => {
    try {
      serveStatic(request, response);
    } catch {
      if (response.headersSent) response.destroy();
      else response.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    }
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = requestPath(request.url);
    if (pathname === null) return refuse(socket, 400, 'Bad Request');
    if (pathname !== '/host') return refuse(socket, 404, 'Not Found');
    const requestOrigin = request.headers.origin;
    // Browsers always send Origin: another site's page must not drive this console. Non-browser clients
    // (tests, scripts) send none and are held to the token alone.
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) return refuse(socket, 403, 'Forbidden');
    const accepted = tokenMatches(token, requestToken(request.url));
    sockets.handleUpgrade(request, socket, head, (ws) => {
      // ws closes the connection itself after a protocol error (bad frame, > 1 MiB); it also emits 'error', which
      // with no listener would end the process.
      ws.on('error', () => undefined);
      // A browser cannot read an HTTP refusal; close code 4401 lets the page say "token refused" and stop retrying.
      if (!accepted) ws.close(4401, 'token refused: open the address the web host printed');
      else serveConnection(ws, options.backend, options.wallboard === true);
    });
  };
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node stops listening for errors on an upgraded socket; a reset before ws takes it over must not crash us.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch {
      refuse(socket, 500, 'Internal Server Error');
    }
  });

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  origin = `http://127.0.0.1:${port}`;
  allowedOrigins.add(origin);
  allowedOrigins.add(`http://localhost:${port}`);

  return {
    origin,
    url: `${origin}/${options.wallboard === true ? `?${WALLBOARD_QUERY}` : ''}#token=${token}`,
    token,
    port,
    async close() {
      for (const client of sockets.clients) client.close(1001, 'web host stopping');
      await new Promise<void>((resolveClose) => sockets.close(() => resolveClose()));
      http.closeAllConnections();
      await new Promise<void>((resolveClose) => http.close(() => resolveClose()));
    },
  };
}

function serveConnection(ws: WebSocket, backend: HostBackend, wallboard: boolean): void {
  const send = (frame: WebHostFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = backend.on(<N extends HostEventName>(name: N, payload: unknown) => {
    try {
      send({ type: 'event', name, payload });
    } catch {
      // An event JSON cannot carry is dropped for this page; the throw must not reach the core that emitted it.
    }
  });
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    let frame: WebHostFrame;
    try {
      const parsed = WebHostFrameSchema.safeParse(JSON.parse(wsText(data)));
      if (!parsed.success || parsed.data.type !== 'request') return;
      frame = parsed.data;
    } catch {
      return;
    }
    if (frame.type !== 'request') return;
    const { id } = frame;
    // A host started for a wallboard refuses by that flag; the browser page's address says nothing here.
    const refusal = wallboardRefusalFor(frame.name, { fromWallboardWindow: wallboard, frameUrl: '' });
    if (refusal !== null) {
      send({ type: 'response', id, response: { ok: false, error: refusal } });
      return;
    }
    // dispatchHostRequest never rejects, but serialising a handler's value can throw; that must not become an
    // unhandled rejection, which would end the process.
    void dispatchHostRequest(backend.handlers, frame.name, frame.args)
      .then((response) => send({ type: 'response', id, response }))
      .catch((error: unknown) => send({ type: 'response', id, response: { ok: false, error: toHostError(error) } }));
  });
}
