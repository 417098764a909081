/**
 * A TCP proxy in front of PostgreSQL that can stall: while stalled it accepts connections and keeps every socket
 * open but moves no byte in either direction, as a dead router or a frozen peer does (nothing is refused, nothing
 * is reset, nothing answers). Resuming lets the held bytes flow again.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  /** `url` with its host and port replaced by the proxy's */
  via(url: string): string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** bytes (or, as null, the end of the stream) read while stalled, delivered on resume in order */
  held: Array<{ to: 'client' | 'upstream'; chunk: Buffer | null }>;
}

/** Starts a proxy on a free local port that forwards to `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let stalled = false;
  const pairs = new Set<Pair>();

  const deliver = (pair: Pair, to: 'client' | 'upstream', chunk: Buffer | null) => {
    if (stalled || pair.upstream === null) pair.held.push({ to, chunk });
    else if (chunk === null) (to === 'client' ? pair.client : pair.upstream).end();
    else (to === 'client' ? pair.client : pair.upstream).write(chunk);
  };
  const openUpstream = (pair: Pair) => {
    if (pair.upstream || pair.client.destroyed) return;
    const upstream = connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    pair.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => deliver(pair, 'client', chunk));
    upstream.on('end', () => deliver(pair, 'client', null));
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
  };
  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  // Half-open allowed: a stalled peer does not answer a FIN either, so a client's goodbye must not be completed.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const pair: Pair = { client, upstream: null, held: [] };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => deliver(pair, 'upstream', chunk));
    client.on('end', () => deliver(pair, 'upstream', null));
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    // A connection made while stalled waits, unanswered, for the resume (or for its client to give up).
    if (!stalled) openUpstream(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');

  return {
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(address.port);
      return parsed.toString();
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const pair of pairs) {
        openUpstream(pair);
        for (const { to, chunk } of pair.held.splice(0)) deliver(pair, to, chunk);
      }
    },
    async close() {
      for (const pair of pairs) drop(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
