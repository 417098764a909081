import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActionOutbox } from '../../../../main/core/action-outbox.ts';
import { CossError } from '../../../../main/core/coss-client.ts';
import type { RoomMessage } from '../../../../shared/room.ts';
import { eventually, raise, startConsole, startRestartableCoss, tempDir, type RestartableCoss } from './support.ts';

describe('action outbox across a COSS outage', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
  });
  after(() => coss.close());

  test('actions taken while COSS is down survive a console restart and reach COSS exactly once', async () => {
    const first = await startConsole(coss.url, coss.tokens.noc);
    await first.waitForState((state) => state.status === 'live');
    const acked = await raise(coss, { device: 'db1.acme.com' });
    const noted = await raise(coss, { device: 'db2.acme.com' });
    await eventually(
      async () => (await first.core.handlers['alerts.list']({ customer: 'acme' })).length >= 2,
      15_000,
      'alerts cached',
    );

    await coss.stop();
    await first.waitForState((state) => state.status !== 'live');
    const [ack] = await first.core.handlers['alerts.acknowledge']({ numbers: [acked] });
    assert.equal(ack?.status, 'queued');
    assert.match(ack?.message ?? '', /queued/);
    assert.equal(
      (await first.core.handlers['room.send']({ customer: 'acme', body: 'hello from the outage' })).status,
      'queued',
    );
    assert.equal(
      (await first.core.handlers['alerts.note']({ number: noted, text: 'checked the disks' })).status,
      'queued',
    );
    assert.equal(first.core.connectionState().pendingActions, 3);
    const shown = (await first.core.handlers['alerts.list']({ customer: 'acme' })).find(
      (alert) => alert.number === acked,
    );
    assert.equal(shown?.status, 'acknowledged', 'shown acknowledged at once, pending COSS');
    await first.core.stop();

    // A new console process on the same data directory: the outbox is on disk.
    const second = await startConsole(coss.url, coss.tokens.noc, { dataDir: first.dataDir });
    assert.equal(second.core.connectionState().pendingActions, 3);
    // The same key twice, as when an answer is lost and the action is retried: COSS dedupes it.
    const again = second.core.outbox.pending[0]!;
    second.core.outbox.enqueue(again.customer, again.action, 'retry of the acknowledgement', again.key);

    await coss.restart();
    await second.waitForState((state) => state.status === 'live' && state.pendingActions === 0, 20_000);

    const detail = (await coss.request('GET', `/api/v1/alerts/${acked}`, coss.tokens.noc)).body as {
      alert: { status: string; acknowledgedBy: string };
      history: Array<{ kind: string }>;
    };
    assert.equal(detail.alert.status, 'acknowledged');
    assert.equal(detail.alert.acknowledgedBy, 'NOC');
    assert.equal(detail.history.filter((entry) => entry.kind === 'alert.acknowledged').length, 1, 'acknowledged once');
    const room = (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc)).body as {
      messages: RoomMessage[];
    };
    assert.equal(room.messages.filter((message) => message.body === 'hello from the outage').length, 1, 'posted once');
    const note = (await coss.request('GET', `/api/v1/alerts/${noted}`, coss.tokens.noc)).body as {
      comments: Array<{ body: string }>;
    };
    assert.deepEqual(
      note.comments.map((comment) => comment.body),
      ['checked the disks'],
    );
    await second.core.stop();
  });
});

describe('action outbox failures', () => {
  test('a final refusal (4xx) is surfaced and dropped; a transient one keeps the action and stops the replay', async () => {
    const dir = tempDir();
    const answers: Array<CossError | null> = [new CossError('unavailable', 'COSS could not be reached', null, true)];
    const sent: string[] = [];
    const failures: string[] = [];
    const outbox = new ActionOutbox({
      dataDir: dir,
      send: async (entry) => {
        const answer = answers.shift() ?? null;
        if (answer) throw answer;
        sent.push(entry.label);
      },
      onFinalFailure: (failure) => failures.push(`${failure.entry.label}: ${failure.error.code}`),
    });
    const first = await outbox.submit('acme', { kind: 'acknowledge', number: 1 }, 'Acknowledge 1');
    assert.equal(first.status, 'queued');
    outbox.enqueue('acme', { kind: 'resolve', number: 2 }, 'Resolve 2');
    assert.equal(new ActionOutbox({ dataDir: dir, send: async () => undefined }).pending.length, 2, 'on disk');

    answers.push(null, new CossError('conflict', 'alert 2 is already resolved', 409, false));
    await outbox.drain();
    assert.deepEqual(sent, ['Acknowledge 1']);
    assert.deepEqual(failures, ['Resolve 2: conflict']);
    assert.equal(outbox.pending.length, 0);
    assert.equal(outbox.failures[0]?.error.message, 'alert 2 is already resolved');

    answers.push(new CossError('not_found', 'no alert 3', 404, false));
    await assert.rejects(
      outbox.submit('acme', { kind: 'note', number: 3, text: 'x' }, 'Note on 3'),
      /no alert 3/,
      'the operator who acted sees the refusal',
    );
  });
});

describe('action outbox on the live path', () => {
  test('submit sends without waiting for the disk; done leaves the file once writes settle', async () => {
    const dir = tempDir();
    const sent: string[] = [];
    const outbox = new ActionOutbox({
      dataDir: dir,
      send: async (entry) => {
        sent.push(entry.key);
      },
    });
    const result = outbox.submit('acme', { kind: 'acknowledge', number: 7 }, 'Acknowledge 7');
    // Same tick: the request is already out and nothing was written synchronously.
    assert.equal(sent.length, 1);
    assert.equal(existsSync(join(dir, 'outbox.json')), false, 'no synchronous write before the send');
    assert.equal((await result).status, 'done');
    await outbox.flush();
    assert.equal(new ActionOutbox({ dataDir: dir, send: async () => undefined }).pending.length, 0);
  });

  test('queued is answered only once the action is on disk, and a restart replays it with the same key', async () => {
    const dir = tempDir();
    const outbox = new ActionOutbox({
      dataDir: dir,
      send: async () => {
        throw new CossError('unavailable', 'COSS could not be reached', null, true);
      },
    });
    const result = await outbox.submit('acme', { kind: 'resolve', number: 9 }, 'Resolve 9');
    assert.equal(result.status, 'queued');
    // Read at once, without flush(): "queued" promised it survives a crash from here on.
    const restarted = new ActionOutbox({ dataDir: dir, send: async () => undefined });
    assert.deepEqual(
      restarted.pending.map((entry) => [entry.key, entry.action]),
      [[result.entry.key, { kind: 'resolve', number: 9 }]],
    );
  });

  test('answers coming back in a burst are written together, and the file ends with what is still pending', async () => {
    const dir = tempDir();
    let refuse = false;
    const outbox = new ActionOutbox({
      dataDir: dir,
      send: async () => {
        if (refuse) throw new CossError('unavailable', 'COSS could not be reached', null, true);
      },
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        outbox.submit('acme', { kind: 'acknowledge', number: index + 1 }, `Acknowledge ${index + 1}`),
      ),
    );
    assert.deepEqual(new Set(results.map((result) => result.status)), new Set(['done']));
    refuse = true;
    const waiting = await outbox.submit('acme', { kind: 'note', number: 3, text: 'later' }, 'Note on 3');
    assert.equal(waiting.status, 'queued');
    await outbox.flush();
    assert.deepEqual(
      new ActionOutbox({ dataDir: dir, send: async () => undefined }).pending.map((entry) => entry.key),
      [waiting.entry.key],
    );
  });
});
