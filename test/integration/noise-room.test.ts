/**
 * `.noise` and `.triage` in a customer's room on PGlite and PostgreSQL: the report one line per family, a session
 * started, followed and ended from the room, and who may do what (customer users read, staff run sessions, another
 * customer's room does not exist for them).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';

interface Posted {
  refused: string | null;
  replies: Array<{ body: string; replyTo: number | null }>;
}

for (const kind of await databaseKinds()) {
  describe(`.noise and .triage in the room on ${kind}`, () => {
    let t: TestServer;
    const say = async (secret: string, body: string, slug = 'acme'): Promise<Posted> => {
      const response: TestResponse = await t.request('POST', `/api/v1/rooms/${slug}/messages`, secret, { body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as Posted;
    };
    const answer = (posted: Posted) => {
      assert.equal(posted.replies.length, 1, JSON.stringify(posted));
      return posted.replies[0]?.body ?? '';
    };

    before(async () => {
      t = await startTestServer(kind);
      const send = (device: string, component: string, eventClass: string) =>
        t.request('POST', '/api/v1/alerts', t.keys.acme, {
          device,
          component,
          eventClass,
          severity: 'warning',
          summary: 's',
        });
      for (let i = 0; i < 3; i++) assert.equal((await send('web01.acme.com', 'eth0', '/Net/Link')).status, 200);
      assert.equal((await send('web02.acme.com', 'eth0', '/Net/Link')).status, 200);
      assert.equal((await send('db1.acme.com', 'cpu', '/Perf/CPU')).status, 200);
    });
    after(() => t.close());

    test('.noise lists the families, one line each', async () => {
      assert.equal(
        answer(await say(t.tokens.fred, '.noise 7d')),
        [
          "Fred, Acme's noisiest families over the last 7d (5 occurrences):",
          '1. /Net/Link · eth0 · web#.acme.com: 4 (80%), 0 of 2 cleared untouched, unclassified',
          '2. /Perf/CPU · cpu · db#.acme.com: 1 (20%), 0 of 1 cleared untouched, unclassified',
        ].join('\n'),
      );
      const bad = await say(t.tokens.fred, '.noise 100d');
      assert.match(bad.refused ?? '', /longer than the 90 days/);
      // Another customer's room is not there for Wile.
      const foreign = await t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.wile, { body: '.noise' });
      assert.equal(foreign.status, 404);
      assert.match(
        answer(await say(t.tokens.wile, '.noise', 'globex')),
        /^Wile, Globex had no alerts over the last 7d\.$/,
      );
    });

    test('a session from the room: start, status, end; customers read, staff run', async () => {
      const refused = await say(t.tokens.fred, '.triage start');
      assert.match(refused.refused ?? '', /may not run triage sessions \(triage\.run\)/);
      assert.equal(
        answer(await say(t.tokens.fred, '.triage status')),
        'Fred, no triage session is open for Acme; .triage start begins one.',
      );
      const started = answer(await say(t.tokens.noc, '.triage start 1d'));
      const id = /^NOC started triage session #(\d+) over the last 1d: 2 unclassified families/.exec(started)?.[1];
      assert.ok(id, started);
      assert.equal(
        started,
        `NOC started triage session #${id} over the last 1d: 2 unclassified families, first /Net/Link · eth0 · ` +
          'web#.acme.com (80% of occurrences):\n1. /Net/Link · eth0 · web#.acme.com: 4 (80%)\n' +
          '2. /Perf/CPU · cpu · db#.acme.com: 1 (20%)',
      );
      assert.match((await say(t.tokens.noc, '.triage start')).refused ?? '', new RegExp(`#${id} is still open`));
      assert.equal(
        answer(await say(t.tokens.fred, '.triage status')),
        `Fred, triage session #${id}, started by NOC: 0 of 2 families decided; next: 1. /Net/Link · eth0 · web#.acme.com.`,
      );
      assert.match((await say(t.tokens.noc, '.triage later')).refused ?? '', /"later" is not start, status or end/);
      ok(await t.request('POST', `/api/v1/customers/acme/triage/${id}/items/2`, t.tokens.noc, { decision: 'noise' }));
      assert.match((await say(t.tokens.fred, '.triage end')).refused ?? '', /triage\.run/);
      const summary = answer(await say(t.tokens.noc, '.triage end'));
      assert.equal(
        summary.split('\n')[0],
        `Triage session #${id} ended by NOC: 0 actionable, 1 noise, 0 skipped, 1 not reached of 2. Took part: Fred, NOC.`,
      );
      assert.match(
        summary,
        /\n2\. \/Perf\/CPU · cpu · db#\.acme\.com \(20%\): noise, by NOC; suppressed on every device by transform #\d+$/,
      );
      assert.match(
        answer(await say(t.tokens.noc, '.noise 1d')),
        /\n2\. \/Perf\/CPU · cpu · db#\.acme\.com: 1 \(20%\), 0 of 1 cleared untouched, noise$/,
      );
    });

    test("typed in the internal room: the start and end lines go to the customer's room, the answers stay inside", async () => {
      const inside = async (body: string): Promise<Posted> => {
        const response = await t.request('POST', '/api/v1/rooms/acme/internal/messages', t.tokens.noc, { body });
        assert.equal(response.status, 201, JSON.stringify(response.body));
        return response.body as Posted;
      };
      const started = answer(await inside('.triage start 1d'));
      assert.match(
        started,
        /^NOC, said in Acme's room:\nNOC started triage session #\d+ over the last 1d: 1 unclassified family/,
      );
      const shared = ok(await t.request('GET', '/api/v1/rooms/acme/messages', t.tokens.fred)) as {
        messages: Array<{ body: string; replyTo: number | null }>;
      };
      assert.match(shared.messages.at(-1)?.body ?? '', /^NOC started triage session #\d+ over the last 1d/);
      assert.equal(shared.messages.at(-1)?.replyTo, null);
      assert.match(answer(await inside('.noise 1d')), /^NOC, Acme's noisiest families over the last 1d/);
      assert.match(answer(await inside('.triage end')), /^NOC, said in Acme's room:\nTriage session #\d+ ended by NOC/);
    });

    test('.help lists and explains both', async () => {
      const help = answer(await say(t.tokens.fred, '.help'));
      assert.match(help, /\.noise +Show the customer's noisiest event families/);
      assert.match(help, /\.triage +Start, follow or end a triage session/);
      assert.match(
        answer(await say(t.tokens.fred, '.help triage')),
        /^Fred, \.triage start <period>\?\n\.triage status\n\.triage end/,
      );
    });
  });
}

function ok(response: TestResponse, status = 200): unknown {
  assert.equal(response.status, status, JSON.stringify(response.body));
  return response.body;
}
