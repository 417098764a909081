/**
 * Event cards on PGlite and PostgreSQL: an alert that opens with a severity in its customer's card list (critical and
 * error by default) posts its card into the customer's room in the seed's layout, once per alert and never on a
 * repeat; `coss admin customer update --room-cards` changes the list; a transform's postCard cards any severity; a
 * suppressed alert (by Zenoss or a transform), or one under maintenance, is not carded; a burst gets at most 20 cards a minute and one line
 * saying how many more.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import type { Alert } from '../../shared/alert.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { addCustomer } from '../../server/admin/directory.ts';
import { updateRoomCards } from '../../server/cli/admin-room-cards.ts';
import { DomainError } from '../../server/domain-error.ts';
import { IngestService } from '../../server/ingest/service.ts';
import { notesStage, type IngestStage } from '../../server/ingest/pipeline.ts';
import { maintenanceStage } from '../../server/maintenance/ingest-stage.ts';
import { NoteRulesCache } from '../../server/notes/rules-repo.ts';
import { cardEffect, CARDS_PER_MINUTE } from '../../server/rooms/card-effect.ts';
import { GenericEventSchema, normalizeGeneric } from '../../server/ingest/generic.ts';

const TIER = 'Tier 1: NOC pages casc/int/systems (COSS oncall macro – Systems) for any Acme DNS failure.';
const DEVICE = 'x7.acme.com fronts the Acme ELB; check [Route 53 health](https://wiki.example/acme/dns) first.';
/** The transcript's event, first seen at 05:57 PST on 4 November 2012. */
const X7 = {
  device: 'x7.acme.com',
  ipAddress: '172.30.0.14',
  component: 'CheckDNSELB',
  eventClass: '/Status/DNS',
  severity: 5,
  summary: 'CheckDNSELB CRITICAL: fisheye.acme.com does not resolve',
  firstTime: Date.parse('2012-11-04T13:57:00Z') / 1000,
  lastTime: Date.parse('2012-11-04T13:57:00Z') / 1000,
  DeviceGroups: ['/Customers/Acme'],
};
/** An event as the generic Alerts API would hand it to ingest. */
const event = (fields: Record<string, unknown>) => normalizeGeneric(GenericEventSchema.parse(fields), new Date());
const fixture = (number: number) =>
  [
    `Event ${number}`,
    'Device: x7.acme.com',
    'IP Address: 172.30.0.14',
    'Component: CheckDNSELB',
    'Severity: Critical',
    'Time: 2012-Nov-4 05:57AM PST',
    'Message: CheckDNSELB CRITICAL: fisheye.acme.com does not resolve',
    '== Escalation notes ==',
    '=== Tier notes ===',
    TIER,
    '=== Device notes ===',
    DEVICE,
  ].join('\n');

for (const kind of await databaseKinds()) {
  describe(`event cards on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
      for (const rule of [
        { name: 'Acme tier', match: { deviceGroup: '/Customers/Acme' }, tierNotes: TIER },
        { name: 'x7', match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' }, deviceNotes: DEVICE },
      ]) {
        const made = await coss.request('POST', '/api/v1/customers/acme/note-rules', coss.tokens.noc, rule);
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
    });
    after(() => coss.close());

    const zenoss = async (event: Record<string, unknown>, key = coss.keys.acme) => {
      const posted = await coss.request('POST', '/api/v1/alerts/zenoss', key, event);
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      return (posted.body as { alerts: Array<{ number: number | null }> }).alerts[0]?.number ?? 0;
    };
    const generic = async (events: Array<Record<string, unknown>>, key = coss.keys.acme) => {
      const posted = await coss.request('POST', '/api/v1/alerts', key, events);
      assert.equal(posted.status, 200, JSON.stringify(posted.body).slice(0, 400));
      return (posted.body as { alerts: Array<{ number: number }> }).alerts.map((alert) => alert.number);
    };
    const room = async (slug = 'acme', token = coss.tokens.noc) => {
      const listed = await coss.request('GET', `/api/v1/rooms/${slug}/messages?limit=1000`, token);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      return (listed.body as { messages: RoomMessage[] }).messages;
    };
    const cardsOf = async (number: number, slug = 'acme') =>
      (await room(slug)).filter((message) => message.card?.number === number);

    test("an alert that opens critical posts its card in the seed's layout, word for word, after the alert", async () => {
      const stream = openStream(coss.url, coss.tokens.fred);
      await stream.refused;
      const number = await zenoss(X7);
      await stream.waitFor((events) => events.some((e) => e.kind === 'room.message'));
      const cards = await cardsOf(number);
      assert.equal(cards.length, 1);
      const [card] = cards;
      assert.equal(card?.body, fixture(number));
      assert.deepEqual([card?.kind, card?.author, card?.room, card?.card], ['bot', 'COSS', 'customer', { number }]);
      // The customer's people read it too, and a console learns of the alert before the line that names it.
      const created = stream.events.findIndex((e) => e.kind === 'alert.created' && (e.data as Alert).number === number);
      const line = stream.events.findIndex((e) => e.kind === 'room.message');
      assert.ok(created >= 0 && created < line, JSON.stringify(stream.events.map((e) => e.kind)));
      assert.deepEqual((stream.events[line]?.data as RoomMessage).card, { number });
      stream.close();
      const fred = (await room('acme', coss.tokens.fred)).filter((message) => message.card?.number === number);
      assert.equal(fred.length, 1);
    });

    test('a repeat posts no second card; the problem opening again after a clear is a new alert with its own', async () => {
      const number = await zenoss({ ...X7, lastTime: X7.lastTime + 60 });
      const repeated = await zenoss({ ...X7, lastTime: X7.lastTime + 120 });
      assert.equal(repeated, number, 'the repeat is the same alert');
      assert.equal((await cardsOf(number)).length, 1, 'still one card');
      await zenoss({ ...X7, severity: 0, lastTime: X7.lastTime + 180 });
      const again = await zenoss({ ...X7, lastTime: X7.lastTime + 240 });
      assert.notEqual(again, number);
      assert.equal((await cardsOf(again)).length, 1);
      assert.equal((await cardsOf(number)).length, 1);
    });

    test("the customer's card list decides: --room-cards adds warning, none cards nothing, a bad list names the flag", async () => {
      const db = coss.server.context.db;
      const said: string[] = [];
      const print = (_value: unknown, text: string) => said.push(text);
      const [warning] = await generic([{ device: 'web1.acme.com', severity: 'warning', summary: 'slow' }]);
      const [error] = await generic([{ device: 'web2.acme.com', severity: 'error', summary: 'failing' }]);
      assert.equal((await cardsOf(warning ?? 0)).length, 0, 'warning is not carded by default');
      assert.equal((await cardsOf(error ?? 0)).length, 1, 'error is');

      await updateRoomCards(db, { slug: 'acme', 'room-cards': 'warning,critical,error' }, print);
      assert.deepEqual(said, ['customer acme: critical, error, warning alerts are carded in the room when they open']);
      const [nowWarning] = await generic([{ device: 'web3.acme.com', severity: 'warning', summary: 'slow' }]);
      assert.equal((await cardsOf(nowWarning ?? 0)).length, 1);

      await updateRoomCards(db, { slug: 'acme', 'room-cards': 'none' }, print);
      const [critical] = await generic([{ device: 'web4.acme.com', severity: 'critical', summary: 'down' }]);
      assert.equal((await cardsOf(critical ?? 0)).length, 0, 'none: not even a critical');
      const [globex] = await generic(
        [{ device: 'db.globex.com', severity: 'critical', summary: 'down' }],
        coss.keys.globex,
      );
      assert.equal((await cardsOf(globex ?? 0, 'globex')).length, 1, "another customer's list is its own");

      await assert.rejects(
        updateRoomCards(db, { slug: 'acme', 'room-cards': 'critical,loud' }, print),
        (error: unknown) =>
          error instanceof DomainError &&
          error.message ===
            '--room-cards must be none or a comma list of critical, error, warning, info, debug (not loud)',
      );
      await assert.rejects(
        updateRoomCards(db, { slug: 'nobody', 'room-cards': 'critical' }, print),
        /no customer nobody/,
      );
      await updateRoomCards(db, { slug: 'acme', 'room-cards': 'critical,error' }, print);
    });

    test('a suppressed alert, or one under a maintenance window, is not carded', async () => {
      const suppressed = await zenoss({
        ...X7,
        device: 'sw9.acme.com',
        component: 'eth0',
        eventState: 'Suppressed',
      });
      assert.equal((await cardsOf(suppressed)).length, 0, 'Zenoss said suppressed');
      const made = await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, {
        body: '.maint patch*.acme.com 2h kernel patching',
      });
      assert.equal(made.status, 201);
      const [covered] = await generic([{ device: 'patch1.acme.com', severity: 'critical', summary: 'rebooting' }]);
      assert.equal((await cardsOf(covered ?? 0)).length, 0, 'under maintenance');
    });

    test("a transform's postCard cards an alert whatever its severity, but never a suppressed one", async () => {
      const db = coss.server.context.db;
      // A stage doing what the transforms' "post the event into the room" action does.
      const postCardStage: IngestStage = {
        name: 'post-card',
        apply: (event) => (event.device.startsWith('card') ? { ...event, postCard: true } : event),
      };
      const ingest = new IngestService({
        db,
        rules: new NoteRulesCache(db),
        stages: [notesStage, maintenanceStage, postCardStage],
        onCommitted: (events) => coss.server.context.hub.offer(events),
      });
      const customer = { id: coss.customers.acme.id, slug: 'acme' };
      const [info, suppressed, plain] = await ingest.ingest(customer, [
        event({ device: 'card1.acme.com', severity: 'info', summary: 'ping' }),
        {
          ...event({ device: 'card2.acme.com', severity: 'info', summary: 'ping' }),
          arrival: { acknowledgedBy: null, suppressed: true },
        },
        event({ device: 'plain.acme.com', severity: 'info', summary: 'ping' }),
      ]);
      await ingest.drain();
      assert.equal((await cardsOf(info?.number ?? 0)).length, 1, 'postCard: an info alert is carded');
      assert.equal((await cardsOf(suppressed?.number ?? 0)).length, 0, 'suppressed wins over postCard');
      assert.equal((await cardsOf(plain?.number ?? 0)).length, 0, 'info without postCard is not');
    });

    test("the customer's transforms: post-card cards an info alert, suppress keeps a critical one out", async () => {
      let key = 0;
      for (const body of [
        { name: 'card the ping', match: { device: 'tcard*.acme.com' }, actions: [{ type: 'post-card' }] },
        { name: 'quiet the flapper', match: { device: 'tsupp*.acme.com' }, actions: [{ type: 'suppress' }] },
      ]) {
        const made = await coss.request('POST', '/api/v1/customers/acme/transforms', coss.tokens.noc, body, {
          'idempotency-key': `event-cards-${process.pid}-${key++}`,
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
      const [info, suppressed] = await generic([
        { device: 'tcard1.acme.com', severity: 'info', summary: 'ping' },
        { device: 'tsupp1.acme.com', severity: 'critical', summary: 'flap' },
      ]);
      assert.equal((await cardsOf(info ?? 0)).length, 1, 'post-card');
      assert.equal((await cardsOf(suppressed ?? 0)).length, 0, 'suppressed by a transform');
    });

    /** An ingest service whose card budget reads `clock` (the minute is the test's, not the wall clock's). */
    const clockedIngest = (clock: () => number) =>
      new IngestService({
        db: coss.server.context.db,
        rules: new NoteRulesCache(coss.server.context.db),
        effects: [cardEffect({ now: () => new Date(clock()) })],
        onCommitted: (stored) => coss.server.context.hub.offer(stored),
      });
    const newCustomer = async (number: number, slug: string) => {
      const made = await addCustomer(coss.server.context.db, { number, slug, name: slug, timeZone: 'UTC' });
      await coss.server.context.customers.reload();
      return { id: made.id, slug };
    };

    test(`a burst of 2,000 criticals gets ${CARDS_PER_MINUTE} cards and one line for the rest; the budget is per minute`, async () => {
      const customer = await newCustomer(104, 'initech');
      const minute = Date.parse('2026-12-07T10:00:00Z');
      let clock = minute + 10_000;
      const ingest = clockedIngest(() => clock);
      const events = Array.from({ length: 2000 }, (_, i) =>
        event({ device: `node${i}.initech.com`, severity: i % 2 === 0 ? 'critical' : 'error', summary: 'down' }),
      );
      const numbers = (await ingest.ingest(customer, events)).map((outcome) => outcome.number ?? 0);
      const lines = await room('initech');
      const cards = lines.filter((line) => line.card);
      assert.equal(cards.length, CARDS_PER_MINUTE);
      // The worst first: criticals, in the order they opened.
      const criticals = numbers.filter((_, i) => i % 2 === 0).sort((a, b) => a - b);
      assert.deepEqual(
        cards.map((card) => card.card?.number),
        criticals.slice(0, CARDS_PER_MINUTE),
      );
      assert.deepEqual(
        lines.filter((line) => !line.card).map((line) => line.body),
        [
          `… and ${2000 - CARDS_PER_MINUTE} more alerts not carded (see the queue); cards resume at 2026-Dec-7 10:01AM UTC.`,
        ],
      );

      // Later in the same minute nothing more is carded or said; the next minute cards again.
      clock = minute + 50_000;
      await ingest.ingest(customer, [event({ device: 'late1.initech.com', severity: 'critical', summary: 'down' })]);
      assert.equal((await room('initech')).length, lines.length, 'the same minute: no card, no second line');
      clock = minute + 60_000;
      const [next] = await ingest.ingest(customer, [
        event({ device: 'late2.initech.com', severity: 'critical', summary: 'down' }),
      ]);
      await ingest.drain();
      const after = await room('initech');
      assert.equal(after.length, lines.length + 1);
      assert.equal(after.at(-1)?.card?.number, next?.number);
    });

    test('batches committing at once share one budget: 20 cards and one line in all', async () => {
      const customer = await newCustomer(105, 'umbrella');
      const ingest = clockedIngest(() => Date.parse('2026-12-07T10:00:10Z'));
      const batch = (n: number) =>
        Array.from({ length: 30 }, (_, i) =>
          event({ device: `b${n}-${i}.umbrella.com`, severity: 'critical', summary: 'down' }),
        );
      // Separate submissions, so that on PostgreSQL the group committer may run them in concurrent transactions.
      await Promise.all([1, 2, 3, 4].map((n) => ingest.ingest(customer, batch(n))));
      await ingest.drain();
      const lines = await room('umbrella');
      assert.equal(lines.filter((line) => line.card).length, CARDS_PER_MINUTE);
      const rest = lines.filter((line) => !line.card);
      assert.equal(rest.length, 1, JSON.stringify(rest.map((line) => line.body)));
      assert.match(
        rest[0]?.body ?? '',
        /^… and \d+ more alerts not carded \(see the queue\); cards resume at 2026-Dec-7 10:01AM UTC\.$/,
      );
    });
  });
}
