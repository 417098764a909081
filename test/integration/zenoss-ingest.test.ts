/** Zenoss events behave as Zenoss would: severities 0–5, repeats dedup, clears resolve; on PGlite and PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Alert } from '../../shared/alert.ts';

interface IngestBody {
  accepted: number;
  created: number;
  updated: number;
  resolved: number;
  unmatchedClears: number;
  alerts: Array<{ number: number | null; result: string }>;
}

const base = {
  device: 'x7.acme.com',
  ipAddress: '172.30.0.14',
  component: 'CheckDNSELB',
  eventClass: '/Status/DNS',
  eventKey: 'dns-elb',
  summary: 'DNS ELB check failed',
};

for (const kind of await databaseKinds()) {
  describe(`Zenoss ingest on ${kind}`, () => {
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
    const alerts = async (query = '') => {
      const response = await coss.request('GET', `/api/v1/alerts?customer=acme${query}`, coss.tokens.noc);
      assert.equal(response.status, 200);
      return (response.body as { alerts: Alert[] }).alerts;
    };

    test('each severity 1–5 opens its own alert with Zenoss severity names; 0 opens nothing', async () => {
      const body = await post([1, 2, 3, 4, 5].map((severity) => ({ ...base, device: 'sev.acme.com', severity })));
      assert.equal(body.created, 5);
      const open = (await alerts('&status=open')).filter((alert) => alert.device === 'sev.acme.com');
      assert.deepEqual(
        open.map((alert) => alert.severity),
        ['critical', 'error', 'warning', 'info', 'debug'],
      );
      const clear = await post({ ...base, device: 'never-raised.acme.com', severity: 0 });
      assert.equal(clear.unmatchedClears, 1);
      assert.equal((await alerts()).filter((alert) => alert.device === 'never-raised.acme.com').length, 0);
    });

    test('repeats bump count and last seen on one alert; a clear of any severity resolves it', async () => {
      const first = await post({ ...base, severity: 5, count: 1, firstTime: 1352037660, lastTime: 1352037660 });
      const number = first.alerts[0]?.number;
      assert.ok(number);
      const repeat = await post([
        { ...base, severity: 5, lastTime: 1352037720 },
        { ...base, severity: '5', lastTime: '2012/11/04 14:03:00' },
      ]);
      assert.deepEqual(
        repeat.alerts.map((a) => [a.number, a.result]),
        [
          [number, 'updated'],
          [number, 'updated'],
        ],
      );
      let alert = (await alerts()).find((a) => a.number === number);
      assert.equal(alert?.count, 3);
      assert.equal(alert?.firstSeen, '2012-11-04T14:01:00.000Z');
      assert.equal(alert?.lastSeen, '2012-11-04T14:03:00.000Z');
      assert.equal(alert?.status, 'open');

      const clear = await post({ ...base, severity: 0, summary: 'DNS ELB check OK' });
      assert.equal(clear.resolved, 1);
      alert = (await alerts()).find((a) => a.number === number);
      assert.equal(alert?.status, 'resolved');

      // The same event after its clear is a new occurrence: a new alert with a new number.
      const again = await post({ ...base, severity: 5 });
      assert.notEqual(again.alerts[0]?.number, number);
      assert.equal(again.alerts[0]?.result, 'created');
    });

    test('a Zenoss event re-sent with its evid keeps Zenoss’s own running count', async () => {
      const event = { ...base, device: 'evid.acme.com', evid: '0050568c-1111', severity: 4 };
      await post({ ...event, count: 4 });
      await post({ ...event, count: 6 });
      const alert = (await alerts()).find((a) => a.device === 'evid.acme.com');
      assert.equal(alert?.count, 6);
    });

    test('with a blank eventKey the summary is part of the identity', async () => {
      const noKey = { ...base, device: 'nokey.acme.com', eventKey: '', severity: 3 };
      const body = await post([
        { ...noKey, summary: 'disk /var 91% full' },
        { ...noKey, summary: 'disk /home 95% full' },
        { ...noKey, summary: 'disk /var 91% full' },
      ]);
      assert.equal(new Set(body.alerts.map((a) => a.number)).size, 2);
    });

    test('the evconsole JSON shape ({text, uid} refs, epoch seconds, organizer objects) is accepted', async () => {
      const body = await post({
        evid: '0050568c-2222',
        device: { text: 'db1.acme.com', uid: '/zport/dmd/Devices/Server/Linux/devices/db1.acme.com' },
        component: { text: 'mysqld', uid: '/zport/dmd/.../os/processes/mysqld' },
        eventClass: { text: '/Status/OSProcess', uid: '/zport/dmd/Events/Status/OSProcess' },
        severity: 4,
        summary: 'mysqld not running',
        count: 2,
        firstTime: 1352037600,
        lastTime: 1352037660.5,
        prodState: 'Production',
        DeviceGroups: [{ name: '/Customers/Acme/DB', uid: '/zport/dmd/Groups/Customers/Acme/DB' }],
        Systems: [{ name: '/Acme/Systems', uid: '/zport/dmd/Systems/Acme/Systems' }],
        Location: [{ name: '/US/LAX', uid: '/zport/dmd/Locations/US/LAX' }],
      });
      const alert = (await alerts()).find((a) => a.number === body.alerts[0]?.number);
      assert.equal(alert?.device, 'db1.acme.com');
      assert.equal(alert?.component, 'mysqld');
      assert.equal(alert?.eventClass, '/Status/OSProcess');
      assert.equal(alert?.severity, 'error');
      assert.equal(alert?.count, 2);
      assert.deepEqual(alert?.deviceGroups, ['/Customers/Acme/DB']);
      assert.deepEqual(alert?.systems, ['/Acme/Systems']);
      assert.equal(alert?.location, '/US/LAX');
      assert.equal(alert?.firstSeen, '2012-11-04T14:00:00.000Z');
    });

    test('a raise and its clear in one batch end resolved, and a raise after the clear reopens', async () => {
      const event = { ...base, device: 'flap.acme.com', severity: 5 };
      const body = await post([event, { ...event, severity: 0 }, event]);
      assert.deepEqual(
        body.alerts.map((a) => a.result),
        ['created', 'resolved', 'created'],
      );
      const flap = (await alerts()).filter((a) => a.device === 'flap.acme.com');
      assert.deepEqual(flap.map((a) => a.status).sort(), ['open', 'resolved']);
    });

    test('bad input is a 400 that names the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...base, severity: 9 }, 'severity'],
        [{ ...base, severity: 3, device: '' }, 'device'],
        [{ ...base, severity: 3, lastTime: 'yesterday' }, 'lastTime'],
        [
          [
            { ...base, severity: 3 },
            { ...base, summary: 7, severity: 3 },
          ],
          '[1].summary',
        ],
        [{ summary: 'no device', severity: 3 }, 'device'],
      ];
      for (const [body, field] of cases) {
        const response = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, body);
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal((response.body as { error: { field: string } }).error.field, field);
      }
      const malformed = await coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, '{"device":');
      assert.equal(malformed.status, 400);
    });
  });
}
