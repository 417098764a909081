/**
 * A triage session end to end on PGlite and PostgreSQL, over REST: it takes the top unclassified families, an
 * actionable decision makes new events of the family (on a device never seen before) carry the notes and page,
 * a noise decision suppresses new events of its family (stored, counted by the report and the trend, not paged),
 * the summary goes into the room with who took part; tenancy and roles on every route.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertSchema, type Alert } from '../../shared/alert.ts';
import { NoiseReportSchema, NoiseTrendSchema } from '../../shared/noise.ts';
import { TriagePreviewSchema, TriageSessionSchema, type TriageSession } from '../../shared/triage.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';

const LINK = 'event|/Net/Link|eth0|web#.acme.com';
const CPU = 'event|/Perf/CPU|cpu|db#.acme.com';
const DISK = 'event|/Perf/Disk|sda|app#.acme.com';

for (const kind of await databaseKinds()) {
  describe(`triage sessions on ${kind}`, () => {
    let t: TestServer;
    let session: TriageSession;
    const ok = (response: TestResponse, status = 200) => {
      assert.equal(response.status, status, JSON.stringify(response.body));
      return response.body;
    };
    const ingest = async (device: string, component: string, eventClass: string, times = 1) => {
      let alert: { number: number } | undefined;
      for (let i = 0; i < times; i++) {
        const body = ok(
          await t.request('POST', '/api/v1/alerts', t.keys.acme, {
            device,
            component,
            eventClass,
            severity: 'error',
            summary: `${eventClass} on ${device}`,
          }),
        ) as { alerts: Array<{ number: number }> };
        alert = body.alerts[0];
      }
      assert.ok(alert);
      return alert.number;
    };
    const alert = async (number: number): Promise<Alert> =>
      AlertSchema.parse(
        (ok(await t.request('GET', `/api/v1/alerts/${number}`, t.tokens.noc)) as { alert: unknown }).alert,
      );
    const pagesOf = async (number: number) =>
      Number(
        (
          await t.server.context.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pages p JOIN alerts a ON a.id = p.alert_id WHERE a.number = $1`,
            [number],
          )
        ).rows[0]?.n,
      );
    const base = '/api/v1/customers/acme/triage';

    before(async () => {
      t = await startTestServer(kind);
      await t.server.context.db.query(
        `INSERT INTO paging_targets (path, name, routing_key, customer_id) VALUES ('acme/oncall', 'Acme on call', 'k', $1)`,
        [t.customers.acme.id],
      );
      // CPU on db01/db02: 5 occurrences; Link on web01/web02: 3; Disk on app01: 1.
      await ingest('db01.acme.com', 'cpu', '/Perf/CPU', 3);
      await ingest('db02.acme.com', 'cpu', '/Perf/CPU', 2);
      await ingest('web01.acme.com', 'eth0', '/Net/Link', 2);
      await ingest('web02.acme.com', 'eth0', '/Net/Link');
      await ingest('app01.acme.com', 'sda', '/Perf/Disk');
    });
    after(() => t.close());

    test('a session starts over the top unclassified families; one at a time per customer; staff only', async () => {
      assert.equal((await t.request('POST', base, t.tokens.fred, {})).status, 403, 'triage.run is staff');
      assert.equal((await t.request('POST', base, t.tokens.wile, {})).status, 404, "another customer's");
      const bad = await t.request('POST', base, t.tokens.noc, { since: '100d' });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /since/);
      session = TriageSessionSchema.parse(ok(await t.request('POST', base, t.tokens.noc, { since: '7d' }), 201));
      assert.deepEqual(
        session.items.map((item) => [item.position, item.family, item.occurrences, item.decision]),
        [
          [1, CPU, 5, null],
          [2, LINK, 3, null],
          [3, DISK, 1, null],
        ],
      );
      assert.equal(session.items[0]?.share, 5 / 9);
      // Each family offers the devices it came from, most events first, for "noise on these devices".
      assert.deepEqual(
        session.items.map((item) => item.seenDevices),
        [['db01.acme.com', 'db02.acme.com'], ['web01.acme.com', 'web02.acme.com'], ['app01.acme.com']],
      );
      assert.equal(session.startedBy, 'NOC');
      const again = await t.request('POST', base, t.tokens.noc, {});
      assert.equal(again.status, 409);
      assert.match(JSON.stringify(again.body), new RegExp(`#${session.id} is still open`));
      // Everyone who sees the customer reads it.
      const listed = ok(await t.request('GET', base, t.tokens.fred)) as { open: TriageSession | null };
      assert.equal(listed.open?.id, session.id);
      ok(await t.request('GET', `${base}/${session.id}`, t.tokens.fred));
      assert.equal((await t.request('GET', base, t.tokens.wile)).status, 404);
      assert.equal((await t.request('GET', `/api/v1/customers/globex/triage/${session.id}`, t.tokens.noc)).status, 404);
    });

    test('the noise preview counts what the suppression would have matched in the last 7 days', async () => {
      const all = TriagePreviewSchema.parse(
        ok(await t.request('GET', `${base}/${session.id}/items/1/preview`, t.tokens.noc)),
      );
      assert.deepEqual([all.alerts, all.occurrences, all.days, all.devices, all.complete], [2, 5, 7, null, true]);
      const one = TriagePreviewSchema.parse(
        ok(await t.request('GET', `${base}/${session.id}/items/1/preview?devices=DB02.acme.com`, t.tokens.fred)),
      );
      assert.deepEqual([one.alerts, one.occurrences, one.devices], [1, 2, ['DB02.acme.com']]);
      assert.equal((await t.request('GET', `${base}/${session.id}/items/9/preview`, t.tokens.noc)).status, 404);
      assert.equal((await t.request('GET', `${base}/${session.id}/items/1/preview`, t.tokens.wile)).status, 404);
    });

    test('decisions: refused for customers and for bad bodies, naming the field', async () => {
      const path = `${base}/${session.id}/items/2`;
      assert.equal((await t.request('POST', path, t.tokens.fred, { decision: 'skip' })).status, 403);
      assert.equal((await t.request('POST', path, t.tokens.wile, { decision: 'skip' })).status, 404);
      const noNotes = await t.request('POST', path, t.tokens.noc, { decision: 'actionable' });
      assert.equal(noNotes.status, 400);
      assert.match(JSON.stringify(noNotes.body), /tierNotes/);
      const badTarget = await t.request('POST', path, t.tokens.noc, {
        decision: 'actionable',
        tierNotes: 'x',
        autoPage: { target: 'nobody/here' },
      });
      assert.equal(badTarget.status, 400, JSON.stringify(badTarget.body));
      assert.match(JSON.stringify(badTarget.body), /autoPage\.target/);
      const unknown = await t.request('POST', path, t.tokens.noc, { decision: 'maybe' });
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.body), /decision/);
    });

    test('actionable, noise and skip; the room summary at the end with who took part', async () => {
      const path = (position: number) => `${base}/${session.id}/items/${position}`;
      ok(
        await t.request('POST', path(2), t.tokens.noc, {
          decision: 'actionable',
          tierNotes: 'Call the network team on 555-0100',
          deviceNotes: 'Check the switch port first',
          autoPage: { target: 'acme/oncall', priority: 'urgent' },
        }),
      );
      ok(await t.request('POST', path(1), t.tokens.admin, { decision: 'noise' }));
      ok(await t.request('POST', path(3), t.tokens.noc, { decision: 'skip' }));
      const twice = await t.request('POST', path(3), t.tokens.noc, { decision: 'skip' });
      assert.equal(twice.status, 409);
      // Fred writes in the room while it is open: he took part.
      ok(await t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.fred, { body: 'agreed, CPU is noise' }), 201);
      assert.equal((await t.request('POST', `${base}/${session.id}/end`, t.tokens.fred)).status, 403);
      const ended = TriageSessionSchema.parse(ok(await t.request('POST', `${base}/${session.id}/end`, t.tokens.noc)));
      assert.deepEqual(ended.participants, ['Admin', 'Fred', 'NOC']);
      const [cpu, link, disk] = ended.items;
      assert.ok(cpu && link && disk);
      assert.equal(cpu.decision, 'noise');
      assert.equal(link.decidedBy, 'NOC');
      assert.ok(link.noteRuleId !== null && link.autoPageTransformId !== null && cpu.transformId !== null);
      const expected = [
        `Triage session #${session.id} ended by NOC: 1 actionable, 1 noise, 1 skipped, 0 not reached of 3. Took part: Admin, Fred, NOC.`,
        `1. /Perf/CPU · cpu · db#.acme.com (56%): noise, by Admin; suppressed on every device by transform #${cpu.transformId}`,
        `2. /Net/Link · eth0 · web#.acme.com (33%): actionable, by NOC; tier notes "Call the network team on 555-0100", ` +
          `device notes "Check the switch port first"; note rule #${link.noteRuleId}, auto-page transform #${link.autoPageTransformId}`,
        `3. /Perf/Disk · sda · app#.acme.com (11%): skipped by NOC`,
      ].join('\n');
      assert.equal(ended.summary, expected);
      const room = ok(await t.request('GET', '/api/v1/rooms/acme/messages', t.tokens.fred)) as {
        messages: Array<{ author: string; body: string }>;
      };
      assert.equal(room.messages.at(-1)?.body, expected, 'the summary is the last line of the room');
      assert.equal((await t.request('POST', `${base}/${session.id}/end`, t.tokens.noc)).status, 409);
      const listed = ok(await t.request('GET', base, t.tokens.noc)) as { open: unknown; recent: TriageSession[] };
      assert.equal(listed.open, null);
      assert.deepEqual(
        listed.recent.map((s) => s.id),
        [session.id],
      );
    });

    test('new events: the actionable family carries the notes and pages, the noise family is suppressed, not paged', async () => {
      const linkNumber = await ingest('web07.acme.com', 'eth0', '/Net/Link');
      const link = await alert(linkNumber);
      assert.equal(link.notes.tier, 'Call the network team on 555-0100');
      assert.equal(link.notes.device, 'Check the switch port first');
      assert.equal(link.suppressedBy ?? null, null);
      assert.equal(await pagesOf(linkNumber), 1, 'the auto-page transform paged it');
      const cpuNumber = await ingest('db03.acme.com', 'cpu', '/Perf/CPU');
      const cpu = await alert(cpuNumber);
      const ended = TriageSessionSchema.parse(ok(await t.request('GET', `${base}/${session.id}`, t.tokens.noc)));
      assert.equal(cpu.suppressedBy, ended.items[0]?.transformId);
      assert.equal(await pagesOf(cpuNumber), 0);
      assert.equal(cpu.notes.tier, '');
    });

    test("the stream carries each change of the session to the customer's people, and to nobody else", async () => {
      const replay = (token: string) => openStream(t.url, token, { since: '0' });
      const fred = replay(t.tokens.fred);
      const wile = replay(t.tokens.wile);
      for (const client of [fred, wile]) {
        await client.refused;
        await client.waitFor(() => client.messages.some((message) => message.type === 'caught-up'));
      }
      const changes = fred.events
        .filter((event) => event.kind === 'triage.changed')
        .map((event) => event.data as { change: string; session: TriageSession })
        .filter((data) => data.session.id === session.id);
      assert.deepEqual(
        changes.map((data) => data.change),
        ['started', 'decided', 'decided', 'decided', 'ended'],
      );
      assert.equal(changes.at(-1)?.session.endedBy, 'NOC');
      assert.deepEqual(
        changes[1]?.session.items.map((item) => item.decision),
        [null, 'actionable', null],
      );
      assert.equal(wile.events.filter((event) => event.kind === 'triage.changed').length, 0);
      fred.close();
      wile.close();
    });

    test('the report and the trend show the classifications and count the suppressed', async () => {
      const report = NoiseReportSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise?since=1d', t.tokens.fred)),
      );
      assert.deepEqual(
        report.families.map((family) => [family.family, family.occurrences, family.alerts, family.classification]),
        [
          [CPU, 6, 3, 'noise'],
          [LINK, 4, 3, 'actionable'],
          [DISK, 1, 1, 'unclassified'],
        ],
      );
      assert.equal(
        report.families[1]?.notes.tier,
        'Call the network team on 555-0100',
        'the newest alert carries them',
      );
      const trend = NoiseTrendSchema.parse(
        ok(await t.request('GET', '/api/v1/customers/acme/noise/trend?weeks=1', t.tokens.fred)),
      );
      assert.deepEqual(
        trend.weeks.map((week) => [week.occurrences, week.actionableShare, week.suppressedShare]),
        [[11, 4 / 11, 1 / 11]],
      );
      // A new session takes only what is still unclassified; two starts at once make one session.
      const both = await Promise.all([
        t.request('POST', base, t.tokens.noc, {}),
        t.request('POST', base, t.tokens.admin, {}),
      ]);
      assert.deepEqual(
        both.map((response) => response.status).sort(),
        [201, 409],
        JSON.stringify(both.map((r) => r.body)),
      );
      const next = TriageSessionSchema.parse(both.find((response) => response.status === 201)?.body);
      assert.deepEqual(
        next.items.map((item) => item.family),
        [DISK],
      );
      ok(await t.request('POST', `${base}/${next.id}/end`, t.tokens.noc));
    });
  });
}
