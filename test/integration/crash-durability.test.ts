/**
 * Durability of acknowledged ingest across a crash (kill -9) and a graceful stop (SIGTERM) of a real `coss serve`
 * process: a 2xx means committed, so every acknowledged alert must be there after a restart on the same store, with
 * the number the response gave, and with its alert.created event in the log. On SIGTERM every request must end as
 * either 2xx (stored) or a clean refusal (503 / connection refused / connection closed before any work) and never as
 * a write without an answer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { seedStore, startCossProcess, type CossProcess, type StoreLocation } from '../support/process.ts';
import { openStream } from '../support/stream-client.ts';
import type { Seed } from '../support/seed.ts';

interface PostRecord {
  devices: string[];
  /** HTTP status, or null when no response came back */
  status: number | null;
  /** the numbers the 2xx answer gave, by position */
  numbers: Array<number | null>;
  /** the network error when there was no response */
  error?: string;
  /** performance.now() when the request was sent */
  startedAt: number;
}

interface StoredAlert {
  number: number;
  device: string;
  count: number;
}

/** Finds the error code of a fetch failure (undici wraps the socket error in `cause`). */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

/**
 * Posts distinct alerts (device `<prefix>-<n>`) from `workers` concurrent clients, one to eight per request, until
 * `stop()` says so or the node stops answering. Every request and its outcome is recorded.
 */
function ingestLoad(baseUrl: string, key: string, prefix: string, workers: number) {
  const records: PostRecord[] = [];
  let next = 0;
  let acknowledged = 0;
  let inFlight = 0;
  let stopping = false;
  let refusedInARow = 0;
  const listeners = new Set<() => void>();

  async function worker(): Promise<void> {
    while (!stopping && refusedInARow < 20) {
      const size = 1 + Math.floor(Math.random() * 8);
      const devices = Array.from({ length: size }, () => `${prefix}-${next++}`);
      const body = devices.map((device) => ({
        device,
        summary: `disk full on ${device}`,
        severity: 'error',
        component: 'disk',
      }));
      const record: PostRecord = { devices, status: null, numbers: [], startedAt: performance.now() };
      records.push(record);
      inFlight += 1;
      try {
        const response = await fetch(`${baseUrl}/api/v1/alerts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(size === 1 ? body[0] : body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        record.status = response.status;
        if (response.status >= 200 && response.status < 300) {
          const parsed = JSON.parse(text) as { alerts: Array<{ number: number | null; result: string }> };
          record.numbers = parsed.alerts.map((alert) => alert.number);
          acknowledged += devices.length;
          refusedInARow = 0;
        } else {
          refusedInARow += 1;
          // Like a real sender, honour Retry-After (capped to keep the test short) instead of hammering a drain.
          const retryAfter = Number(response.headers.get('retry-after') ?? 0);
          if (retryAfter > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, retryAfter * 1000)));
        }
      } catch (error) {
        record.error = networkCode(error);
        refusedInARow += 1;
        if (record.error === 'ECONNREFUSED') await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        inFlight -= 1;
        for (const wake of listeners) wake();
      }
    }
  }

  const done = Promise.all(Array.from({ length: workers }, () => worker()));
  return {
    records,
    done,
    get acknowledged() {
      return acknowledged;
    },
    get inFlight() {
      return inFlight;
    },
    stop() {
      stopping = true;
    },
    /** resolves once at least `count` alerts were acknowledged */
    acknowledgedAtLeast(count: number, timeoutMs = 60_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${acknowledged} alerts acknowledged in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          if (acknowledged >= count) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Every alert of acme as the restarted node reports it, by device. */
async function storedAlerts(node: CossProcess, token: string): Promise<Map<string, StoredAlert>> {
  const response = await fetch(`${node.url}/api/v1/alerts?customer=acme&limit=5000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, `listing alerts failed\n${node.output()}`);
  const body = (await response.json()) as { alerts: StoredAlert[] };
  assert.ok(body.alerts.length < 5000, 'the test must stay under the list limit to see every alert');
  return new Map(body.alerts.map((alert) => [alert.device, alert]));
}

/** Checks that every acknowledged alert is stored with its number, and has its alert.created event in the log. */
async function assertAcknowledgedDurable(
  node: CossProcess,
  seed: Seed,
  records: PostRecord[],
): Promise<Map<string, StoredAlert>> {
  const stored = await storedAlerts(node, seed.tokens.noc);
  const missing: string[] = [];
  const wrongNumber: string[] = [];
  const acknowledgedNumbers = new Set<number>();
  for (const record of records) {
    if (record.status === null || record.status < 200 || record.status >= 300) continue;
    record.devices.forEach((device, i) => {
      const alert = stored.get(device);
      const number = record.numbers[i];
      if (typeof number === 'number') acknowledgedNumbers.add(number);
      if (!alert) missing.push(device);
      else if (alert.number !== number || alert.count !== 1)
        wrongNumber.push(`${device}: answered #${number}, stored #${alert.number} ×${alert.count}`);
    });
  }
  assert.deepEqual(missing.slice(0, 20), [], `${missing.length} acknowledged alerts were lost`);
  assert.deepEqual(wrongNumber.slice(0, 20), [], `${wrongNumber.length} acknowledged alerts differ from their answer`);

  // The event log survived with them: a replay from the start holds one alert.created per stored alert, in order.
  const stream = openStream(node.url, seed.tokens.noc, { since: '0' });
  try {
    await stream.waitFor(() => stream.messages.some((message) => message.type === 'caught-up'), 30_000);
    const created = stream.events.filter((event) => event.kind === 'alert.created');
    const createdNumbers = new Set(created.map((event) => (event.data as { number: number }).number));
    const withoutEvent = [...acknowledgedNumbers].filter((number) => !createdNumbers.has(number));
    assert.deepEqual(
      withoutEvent.slice(0, 20),
      [],
      `${withoutEvent.length} acknowledged alerts have no alert.created event`,
    );
    assert.equal(created.length, createdNumbers.size, 'an alert.created event appears twice');
    for (let i = 1; i < stream.events.length; i += 1) {
      assert.ok((stream.events[i]?.seq ?? 0) > (stream.events[i - 1]?.seq ?? 0), 'replayed seqs must increase');
    }
  } finally {
    stream.close();
  }
  return stored;
}

/**
 * One scenario per store kind. `makeStore` returns where the data lives and how to dispose of it.
 */
function durabilitySuite(
  name: string,
  makeStore: () => Promise<{ store: StoreLocation; dispose: () => Promise<void> }>,
  skip: () => string | false,
) {
  describe(`crash durability on ${name}`, () => {
    const nodes: CossProcess[] = [];
    const disposers: Array<() => Promise<void>> = [];
    const start = async (store: StoreLocation) => {
      const node = await startCossProcess({ store });
      nodes.push(node);
      return node;
    };
    after(async () => {
      for (const node of nodes) await node.kill9().catch(() => undefined);
      for (const dispose of disposers) await dispose().catch(() => undefined);
    });

    test('kill -9 in the middle of ingest loses no acknowledged alert', async (t) => {
      const reason = skip();
      if (reason) return t.skip(reason);
      const { store, dispose } = await makeStore();
      disposers.push(dispose);
      const seed = await seedStore(store);

      const first = await start(store);
      const load = ingestLoad(first.url, seed.keys.acme, 'host', 8);
      await load.acknowledgedAtLeast(400);
      const inFlightAtKill = load.inFlight;
      const status = await first.kill9();
      assert.equal(status.signal, 'SIGKILL');
      await load.done;
      assert.ok(inFlightAtKill > 0, 'the kill must land while requests are in flight');
      const cut = load.records.filter((record) => record.status === null).length;
      t.diagnostic(
        `acknowledged ${load.acknowledged} alerts; ${inFlightAtKill} requests in flight at the kill; ${cut} got no answer`,
      );

      const second = await start(store);
      const stored = await assertAcknowledgedDurable(second, seed, load.records);
      // Requests cut by the kill may or may not have committed; nothing else may have appeared.
      const posted = new Set(load.records.flatMap((record) => record.devices));
      assert.deepEqual(
        [...stored.keys()].filter((device) => !posted.has(device)),
        [],
      );

      // The restarted node takes new work on the same store.
      const response = await fetch(`${second.url}/api/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seed.keys.acme}`, 'content-type': 'application/json' },
        body: JSON.stringify({ device: 'after-restart', summary: 'still here', severity: 'info' }),
      });
      assert.equal(response.status, 200, second.output());
      await second.terminate();
    });

    test('SIGTERM while posting: every request is stored with a 2xx or cleanly refused', async (t) => {
      const reason = skip();
      if (reason) return t.skip(reason);
      const { store, dispose } = await makeStore();
      disposers.push(dispose);
      const seed = await seedStore(store);

      const first = await start(store);
      const load = ingestLoad(first.url, seed.keys.acme, 'term', 8);
      await load.acknowledgedAtLeast(300);
      const signalledAt = performance.now();
      const status = await first.terminate();
      // Keep posting until the port refuses: requests during the drain must be answered 503, not dropped.
      await load.done;
      assert.deepEqual(status, { code: 0, signal: null }, `graceful shutdown must exit 0\n${first.output()}`);

      const byOutcome = new Map<string, number>();
      for (const record of load.records) {
        const outcome = record.status !== null ? String(record.status) : (record.error ?? 'error');
        byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
      }
      t.diagnostic(`outcomes: ${JSON.stringify(Object.fromEntries(byOutcome))}`);
      // A request sent well before the signal was read during the drain: it must get an answer, not a reset.
      const unanswered = load.records
        .filter((record) => record.status === null && record.startedAt < signalledAt - 50)
        .map((record) => `${record.error} (sent ${Math.round(signalledAt - record.startedAt)} ms before SIGTERM)`);
      assert.deepEqual(unanswered, [], `requests in flight at SIGTERM must be answered\n${first.output()}`);
      // A request sent after the signal may still be reset rather than refused: a connection still in the listen
      // backlog when the listener closes is reset by the kernel. Such a request was never read, so it must not
      // have been stored (checked below with the other non-2xx outcomes).
      const resets = load.records.filter((record) => record.status === null && record.error !== 'ECONNREFUSED');
      if (resets.length > 0) {
        t.diagnostic(
          `${resets.length} requests sent ${resets.map((r) => Math.round(r.startedAt - signalledAt)).join(', ')} ms after SIGTERM were reset`,
        );
      }
      const unexpected = [...byOutcome.keys()].filter(
        (outcome) => !['200', '503', 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(outcome),
      );
      assert.deepEqual(unexpected, [], `unexpected outcomes during a graceful stop\n${first.output()}`);

      const second = await start(store);
      const stored = await assertAcknowledgedDurable(second, seed, load.records);
      // Not 2xx means not stored: a refused request must have changed nothing, or a retry would double it.
      const halfDone: string[] = [];
      for (const record of load.records) {
        if (record.status === 200) continue;
        for (const device of record.devices) {
          if (stored.has(device)) halfDone.push(`${device} (${record.status ?? record.error})`);
        }
      }
      assert.deepEqual(
        halfDone.slice(0, 20),
        [],
        `${halfDone.length} alerts were stored although their request was refused`,
      );
      await second.terminate();
    });
  });
}

let postgresUp = false;
before(async () => {
  postgresUp = await postgresAvailable();
});

durabilitySuite(
  'PostgreSQL',
  async () => {
    const { url, drop } = await createPostgresDatabase();
    return { store: { databaseUrl: url }, dispose: drop };
  },
  () => (postgresUp ? false : 'PostgreSQL is not reachable'),
);

durabilitySuite(
  'PGlite (data directory)',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coss-crash-'));
    return { store: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  () => false,
);
