/**
 * Counts the node's HTTP requests so a graceful stop can tell when its clients have gone: closing the listener or an
 * idle keep-alive socket while a client is about to use it resets that client's request, which it cannot tell from
 * a lost write. Shutdown waits until requests have stopped coming (each was answered 503 + `Connection: close`).
 */
import type { Server } from 'node:http';

export class RequestTracker {
  private inFlight = 0;
  private lastArrival = -Infinity;

  constructor(server: Server) {
    server.on('request', (_request, response) => {
      this.inFlight += 1;
      this.lastArrival = performance.now();
      // 'close' follows both a finished response and a dropped connection.
      response.once('close', () => {
        this.inFlight -= 1;
      });
    });
  }

  /** Resolves once no request is in flight and none has arrived for `quietMs`, or when `maxMs` has passed. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (performance.now() < deadline) {
      if (this.inFlight === 0 && performance.now() - this.lastArrival >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
