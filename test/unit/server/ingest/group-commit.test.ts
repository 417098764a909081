import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentBatch, type PreparedEvent } from '../../../../server/ingest/store.ts';
import { GroupCommitter, QueueFullError } from '../../../../server/ingest/group-commit.ts';
import { normalizePrometheus, isResolvedAt, severityFromLabel } from '../../../../server/ingest/prometheus.ts';
import { labelSetFingerprint } from '../../../../server/ingest/fingerprint.ts';

const event = (clearKey: string, isClear: boolean): PreparedEvent =>
  ({ customerId: 1, clearKey, isClear, fingerprint: clearKey }) as PreparedEvent;

test('a batch splits only where a clear meets a raise of the same key', () => {
  const batch = [
    event('a', false),
    event('b', false),
    event('c', true),
    event('a', true),
    event('b', false),
    event('a', false),
  ];
  const segments = segmentBatch(batch).map((segment) => segment.map((e) => `${e.clearKey}${e.isClear ? '-' : '+'}`));
  assert.deepEqual(segments, [['a+', 'b+', 'c-'], ['a-', 'b+'], ['a+']]);
});

test('group commit shares transactions among waiting callers and answers each its own slice', async () => {
  const transactions: number[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const committer = new GroupCommitter<number, number>({
    maxBatch: 100,
    maxQueued: 1000,
    concurrency: 1,
    commit: async (items) => {
      transactions.push(items);
      if (transactions.length === 1) await gate;
      return items.map((item) => item * 10);
    },
  });
  const first = committer.submit([1]);
  const waiting = [committer.submit([2, 3]), committer.submit([4])];
  release();
  assert.deepEqual(await first, [10]);
  assert.deepEqual(await Promise.all(waiting), [[20, 30], [40]]);
  assert.deepEqual(transactions, [[1], [2, 3, 4]]);
});

test('group commit refuses work past its queue limit instead of growing', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const committer = new GroupCommitter<number, number>({
    maxBatch: 10,
    maxQueued: 5,
    concurrency: 1,
    commit: async (items) => {
      await gate;
      return items;
    },
  });
  const inFlight = committer.submit([1]);
  const queued = committer.submit([1, 2, 3, 4]);
  await assert.rejects(committer.submit([1, 2]), QueueFullError);
  release();
  await Promise.all([inFlight, queued]);
});

test('group commit retries retryable failures and rejects the others', async () => {
  let calls = 0;
  const committer = new GroupCommitter<number, number>({
    maxBatch: 10,
    maxQueued: 10,
    concurrency: 1,
    isRetryable: (error) => (error as Error).message === 'deadlock',
    commit: async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('deadlock');
      if (items[0] === 99) throw new Error('fatal');
      return items;
    },
  });
  assert.deepEqual(await committer.submit([7]), [7]);
  assert.equal(calls, 2);
  await assert.rejects(committer.submit([99]), /fatal/);
});

test("group commit: one caller's failing items fail that caller alone; the others in its transaction commit", async () => {
  const transactions: number[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const committer = new GroupCommitter<number, number>({
    maxBatch: 100,
    maxQueued: 1000,
    concurrency: 1,
    isRetryable: () => false,
    failsEveryone: () => false,
    commit: async (items) => {
      transactions.push(items);
      if (transactions.length === 1) await gate;
      if (items.includes(99)) throw new Error('value out of range');
      return items.map((item) => item * 10);
    },
  });
  const first = committer.submit([1]);
  const shared = [committer.submit([2, 3]), committer.submit([99]), committer.submit([4])];
  release();
  assert.deepEqual(await first, [10]);
  const settled = await Promise.allSettled(shared);
  assert.deepEqual(
    settled.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
    [[20, 30], 'value out of range', [40]],
  );
  // The shared transaction failed, then each caller ran in a transaction of its own.
  assert.deepEqual(transactions, [[1], [2, 3, 99, 4], [2, 3], [99], [4]]);
});

test('group commit: when the database is unavailable the whole batch fails at once, without rerunning each caller', async () => {
  let calls = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const committer = new GroupCommitter<number, number>({
    maxBatch: 100,
    maxQueued: 1000,
    concurrency: 1,
    failsEveryone: (error) => (error as Error).message === 'database unavailable',
    commit: async (items) => {
      calls += 1;
      if (calls === 1) {
        await gate;
        return items;
      }
      throw new Error('database unavailable');
    },
  });
  const first = committer.submit([1]);
  const batch = [committer.submit([2]), committer.submit([3])];
  release();
  await first;
  const settled = await Promise.allSettled(batch);
  assert.deepEqual(
    settled.map((result) => result.status),
    ['rejected', 'rejected'],
  );
  assert.equal(calls, 2);
});

test('Prometheus alerts: identity is the label set, severity from the label, resolved by a past endsAt', () => {
  const now = new Date('2026-11-24T08:00:00Z');
  const labels = { alertname: 'HighLatency', instance: '10.0.0.5:9100', severity: 'page', job: 'node' };
  const alert = normalizePrometheus({ labels, annotations: { summary: 'p99 > 1s' } }, false, 'prometheus', now);
  assert.equal(
    alert.fingerprint,
    labelSetFingerprint({ job: 'node', severity: 'page', instance: '10.0.0.5:9100', alertname: 'HighLatency' }),
  );
  assert.notEqual(alert.fingerprint, labelSetFingerprint({ ...labels, severity: 'warning' }));
  assert.equal(alert.device, '10.0.0.5');
  assert.equal(alert.ip, '10.0.0.5');
  assert.equal(alert.severity, 'critical');
  assert.equal(alert.summary, 'p99 > 1s');
  assert.equal(severityFromLabel(undefined), 'warning');
  assert.ok(isResolvedAt({ labels, endsAt: new Date('2026-11-24T07:59:00Z') }, now));
  assert.ok(!isResolvedAt({ labels, endsAt: new Date('2026-11-24T08:05:00Z') }, now));
});

test('transactions in flight at once never share a key, and no request overtakes an earlier one on its key', async () => {
  const gates = new Map<string, () => void>();
  const transactions: string[][] = [];
  const committer = new GroupCommitter<string, string>({
    maxBatch: 100,
    maxQueued: 1000,
    concurrency: 3,
    keysOf: (item) => [item.split(':')[0] ?? item],
    commit: async (items) => {
      transactions.push(items);
      await new Promise<void>((resolve) => gates.set(items.join(','), resolve));
      return items;
    },
  });
  const settle = (items: string) => {
    const open = gates.get(items);
    assert.ok(open, `${items} is in flight`);
    open();
  };
  const a1 = committer.submit(['a:1']);
  const b1 = committer.submit(['b:1']);
  // a:2 waits for a:1; c:1 shares nothing with anything in flight and goes at once; a later b:2 waits behind b:1,
  // and d:1 after a:3 (held back by a:2) still goes, since it shares no key with any.
  const a2 = committer.submit(['a:2']);
  const c1 = committer.submit(['c:1']);
  const a3b2 = committer.submit(['a:3', 'b:2']);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(transactions, [['a:1'], ['b:1'], ['c:1']]);
  settle('c:1');
  await c1;
  const d1 = committer.submit(['d:1']);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(transactions.at(-1), ['d:1'], 'a key-free request passes the ones held back');
  settle('b:1');
  await b1;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(transactions.length, 4, 'a:3 with b:2 still waits: a:2 before it is held back by a:1');
  settle('a:1');
  await a1;
  await new Promise((resolve) => setImmediate(resolve));
  // One transaction may hold both: inside it the store keeps their order (segmentBatch).
  assert.deepEqual(transactions.at(-1), ['a:2', 'a:3', 'b:2'], 'a:2 goes, and a:3 with it, in order');
  settle('a:2,a:3,b:2');
  settle('d:1');
  assert.deepEqual(await Promise.all([a2, a3b2, d1]), [['a:2'], ['a:3', 'b:2'], ['d:1']]);
});
