/**
 * Zendesk tickets and Harvest time through the console core, against a real COSS (PGlite) and the Zendesk simulator:
 * `alerts.ticket` posts `.ticket <priority> <event#> <subject>` in the room through the outbox, COSS's worker makes
 * exactly one ticket, and its number arrives on the console's alert; asked while COSS is away it waits in the
 * outbox and is made once COSS is back; a customer user is refused with the reason; `alerts.time` answers COSS's time
 * per person and is refused as unavailable while COSS is away.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import { DEFAULT_TOKEN, startZendeskSimulator, type ZendeskSimulator } from '../../../simulators/zendesk/index.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

describe('console core: Zendesk tickets and Harvest time', () => {
  let zendesk: ZendeskSimulator;
  let coss: RestartableCoss;
  let noc: TestConsole;

  before(async () => {
    zendesk = await startZendeskSimulator();
    coss = await startRestartableCoss({}, { url: zendesk.url, token: DEFAULT_TOKEN, retryBaseMs: 50, retryCapMs: 200 });
    noc = await startConsole(coss.url, coss.tokens.noc);
    await noc.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await noc?.core.stop();
    await coss?.close();
    await zendesk?.close();
  });

  const consoleTickets = async (number: number) =>
    (await noc.core.handlers['alerts.list']({ customer: 'acme' })).find((alert) => alert.number === number)?.tickets ??
    [];

  test('a ticket is a room line; Zendesk makes it once and its number reaches the alert', async () => {
    const number = await raise(coss, { device: 'x7.acme.com', component: 'CheckDNSELB', summary: 'DNS ELB failing' });
    await eventually(() => noc.core.cache.findAlert(number) !== undefined);
    const outcome = await noc.core.handlers['alerts.ticket']({
      number,
      priority: 'urgent',
      subject: 'DNS ELB\nfailing',
    });
    assert.equal(outcome.status, 'done');
    assert.match(outcome.message, /^Ticket on \d+: asking Zendesk for an urgent ticket coss_\d+-\d+/);

    const room = await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc);
    const bodies = (room.body as { messages: Array<{ body: string }> }).messages.map((message) => message.body);
    assert.ok(bodies.includes(`.ticket urgent ${number} DNS ELB failing`), bodies.join('\n'));

    await eventually(async () => (await consoleTickets(number))[0]?.id != null, 15_000, 'the ticket number');
    const [ticket] = await consoleTickets(number);
    assert.ok(ticket !== undefined && ticket.id !== null);
    assert.equal(zendesk.ticketCount(ticket.externalId), 1);
    const made = zendesk.ticket(ticket.id);
    assert.deepEqual([made.subject, made.priority, ticket.priority], ['DNS ELB failing', 'urgent', 'urgent']);
    assert.match(ticket.url ?? '', /\/agent\/tickets\/\d+$/);

    const time = await noc.core.handlers['alerts.time']({ number });
    assert.deepEqual(time, { number, harvest: false, people: [] });
  });

  test('a customer user is refused with the reason, and nothing is queued', async () => {
    const fred = await startConsole(coss.url, coss.tokens.fred);
    try {
      await fred.waitForState((state) => state.status === 'live');
      const number = await raise(coss, { device: 'db1.acme.com', summary: 'disk full', severity: 4 });
      await eventually(() => fred.core.cache.findAlert(number) !== undefined);
      const refused = await dispatchHostRequest(fred.core.handlers, 'alerts.ticket', {
        number,
        priority: 'high',
        subject: 'please',
      });
      assert.equal(refused.ok ? null : refused.error.code, 'forbidden');
      assert.match(
        refused.ok ? '' : refused.error.message,
        /customer user may not create Zendesk tickets \(ticket\.create\)/,
      );
      assert.equal(fred.core.outbox.pending.length, 0);
      const time = await dispatchHostRequest(fred.core.handlers, 'alerts.time', { number });
      assert.equal(time.ok, true, JSON.stringify(time));
    } finally {
      await fred.core.stop();
    }
  });

  test('asked while COSS is away, the ticket waits in the outbox and is made once when COSS is back', async () => {
    const number = await raise(coss, { device: 'web9.acme.com', summary: 'HTTP check failed on web9', severity: 4 });
    await eventually(() => noc.core.cache.findAlert(number) !== undefined);
    await coss.stop();
    await noc.waitForState((state) => state.status !== 'live');
    const time = await dispatchHostRequest(noc.core.handlers, 'alerts.time', { number });
    assert.equal(time.ok ? null : time.error.code, 'unavailable');
    const outcome = await noc.core.handlers['alerts.ticket']({ number, priority: 'normal', subject: 'web9 down' });
    assert.equal(outcome.status, 'queued');
    assert.equal(noc.core.outbox.pending.length, 1);
    await coss.restart();
    await eventually(async () => (await consoleTickets(number))[0]?.id != null, 20_000, 'the queued ticket made');
    const [ticket] = await consoleTickets(number);
    assert.equal(zendesk.ticketCount(ticket?.externalId ?? ''), 1);
    assert.equal(noc.core.outbox.pending.length, 0);
  });
});
