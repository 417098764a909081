/**
 * Zenoss's eventState honoured on ingest, with events shaped as Zenoss's EventsRouter (evconsole_router `query`)
 * returns them: states by name, `ownerid` set by an acknowledgement; and as a notification command sends them, by
 * number. On PGlite and PostgreSQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Alert } from '../../shared/alert.ts';

interface IngestBody {
  created: number;
  resolved: number;
  unmatchedClears: number;
  alerts: Array<{ number: number | null; result: string }>;
}

/** One event of an EventsRouter `query` answer (Zenoss 4/5/6 evconsole JSON), trimmed to what COSS reads. */
function routerEvent(device: string, overrides: Record<string, unknown> = {}) {
  return {
    evid: `0050568c-${device.length.toString(16)}${Math.random().toString(16).slice(2, 10)}`,
    device: { text: device, uid: `/zport/dmd/Devices/Server/Linux/devices/${device}`, url: '', uuid: '' },
    component: { text: 'eth0', uid: `/zport/dmd/Devices/Server/Linux/devices/${device}/os/interfaces/eth0` },
    eventClass: { text: '/Net/Link', uid: '/zport/dmd/Events/Net/Link' },
    eventKey: 'linkDown',
    severity: 5,
    summary: 'eth0 link down',
    message: 'Interface eth0 operational status changed to down',
    eventState: 'New',
    ownerid: null,
    count: 1,
    firstTime: 1352037660,
    lastTime: 1352037660,
    prodState: 'Production',
    DeviceGroups: [],
    Systems: [],
    Location: [],
    ...overrides,
  };
}

for (const kind of await databaseKinds()) {
  describe(`Zenoss eventState on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    const post = async (body: unknown) => {
      const response = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, body);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as IngestBody;
    };
    const alert = async (number: number | null | undefined) => {
      const response = await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const body = response.body as { alert?: Alert } & Alert;
      return body.alert ?? body;
    };
    const eventsOf = async (number: number | null | undefined) => {
      const rows = await coss.server.context.db.query<{ type: string; actor: string | null }>(
        'SELECT e.type, e.actor FROM events e JOIN alerts a ON a.id = e.alert_id WHERE a.number = $1 ORDER BY e.seq',
        [number],
      );
      return rows.rows.map((row) => [row.type, row.actor]);
    };

    test('Acknowledged with an ownerid arrives acknowledged by that owner', async () => {
      const body = await post(routerEvent('sw1.acme.com', { eventState: 'Acknowledged', ownerid: 'jsmith' }));
      const stored = await alert(body.alerts[0]?.number);
      assert.equal(stored.status, 'acknowledged');
      assert.equal(stored.acknowledgedBy, 'jsmith');
      assert.equal(stored.suppressed, false);
      assert.deepEqual(await eventsOf(stored.number), [['alert.created', null]]);
    });

    test('Acknowledged without an owner (state by number) is acknowledged by "Zenoss"', async () => {
      const body = await post(routerEvent('sw2.acme.com', { eventState: 1, ownerid: '' }));
      const stored = await alert(body.alerts[0]?.number);
      assert.equal(stored.status, 'acknowledged');
      assert.equal(stored.acknowledgedBy, 'Zenoss');
    });

    test('an open alert acknowledged in Zenoss becomes acknowledged, as an acknowledgement in its timeline', async () => {
      const event = routerEvent('sw3.acme.com');
      const first = await post(event);
      const number = first.alerts[0]?.number;
      assert.equal((await alert(number)).status, 'open');
      await post({ ...event, eventState: 'Acknowledged', ownerid: 'mlee', count: 2 });
      const acknowledged = await alert(number);
      assert.equal(acknowledged.status, 'acknowledged');
      assert.equal(acknowledged.acknowledgedBy, 'mlee');
      assert.equal(acknowledged.count, 2);
      // A later New (Zenoss's unacknowledge, or a plain repeat) does not take back an acknowledgement.
      await post({ ...event, eventState: 'New', ownerid: null, count: 3 });
      const repeated = await alert(number);
      assert.equal(repeated.status, 'acknowledged');
      assert.equal(repeated.acknowledgedBy, 'mlee');
      assert.deepEqual(await eventsOf(number), [
        ['alert.created', null],
        ['alert.acknowledged', 'mlee'],
        ['alert.updated', null],
      ]);
    });

    test('an acknowledgement by an operator in COSS is kept when Zenoss reports another owner', async () => {
      const event = routerEvent('sw4.acme.com');
      const number = (await post(event)).alerts[0]?.number;
      const ack = await coss.request(
        'POST',
        `/api/v1/alerts/${number}/acknowledge`,
        coss.tokens.noc,
        {},
        {
          'idempotency-key': `ack-${number}`,
        },
      );
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      await post({ ...event, eventState: 'Acknowledged', ownerid: 'admin' });
      assert.equal((await alert(number)).acknowledgedBy, 'NOC');
    });

    test('Suppressed is kept as suppressed and open; a later New lifts the mark', async () => {
      const event = routerEvent('db9.acme.com', { eventState: 'Suppressed', severity: 4, summary: 'db9 unreachable' });
      const body = await post(event);
      assert.equal(body.created, 1);
      const number = body.alerts[0]?.number;
      const suppressed = await alert(number);
      assert.equal(suppressed.status, 'open');
      assert.equal(suppressed.suppressed, true);
      const listed = await coss.request('GET', '/api/v1/alerts?customer=acme&status=open', coss.tokens.noc);
      const inList = (listed.body as { alerts: Alert[] }).alerts.find((a) => a.number === number);
      assert.equal(inList?.suppressed, true, 'the list carries the mark too');
      await post({ ...event, eventState: 'New', count: 2 });
      assert.equal((await alert(number)).suppressed, false);
    });

    for (const state of ['Closed', 'Cleared', 'Aged', 3, 4, 6]) {
      test(`${String(state)} resolves its own alert only, and never opens one`, async () => {
        const device = `link-${String(state).toLowerCase()}.acme.com`;
        const critical = routerEvent(device);
        const warning = routerEvent(device, { severity: 3, summary: 'eth0 flapping' });
        const [criticalNumber, warningNumber] = (await post([critical, warning])).alerts.map((a) => a.number);
        const body = await post({ ...critical, eventState: state, lastTime: 1352037720 });
        assert.equal(body.resolved, 1);
        assert.equal(body.created, 0);
        const resolved = await alert(criticalNumber);
        assert.equal(resolved.status, 'resolved');
        assert.equal(resolved.lastSeen, '2012-11-04T14:02:00.000Z');
        assert.equal((await alert(warningNumber)).status, 'open', 'its sibling of another severity stays open');

        const never = await post(routerEvent(`never-${device}`, { eventState: state }));
        assert.equal(never.unmatchedClears, 1);
        const listed = await coss.request('GET', '/api/v1/alerts?customer=acme&q=never-link', coss.tokens.noc);
        assert.equal(
          (listed.body as { alerts: Alert[] }).alerts.filter((a) => a.device === `never-${device}`).length,
          0,
        );
      });
    }

    test('a clear event Zenoss has already closed still clears its whole key', async () => {
      const device = 'clear-closed.acme.com';
      const [raised] = (await post(routerEvent(device))).alerts;
      const clear = await post(routerEvent(device, { severity: 0, summary: 'eth0 link up', eventState: 'Closed' }));
      assert.equal(clear.resolved, 1);
      assert.equal((await alert(raised?.number)).status, 'resolved');
    });

    test('an unknown eventState is a 400 naming the field', async () => {
      for (const eventState of ['Snoozed', 7, -1, 1.5]) {
        const response = await coss.request(
          'POST',
          '/api/v1/alerts/zenoss',
          coss.keys.acme,
          routerEvent('bad.acme.com', { eventState }),
        );
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal((response.body as { error: { field: string } }).error.field, 'eventState');
      }
    });
  });
}
