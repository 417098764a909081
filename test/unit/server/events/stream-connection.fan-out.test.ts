/**
 * Fanning one batch of live events out to many consoles: each event's bytes are built once and shared by every
 * connection that may see it, a batch leaves each connection's TCP socket in one corked write, and each subscriber
 * still gets only its own customers' events, in seq order (issue 15: 50 consoles at 1,000 alerts/s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocket } from 'ws';
import type { Database } from '../../../../server/db/database.ts';
import type { HubListener, StreamHub } from '../../../../server/events/hub.ts';
import type { StoredEvent } from '../../../../server/events/log.ts';
import { StreamConnection } from '../../../../server/events/stream-connection.ts';
import { StreamServerMessageSchema } from '../../../../shared/stream.ts';

/** What a connection writes, and whether its TCP socket was corked at the time. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  corked = 0;
  corks = 0;
  readonly sent: Array<{ data: unknown; binary: boolean | undefined; corked: boolean }> = [];
  readonly transport = {
    cork: () => {
      this.corked += 1;
      this.corks += 1;
    },
    uncork: () => {
      this.corked -= 1;
    },
  };
  on(): this {
    return this;
  }
  send(data: unknown, options?: { binary?: boolean }): void {
    this.sent.push({ data, binary: options?.binary, corked: this.corked > 0 });
  }
  ping(): void {}
  close(): void {
    this.readyState = 3;
  }
  terminate(): void {}
}

const listeners = new Set<HubListener>();
const hub = {
  head: 0,
  add: (listener: HubListener) => listeners.add(listener),
  remove: (listener: HubListener) => listeners.delete(listener),
} as unknown as StreamHub;

const slugs = new Map([
  [1, 'acme'],
  [2, 'globex'],
]);

async function connect(customerIds: ReadonlySet<number> | 'all') {
  const socket = new FakeSocket();
  const connection = new StreamConnection({
    db: {} as Database, // nothing is replayed: since is the head
    hub,
    socket: socket as unknown as WebSocket,
    since: 0,
    customerIds,
    includeGlobal: customerIds === 'all',
    includeInternalRoom: customerIds === 'all',
    slugOf: (id) => slugs.get(id),
    stillAuthorized: async () => true,
    heartbeatMs: 3_600_000,
    transport: socket.transport,
  });
  await connection.run();
  return { socket, connection };
}

const stored = (seq: number, customerId: number | null): StoredEvent => ({
  seq,
  customerId,
  type: 'alert.created',
  alertId: seq,
  actor: null,
  payload: { id: seq, summary: `alert ${seq}` },
  createdAt: '2026-12-08T00:00:00.000Z',
});

test('a batch goes to each console in one corked write, with one shared frame per event and only its customers', async () => {
  const staff = await connect('all');
  const acme = await connect(new Set([1]));
  const globex = await connect(new Set([2]));
  try {
    for (const { socket } of [staff, acme, globex]) socket.sent.length = 0; // hello and caught-up
    const batch = [stored(1, 1), stored(2, 2), stored(3, null), stored(4, 1)];
    for (const listener of listeners) listener.onEvents(batch);

    const events = (socket: FakeSocket) =>
      socket.sent.map(({ data }) => {
        assert.ok(Buffer.isBuffer(data), 'bytes, built once, not a string encoded again per console');
        const message = StreamServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
        assert.equal(message.type, 'event');
        return message.type === 'event' ? [message.seq, message.customer] : [];
      });
    assert.deepEqual(events(staff.socket), [
      [1, 'acme'],
      [2, 'globex'],
      [3, null],
      [4, 'acme'],
    ]);
    assert.deepEqual(events(acme.socket), [
      [1, 'acme'],
      [4, 'acme'],
    ]);
    assert.deepEqual(events(globex.socket), [[2, 'globex']]);

    for (const { socket } of [staff, acme, globex]) {
      assert.equal(socket.corks, 1, 'one cork for the whole batch');
      assert.equal(socket.corked, 0, 'uncorked after it');
      assert.ok(
        socket.sent.every((s) => s.corked && s.binary === false),
        'sent as text frames while corked',
      );
    }
    assert.equal(staff.socket.sent[0]?.data, acme.socket.sent[0]?.data, 'the same bytes for every console');
    assert.equal(staff.socket.sent[1]?.data, globex.socket.sent[0]?.data);
  } finally {
    // Their heartbeat timers would keep the test running.
    for (const { connection } of [staff, acme, globex]) connection.close(1000, 'done');
  }
});
