/** A stream consumer for tests: connects, collects messages, and can be cut and resumed. */
import WebSocket from 'ws';
import { StreamServerMessageSchema, type StreamEvent, type StreamServerMessage } from '../../shared/stream.ts';
import { wsText } from '../../main/core/ws-text.ts';

export interface StreamClient {
  messages: StreamServerMessage[];
  events: StreamEvent[];
  /** resolves on close with the code and reason */
  closed: Promise<{ code: number; reason: string }>;
  /** the HTTP status when the upgrade was refused */
  refused: Promise<number | null>;
  waitFor: (predicate: (events: StreamEvent[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => void;
  socket: WebSocket;
}

/** Opens `/api/v1/stream` on `baseUrl` with `token` and query `params`. */
export function openStream(baseUrl: string, token: string, params: Record<string, string> = {}): StreamClient {
  const url = new URL('/api/v1/stream', baseUrl.replace(/^http/, 'ws'));
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const messages: StreamServerMessage[] = [];
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const message = StreamServerMessageSchema.parse(JSON.parse(wsText(data)));
    messages.push(message);
    if (message.type === 'event') events.push(message);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of waiters) wake();
    });
  });
  const refused = new Promise<number | null>((resolve) => {
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => resolve(null));
    socket.on('error', () => resolve(0));
  });
  return {
    messages,
    events,
    closed,
    refused,
    socket,
    close: () => socket.close(),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
