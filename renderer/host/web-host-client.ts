/**
 * HostApi over the web host's localhost WebSocket (frames: shared/host/contract.ts WebHostFrameSchema).
 * Reconnects with capped exponential backoff (shared/backoff.ts). While the link is down it reports itself through
 * the same `connection.changed` event the core uses, so the operator sees "reconnecting" whichever link broke.
 */
import { z } from 'zod';
import {
  HOST_EVENTS,
  HOST_REQUESTS,
  HostErrorSchema,
  WebHostFrameSchema,
  type HostApi,
  type HostArgs,
  type HostError,
  type HostEventName,
  type HostEventPayload,
  type HostRequestName,
  type HostResponse,
  type HostResult,
} from '../../shared/host/contract.ts';
import { backoffDelayMs } from '../../shared/backoff.ts';
import type { ConnectionState } from '../../shared/host/connection.ts';
import { createEventListeners } from '../../shared/host/event-listeners.ts';

// Zod's JIT probes `new Function`; the strict CSP forbids eval and would report every probe.
z.config({ jitless: true });

/** The subset of the browser WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: 'open' | 'close' | 'message' | 'error',
    listener: (event: { data?: unknown; code?: number }) => void,
  ): void;
}

export interface WebHostClientOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  /** how long a request may wait for the link to come up before it fails as unavailable */
  requestTimeoutMs?: number;
  /** first reconnect delay; doubles per attempt up to maxDelayMs */
  baseDelayMs?: number;
  maxDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const OPEN = 1;
/** Close codes the web host uses for a refused token: retrying with the same token cannot succeed. */
const FATAL_CLOSE_CODES = new Set([1008, 4401, 4403]);

const ResponseSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    // `field`: the input COSS named as wrong, which a dialog shows its error against; `hold`: what held a page back.
    error: HostErrorSchema,
  }),
]);

interface Pending {
  name: HostRequestName;
  resolve: (response: HostResponse<unknown>) => void;
  timer: unknown;
}

/** Reads `token` from a URL hash such as `#token=abc`. */
export function readTokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}

/** Creates a HostApi that speaks the web-host frame protocol and keeps reconnecting. */
export function createWebHostClient(options: WebHostClientOptions): HostApi {
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;

  const listeners = createEventListeners();
  const pending = new Map<number, Pending>();
  const waiting: Array<{ id: number; frame: string }> = [];
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let everOpened = false;
  let fatal = false;
  let lastConnection: ConnectionState | null = null;

  const emit = listeners.emit;

  function reportLink(status: ConnectionState['status'], lastError: string | null): void {
    const base: ConnectionState = lastConnection ?? {
      status,
      attempt: 0,
      cossUrl: '',
      local: false,
      lastSeq: 0,
      syncedAt: null,
      pendingActions: 0,
      lastError: null,
    };
    emit('connection.changed', { ...base, status, attempt: status === 'reconnecting' ? attempt : 0, lastError });
  }

  function settle(id: number, response: HostResponse<unknown>): void {
    const entry = pending.get(id);
    if (entry === undefined) return;
    pending.delete(id);
    clearTimer(entry.timer);
    entry.resolve(response);
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const frame = WebHostFrameSchema.safeParse(json);
    if (!frame.success) return;
    if (frame.data.type === 'response') {
      const entry = pending.get(frame.data.id);
      if (entry === undefined) return;
      settle(frame.data.id, parseResponse(entry.name, frame.data.response));
    } else if (frame.data.type === 'event') {
      const name = frame.data.name as HostEventName;
      const schema = HOST_EVENTS[name];
      if (schema === undefined) return;
      const payload = schema.safeParse(frame.data.payload);
      if (!payload.success) return;
      if (name === 'connection.changed') lastConnection = payload.data as ConnectionState;
      emit(name, payload.data as HostEventPayload<typeof name>);
    }
  }

  function parseResponse(name: HostRequestName, raw: unknown): HostResponse<unknown> {
    const envelope = ResponseSchema.safeParse(raw);
    if (!envelope.success) return failure('internal', 'The console host sent a malformed answer.');
    if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
    const value = HOST_REQUESTS[name].result.safeParse(envelope.data.value);
    if (!value.success) return failure('internal', `The console host sent an unexpected answer to ${name}.`);
    if (name === 'session.get') lastConnection = (value.data as HostResult<'session.get'>).connection;
    return { ok: true, value: value.data };
  }

  function flush(): void {
    while (socket !== null && socket.readyState === OPEN && waiting.length > 0) {
      const next = waiting.shift();
      if (next !== undefined && pending.has(next.id)) socket.send(next.frame);
    }
  }

  function connect(): void {
    const current = options.createSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      const reconnected = everOpened;
      everOpened = true;
      attempt = 0;
      flush();
      // After a gap, ask the core where things stand so the banner and data catch up at once.
      if (reconnected) {
        void api.invoke('session.get', {}).then((response) => {
          if (response.ok) emit('connection.changed', response.value.connection);
        });
      }
    });
    current.addEventListener('message', (event) => onMessage(event.data));
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = null;
      for (const [id] of pending)
        if (!waiting.some((item) => item.id === id))
          settle(id, failure('unavailable', 'The link to the console host dropped before it answered; try again.'));
      if (event.code !== undefined && FATAL_CLOSE_CODES.has(event.code)) {
        fatal = true;
        for (const [id] of pending)
          settle(id, failure('forbidden', 'The console host refused this page; open the console link again.'));
        reportLink('offline', 'The console host refused this page’s token. Open the link the console printed again.');
        return;
      }
      attempt += 1;
      reportLink('reconnecting', 'Lost the link to the console host.');
      // Full jitter spreads reconnects when a host restart drops several windows at once.
      setTimer(connect, backoffDelayMs(attempt, { baseMs: baseDelayMs, capMs: maxDelayMs }));
    });
  }

  const api: HostApi = {
    invoke<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>> {
      if (fatal)
        return Promise.resolve(
          failure('forbidden', 'The console host refused this page; open the console link again.'),
        );
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, name, args });
      return new Promise((resolve) => {
        const timer = setTimer(() => {
          const index = waiting.findIndex((item) => item.id === id);
          if (index >= 0) waiting.splice(index, 1);
          settle(id, failure('unavailable', 'The console host did not answer in time; try again.'));
        }, requestTimeoutMs);
        pending.set(id, { name, resolve: resolve as (response: HostResponse<unknown>) => void, timer });
        if (socket !== null && socket.readyState === OPEN) socket.send(frame);
        else waiting.push({ id, frame });
      });
    },
    on: listeners.on,
  };

  connect();
  return api;
}

function failure(code: HostError['code'], message: string): { ok: false; error: HostError } {
  return { ok: false, error: { code, message } };
}
