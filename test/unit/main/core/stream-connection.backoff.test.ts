/** The stream's reconnect timing: full jitter, as a room of consoles needs after a COSS restart. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { StreamConnection } from '../../../../main/core/stream-connection.ts';
import { systemClock, type Clock } from '../../../../main/core/clock.ts';
import { eventually } from './support.ts';

/** A port nothing listens on: every connection attempt is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('reconnect delays are drawn over the whole range from zero to the ceiling (full jitter), not its upper half', async () => {
  const delays: number[] = [];
  const clock: Clock = {
    ...systemClock,
    setTimeout: (callback, ms) => (delays.push(ms), systemClock.setTimeout(callback, ms)),
  };
  const draws = [0, 0.999];
  const stream = new StreamConnection({
    baseUrl: `http://127.0.0.1:${await closedPort()}`,
    token: 't',
    lastSeq: 0,
    clock,
    random: () => draws.shift() ?? 0,
    onEvent: () => undefined,
    onState: () => undefined,
    onResyncNeeded: () => undefined,
  });
  stream.start();
  await eventually(() => delays.length >= 2, 10_000, 'two reconnects scheduled');
  stream.stop();
  // The default policy: 500 ms before the first retry, 1 s before the second.
  assert.deepEqual(delays.slice(0, 2), [0, 999]);
});
