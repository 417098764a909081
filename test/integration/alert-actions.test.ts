/** Acknowledge, resolve, assign and note: idempotent by key, logged as events, visible in history. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import type { Alert } from '../../shared/alert.ts';

for (const kind of await databaseKinds()) {
  describe(`alert actions on ${kind}`, () => {
    let coss: TestServer;
    let number = 0;
    before(async () => {
      coss = await startTestServer(kind);
      const posted = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'web1.acme.com',
        component: 'http',
        severity: 'critical',
        summary: 'HTTP 500 rate above 5%',
      });
      number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
    });
    after(() => coss.close());

    const act = (path: string, key: string, body: unknown = {}, token = coss.tokens.noc) =>
      coss.request('POST', `/api/v1/alerts/${number}/${path}`, token, body, { 'idempotency-key': key });

    test('a replayed acknowledge returns the first answer and logs one event', async () => {
      const stream = openStream(coss.url, coss.tokens.noc, { since: '0' });
      const first = await act('acknowledge', 'ack-key-0001', { note: 'looking' });
      assert.equal(first.status, 200);
      const replay = await act('acknowledge', 'ack-key-0001', { note: 'looking' });
      assert.equal(replay.status, 200);
      assert.equal((replay.body as { replayed: boolean }).replayed, true);
      assert.equal((replay.body as { alert: Alert }).alert.status, 'acknowledged');
      assert.equal((replay.body as { alert: Alert }).alert.acknowledgedBy, 'NOC');

      await stream.waitFor((events) => events.some((e) => e.kind === 'alert.acknowledged'));
      await act('notes', 'note-key-0001', { text: 'called the customer' });
      await stream.waitFor((events) => events.some((e) => e.kind === 'alert.noted'));
      assert.equal(stream.events.filter((e) => e.kind === 'alert.acknowledged').length, 1);
      stream.close();

      const detail = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
        history: Array<{ kind: string; actor: string | null }>;
        comments: Array<{ body: string; author: string }>;
      };
      // A critical opening posts its card in the room, which the timeline names after the opening.
      assert.deepEqual(
        detail.history.map((h) => h.kind),
        ['alert.created', 'room.message', 'alert.acknowledged', 'alert.noted'],
      );
      assert.deepEqual(
        detail.comments.map((c) => [c.author, c.body]),
        [
          ['NOC', 'looking'],
          ['NOC', 'called the customer'],
        ],
      );
    });

    test('reusing a key for another action is refused; actions need a key', async () => {
      const reused = await act('resolve', 'ack-key-0001');
      assert.equal(reused.status, 422);
      const missing = await coss.request('POST', `/api/v1/alerts/${number}/resolve`, coss.tokens.noc, {});
      assert.equal(missing.status, 400);
      assert.equal((missing.body as { error: { field: string } }).error.field, 'Idempotency-Key');
    });

    test('assign, resolve, and no acknowledging a resolved alert', async () => {
      const assigned = await act('assign', 'assign-key-01', { assignee: 'Romel Emperado' });
      assert.equal((assigned.body as { alert: Alert }).alert.assignee, 'Romel Emperado');
      const resolved = await act('resolve', 'resolve-key-01');
      assert.equal((resolved.body as { alert: Alert }).alert.status, 'resolved');
      const late = await act('acknowledge', 'ack-key-0002');
      assert.equal(late.status, 409);
    });

    test('concurrent duplicates of one request apply once', async () => {
      const posted = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'web2.acme.com',
        severity: 'error',
        summary: 'latency',
      });
      number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => act('notes', 'same-note-key', { text: 'once' })),
      );
      assert.ok(
        answers.every((a) => a.status === 200),
        JSON.stringify(answers.map((a) => a.body)),
      );
      const detail = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
        comments: unknown[];
      };
      assert.equal(detail.comments.length, 1);
    });
  });
}
