/**
 * The stream's edges: a `since` the log has not reached is refused with 4009 (it comes from another history), and a
 * consumer that stops reading entirely is cut with the documented 4008 and the seq to resume from, not a bare 1006.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import { STREAM_CLOSE } from '../../shared/stream.ts';

/** A short heartbeat, so a consumer that answers no ping is found in well under a second. */
const HEARTBEAT_MS = 250;

for (const kind of await databaseKinds()) {
  describe(`stream edges on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind, { streamHeartbeatMs: HEARTBEAT_MS });
    });
    after(() => coss.close());

    const raise = async (device: string) => {
      const response = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device,
        summary: 'disk full',
        severity: 'warning',
      });
      assert.equal(response.status, 200);
    };
    const head = () => coss.server.context.hub.head;

    // The timeout only bounds the failure: a stream that is never refused waits silently forever.
    test(
      'a since past the end of the log is refused with 4009 naming the head, before any message',
      { timeout: 15_000 },
      async () => {
        await raise('edge-1.acme.com');
        const ahead = head() + 1000;
        const stream = openStream(coss.url, coss.tokens.noc, { since: String(ahead) });
        const { code, reason } = await stream.closed;
        assert.equal(code, STREAM_CLOSE.sinceAheadOfLog);
        assert.equal(reason, `since=${ahead} is ahead of the log (head=${head()}); resync from a snapshot`);
        assert.deepEqual(stream.messages, []);

        const atHead = openStream(coss.url, coss.tokens.noc, { since: String(head()) });
        await atHead.waitFor(() => atHead.messages.some((message) => message.type === 'caught-up'));
        atHead.close();
      },
    );

    test('a consumer that stops reading entirely gets every event sent, then 4008 with the seq to resume from', async () => {
      const start = head();
      const stalled = openStream(coss.url, coss.tokens.noc, { since: String(start) });
      await stalled.waitFor(() => stalled.messages.some((message) => message.type === 'caught-up'));
      // Reads nothing from here on: no pong either, as with a frozen process or a full TCP window.
      stalled.socket.pause();
      await raise('stalled-1.acme.com');
      await raise('stalled-2.acme.com');
      const serverSide = () => [...(coss.server.app.websocketServer?.clients ?? [])];
      const cutByServer = () => serverSide().every((socket) => socket.readyState !== socket.OPEN);
      for (let waited = 0; !cutByServer() && waited < 20 * HEARTBEAT_MS; waited += 25)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.ok(cutByServer(), 'the server cuts a consumer that answers no ping');

      stalled.socket.resume();
      const { code, reason } = await stalled.closed;
      assert.equal(code, STREAM_CLOSE.slowConsumer, `closed with ${code} ${reason}`);
      assert.equal(reason, `slow consumer; resume with since=${head()}`);
      assert.deepEqual(
        stalled.events.map((event) => (event.data as { device: string }).device),
        ['stalled-1.acme.com', 'stalled-2.acme.com'],
        'every event sent before the close arrives before it',
      );
      assert.equal(stalled.events.at(-1)?.seq, head());
    });

    test('a consumer that never reads again is dropped a heartbeat after the 4008, so it holds nothing on the server', async () => {
      const stalled = openStream(coss.url, coss.tokens.noc, { since: String(head()) });
      await stalled.waitFor(() => stalled.messages.some((message) => message.type === 'caught-up'));
      stalled.socket.pause();
      await raise('never-read.acme.com');
      const open = () => (coss.server.app.websocketServer?.clients.size ?? 0) > 0;
      for (let waited = 0; open() && waited < 40 * HEARTBEAT_MS; waited += 25)
        await new Promise((resolve) => setTimeout(resolve, 25));
      assert.equal(open(), false, 'the server let go of the connection');
      stalled.socket.terminate();
    });
  });
}
