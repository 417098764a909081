/** Reopening a resolved alert: over REST (idempotent by key) and with `.reopen` in the room; never a second active twin. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { Alert } from '../../shared/alert.ts';

for (const kind of await databaseKinds()) {
  describe(`reopening alerts on ${kind}`, () => {
    let coss: TestServer;
    let serial = 0;
    before(async () => {
      coss = await startTestServer(kind);
      await upsertTarget(coss.server.context.db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: 'R'.repeat(32),
      });
    });
    after(() => coss.close());

    const raise = async (device: string): Promise<number> => {
      const posted = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device,
        component: 'disk',
        severity: 'critical',
        summary: 'disk full',
      });
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      return (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
    };
    const act = (number: number, path: string, key = `reopen-test-${serial++}`) =>
      coss.request('POST', `/api/v1/alerts/${number}/${path}`, coss.tokens.noc, {}, { 'idempotency-key': key });
    const say = async (body: string): Promise<string[]> => {
      const posted = await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      // The bot addresses the person first ("NOC, …").
      return (posted.body as { replies: Array<{ body: string }> }).replies.map((reply) =>
        reply.body.replace(/^NOC, /, ''),
      );
    };
    const statusOf = async (number: number) =>
      ((await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: Alert }).alert.status;

    test('a resolved alert is open again, once per key; the stream and the timeline say it was reopened', async () => {
      const number = await raise('db1.acme.com');
      await act(number, 'resolve');
      const stream = openStream(coss.url, coss.tokens.noc, { since: '0' });
      const first = await act(number, 'reopen', 'reopen-key-0001');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const reopened = (first.body as { alert: Alert; changed: boolean }).alert;
      assert.equal(reopened.status, 'open');
      assert.equal(reopened.resolvedAt, null);
      const replay = await act(number, 'reopen', 'reopen-key-0001');
      assert.equal((replay.body as { replayed: boolean }).replayed, true);

      await stream.waitFor((events) => events.some((event) => event.kind === 'alert.reopened'));
      await act(number, 'acknowledge');
      await stream.waitFor((events) => events.some((event) => event.kind === 'alert.acknowledged'));
      const reopenedEvents = stream.events.filter((event) => event.kind === 'alert.reopened');
      assert.equal(reopenedEvents.length, 1);
      assert.equal((reopenedEvents[0]?.data as Alert).status, 'open');
      assert.equal(reopenedEvents[0]?.actor, 'NOC');
      stream.close();

      const detail = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
        history: Array<{ kind: string; text?: string }>;
      };
      assert.deepEqual(
        detail.history.filter((entry) => entry.kind.startsWith('alert.')).map((entry) => entry.text),
        ['Opened: critical disk full', 'Resolved', 'Reopened: open again after being resolved', 'Acknowledged'],
      );
    });

    test('reopening an alert that is not resolved changes nothing', async () => {
      const number = await raise('db2.acme.com');
      const answer = await act(number, 'reopen');
      assert.equal(answer.status, 200);
      assert.equal((answer.body as { changed: boolean }).changed, false);
      assert.equal((answer.body as { alert: Alert }).alert.status, 'open');
    });

    test('when the problem came back as a newer alert, reopening the old one is refused with 409 naming the new one', async () => {
      const old = await raise('db3.acme.com');
      await act(old, 'resolve');
      const newer = await raise('db3.acme.com');
      assert.notEqual(newer, old);
      const refused = await act(old, 'reopen');
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      const message = (refused.body as { error: { message: string } }).error.message;
      assert.match(message, new RegExp(`alert ${newer} with the same fingerprint is active`));
      assert.equal(await statusOf(old), 'resolved');

      assert.deepEqual(await say(`.reopen ${old}`), [`${message}.`]);
      assert.equal(await statusOf(old), 'resolved');
    });

    test('.reopen in the room opens the alert again and says its PagerDuty incident stays resolved', async () => {
      const number = await raise('db4.acme.com');
      await say(`.oncall [casc/int/systems, ${number}]`);
      await say(`.resolve ${number}`);
      const replies = await say(`.reopen ${number}`);
      assert.equal(replies.length, 1);
      assert.match(
        replies[0] ?? '',
        new RegExp(`^event ${number} is open again in COSS; PagerDuty cannot reopen coss_\\d+-${number} .*page again`),
      );
      assert.equal(await statusOf(number), 'open');
      assert.deepEqual(await say(`.reopen ${number}`), [
        `event ${number} is not resolved (it is open); nothing to reopen.`,
      ]);

      const unpaged = await raise('db5.acme.com');
      await say(`.resolve ${unpaged}`);
      assert.deepEqual(await say(`.reopen ${unpaged}`), [`event ${unpaged} is open again in COSS.`]);
    });
  });
}
