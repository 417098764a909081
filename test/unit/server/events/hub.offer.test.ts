/**
 * Events this node commits reach the consoles without waiting for a read of the log: an offer that follows the head
 * goes out even while a read is in flight (at 1,000 alerts/s most offers arrive during one, woken by the node's own
 * NOTIFY), and an offer after a gap waits for the read that fills it. Either way every event goes out once, in seq
 * order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { openPglite } from '../../../../server/db/pglite.ts';
import { migrate } from '../../../../server/db/migrate.ts';
import type { Database } from '../../../../server/db/database.ts';
import { StreamHub } from '../../../../server/events/hub.ts';
import { appendEvents, storedFrom, type NewEvent, type StoredEvent } from '../../../../server/events/log.ts';

/** The database, with reads of the event log held until `release` while `hold` is on. */
function gatedReads(db: Database) {
  let gate: Promise<void> | null = null;
  let open = () => undefined as void;
  let reads = 0;
  const gated: Database = Object.create(db, {
    query: {
      value: async (text: string, params?: readonly unknown[]) => {
        if (text.includes('FROM events') && text.includes('ORDER BY seq')) {
          reads += 1;
          if (gate) await gate;
        }
        return db.query(text, params);
      },
    },
  }) as Database;
  return {
    db: gated,
    reads: () => reads,
    hold: () => {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release: () => {
      gate = null;
      open();
    },
  };
}

const event = (n: number): NewEvent => ({
  customerId: null,
  type: 'test.event',
  alertId: null,
  actor: null,
  payload: { n },
});

async function commit(db: Database, events: NewEvent[]): Promise<StoredEvent[]> {
  const range = await db.transaction((tx) => appendEvents(tx, events));
  assert.ok(range);
  return storedFrom(range, events);
}

async function setUp() {
  const raw = await openPglite(undefined);
  await migrate(raw);
  const gate = gatedReads(raw);
  // No polling during the test: only wakes and offers move the hub.
  const hub = new StreamHub(gate.db, { log: pino({ level: 'silent' }), pollIntervalMs: 3_600_000 });
  await hub.start();
  const seen: number[] = [];
  hub.add({ onEvents: (events) => seen.push(...events.map((e) => e.seq)) });
  return { raw, gate, hub, seen };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
};

test('an offer that follows the head goes out while a read of the log is in flight, and only once', async () => {
  const { raw, gate, hub, seen } = await setUp();
  try {
    // Reads are held from before the commit, so the read its own NOTIFY starts stays in flight.
    gate.hold();
    const first = await commit(raw, [event(1), event(2)]);
    hub.wake(2);
    await until(() => gate.reads() > 0);
    hub.offer(first);
    assert.deepEqual(seen, [1, 2], 'sent without waiting for the read');
    gate.release();
    const second = await commit(raw, [event(3)]);
    hub.offer(second);
    await until(() => seen.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(seen, [1, 2, 3], 'the read that was in flight hands out nothing twice');
  } finally {
    gate.release();
    await hub.stop();
    await raw.close();
  }
});

test('an offer after a gap waits for the read that fills it, then everything goes out once in seq order', async () => {
  const { raw, gate, hub, seen } = await setUp();
  try {
    gate.hold();
    await commit(raw, [event(1)]); // another node's commit: never offered here
    const mine = await commit(raw, [event(2), event(3)]);
    hub.offer(mine);
    assert.deepEqual(seen, [], 'nothing goes out ahead of seq 1');
    gate.release();
    await until(() => seen.length >= 3);
    const later = await commit(raw, [event(4)]);
    hub.offer(later);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(seen, [1, 2, 3, 4]);
  } finally {
    gate.release();
    await hub.stop();
    await raw.close();
  }
});

test('offers that arrive out of order go out in seq order', async () => {
  const { raw, hub, seen } = await setUp();
  try {
    const a = await commit(raw, [event(1)]);
    const b = await commit(raw, [event(2)]);
    hub.offer(b);
    hub.offer(a);
    await until(() => seen.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(seen, [1, 2]);
  } finally {
    await hub.stop();
    await raw.close();
  }
});
