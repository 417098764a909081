/**
 * `r` holds the resolve for a few seconds: nothing reaches COSS (or PagerDuty) until the window ends, `u` within it
 * takes it back for good, and a console that closes or dies within it still sends it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionOutbox } from '../../../../main/core/action-outbox.ts';
import type { HeldActionSettled } from '../../../../shared/host/contract.ts';
import type { Alert } from '../../../../shared/alert.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  tempDir,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

function settledEvents(console: TestConsole): HeldActionSettled[] {
  const seen: HeldActionSettled[] = [];
  console.core.on((name, payload) => {
    if (name === 'alerts.heldSettled') seen.push(payload as HeldActionSettled);
  });
  return seen;
}

describe('console core: a resolve the operator can undo', () => {
  let coss: RestartableCoss;
  let console: TestConsole;
  before(async () => {
    coss = await startRestartableCoss();
    console = await startConsole(coss.url, coss.tokens.noc);
    await console.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await console.core.stop();
    await coss.close();
  });

  const statusInCoss = async (number: number) =>
    ((await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: Alert }).alert.status;
  const cached = async (number: number) => {
    await eventually(
      async () =>
        (await console.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      `${number} cached`,
    );
  };

  test('nothing reaches COSS within the window; then COSS resolves it and the console says what happened', async () => {
    const settled = settledEvents(console);
    const number = await raise(coss, { device: 'undo1.acme.com' });
    await cached(number);
    const held = await console.core.handlers['alerts.resolveLater']({ number, delayMs: 1000 });
    assert.match(held.message, new RegExp(`^Resolving ${number} in 1 s \\(not sent yet\\): u takes it back\\.$`));
    assert.equal(await statusInCoss(number), 'open', 'not sent within the window');
    await eventually(() => settled.length > 0, 10_000, 'the held resolve settled');
    assert.deepEqual(
      settled.map((event) => [event.number, event.status]),
      [[number, 'done']],
    );
    assert.match(settled[0]?.message ?? '', new RegExp(`^Resolve ${number}: done`));
    assert.equal(await statusInCoss(number), 'resolved');

    const undo = await console.core.handlers['alerts.undoResolve']({ number });
    assert.deepEqual(undo, {
      undone: false,
      message: `Too late to undo: the resolve of ${number} has gone to COSS. Reopen it (O) instead.`,
    });
  });

  test('u within the window takes it back for good: nothing is sent, and an acknowledgement after it is not held up', async () => {
    const settled = settledEvents(console);
    const number = await raise(coss, { device: 'undo2.acme.com' });
    const other = await raise(coss, { device: 'undo3.acme.com' });
    await cached(number);
    await cached(other);
    await console.core.handlers['alerts.resolveLater']({ number, delayMs: 1500 });
    const [ack] = await console.core.handlers['alerts.acknowledge']({ numbers: [other] });
    assert.equal(ack?.status, 'done', 'the acknowledgement went at once, past the held resolve');
    const undo = await console.core.handlers['alerts.undoResolve']({ number });
    assert.deepEqual(undo, {
      undone: true,
      message: `${number} was not resolved: nothing was sent to COSS or PagerDuty.`,
    });
    assert.equal(console.core.outbox.pending.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await statusInCoss(number), 'open');
    assert.deepEqual(settled, [], 'no settlement for a resolve that was taken back');
    const history = (
      (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
        history: Array<{ kind: string }>;
      }
    ).history;
    assert.ok(!history.some((entry) => entry.kind === 'alert.resolved'));
  });

  test('a console closed within the window still resolves: on its way out', async () => {
    const closing = await startConsole(coss.url, coss.tokens.noc);
    await closing.waitForState((state) => state.status === 'live');
    const number = await raise(coss, { device: 'undo4.acme.com' });
    await eventually(
      async () =>
        (await closing.core.handlers['alerts.list']({ customer: 'acme' })).some((alert) => alert.number === number),
      15_000,
      'cached',
    );
    await closing.core.handlers['alerts.resolveLater']({ number, delayMs: 10_000 });
    await closing.core.stop();
    assert.equal(await statusInCoss(number), 'resolved');
  });
});

describe('action outbox: held actions', () => {
  test('a held action is on disk from the start; a console that died sends it at its next start once its time is past', async () => {
    const dataDir = tempDir();
    let now = 1_000_000;
    const sentByFirst: string[] = [];
    const first = new ActionOutbox({
      dataDir,
      now: () => now,
      send: async (entry) => void sentByFirst.push(entry.key),
    });
    const held = first.hold('acme', { kind: 'resolve', number: 7 }, 'Resolve 7', now + 5000);
    first.enqueue('acme', { kind: 'acknowledge', number: 8 }, 'Acknowledge 8');
    now += 10_000;
    await first.drain();
    assert.equal(sentByFirst.length, 1, 'a drain sends what came after, never a hold its process is timing');
    assert.deepEqual(
      first.pending.map((entry) => entry.key),
      [held.key],
    );
    await first.flush();

    // The process dies here. The next one reads the outbox from disk.
    now = 1_002_000;
    const sentBySecond: string[] = [];
    const second = new ActionOutbox({
      dataDir,
      now: () => now,
      send: async (entry) => void sentBySecond.push(entry.key),
    });
    assert.deepEqual(
      second.pending.map((entry) => [entry.key, entry.sendAfter]),
      [[held.key, new Date(1_005_000).toISOString()]],
    );
    await second.drain();
    assert.deepEqual(sentBySecond, [], 'not before its time');
    now = 1_005_000;
    await second.drain();
    assert.deepEqual(sentBySecond, [held.key]);
  });

  test('cancel takes a held action back; once sent, it cannot be', async () => {
    const dataDir = tempDir();
    const sent: string[] = [];
    const outbox = new ActionOutbox({ dataDir, send: async (entry) => void sent.push(entry.key) });
    const undone = outbox.hold('acme', { kind: 'resolve', number: 1 }, 'Resolve 1', Date.now() + 5000);
    assert.equal(outbox.cancel(undone.key), true);
    const kept = outbox.hold('acme', { kind: 'resolve', number: 2 }, 'Resolve 2', Date.now() + 5000);
    assert.equal((await outbox.send(kept.key)).status, 'done');
    assert.equal(outbox.cancel(kept.key), false);
    assert.deepEqual(sent, [kept.key]);
    await outbox.flush();
    assert.deepEqual(new ActionOutbox({ dataDir, send: async () => undefined }).pending, [], 'nothing left on disk');
  });
});
