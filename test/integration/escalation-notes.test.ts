/** Escalation-note rules attach the runbook to matching alerts at ingest, and the notes travel with the alert. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import type { Alert } from '../../shared/alert.ts';
import type { NoteRule } from '../../shared/notes.ts';

const TIER =
  '**Tier 2:** page `casc/int/systems` (COSS oncall macro – Systems). See [DNS runbook](https://wiki.example/dns).';
const DEVICE = 'x7 fronts the ELB; if CheckDNSELB fails, check Route 53 health first.';

for (const kind of await databaseKinds()) {
  describe(`escalation notes on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    const rule = (body: unknown, token = coss.tokens.noc) =>
      coss.request('POST', '/api/v1/customers/acme/note-rules', token, body);
    const zenoss = (body: unknown) => coss.request('POST', '/api/v1/alerts/zenoss', coss.keys.acme, body);

    test('tier and device notes are embedded in the alert and its stream event, in rule order', async () => {
      const tier = await rule({
        name: 'Acme tier',
        position: 10,
        match: { deviceGroup: '/Customers/Acme' },
        tierNotes: TIER,
      });
      assert.equal(tier.status, 201, JSON.stringify(tier.body));
      const device = await rule({
        name: 'x7',
        position: 20,
        match: { deviceGlob: 'x?.acme.com', component: 'CheckDNS*' },
        deviceNotes: DEVICE,
      });
      assert.equal(device.status, 201);
      await rule({ name: 'other device', match: { deviceGlob: 'db*.acme.com' }, deviceNotes: 'database notes' });

      const stream = openStream(coss.url, coss.tokens.noc);
      await stream.refused;
      const posted = await zenoss({
        device: 'x7.acme.com',
        component: 'CheckDNSELB',
        eventClass: '/Status/DNS',
        severity: 5,
        summary: 'DNS ELB check failed',
        DeviceGroups: ['/Customers/Acme/Web'],
      });
      const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number;
      const detail = await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc);
      const alert = (detail.body as { alert: Alert }).alert;
      assert.equal(alert.notes.tier, TIER);
      assert.equal(alert.notes.device, DEVICE);
      assert.deepEqual(alert.notes.ruleIds, [(tier.body as NoteRule).id, (device.body as NoteRule).id]);

      await stream.waitFor((events) => events.some((e) => e.kind === 'alert.created'));
      const created = stream.events.find((e) => e.kind === 'alert.created')?.data as Alert;
      assert.equal(created.notes.device, DEVICE);
      stream.close();
    });

    test('a rule change applies to new alerts at once; existing alerts keep the notes they were raised with', async () => {
      const list = await coss.request('GET', '/api/v1/customers/acme/note-rules', coss.tokens.noc);
      const rules = (list.body as { rules: NoteRule[] }).rules;
      const device = rules.find((r) => r.name === 'x7');
      assert.ok(device);
      const replaced = await coss.request('PUT', `/api/v1/customers/acme/note-rules/${device.id}`, coss.tokens.noc, {
        name: 'x7',
        match: { deviceGlob: 'x?.acme.com' },
        deviceNotes: 'updated notes',
      });
      assert.equal(replaced.status, 200);
      const posted = await zenoss({ device: 'x8.acme.com', component: 'Ping', severity: 4, summary: 'ping loss' });
      const number = (posted.body as { alerts: Array<{ number: number }> }).alerts[0]?.number;
      const fresh = (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: Alert };
      assert.equal(fresh.alert.notes.device, 'updated notes');
      assert.equal(fresh.alert.notes.tier, '');

      const removed = await coss.request('DELETE', `/api/v1/customers/acme/note-rules/${device.id}`, coss.tokens.noc);
      assert.equal(removed.status, 204);
      const gone = await coss.request('GET', `/api/v1/customers/acme/note-rules/${device.id}`, coss.tokens.noc);
      assert.equal(gone.status, 404);
    });

    test('rules are validated and only staff may change them', async () => {
      const noNotes = await rule({ name: 'empty', match: { deviceGlob: '*' } });
      assert.equal(noNotes.status, 400);
      assert.equal((noNotes.body as { error: { field: string } }).error.field, 'tierNotes');
      const byCustomer = await rule({ name: 'mine', match: { deviceGlob: '*' }, tierNotes: 'x' }, coss.tokens.fred);
      assert.equal(byCustomer.status, 403);
      const readable = await coss.request('GET', '/api/v1/customers/acme/note-rules', coss.tokens.fred);
      assert.equal(readable.status, 200);
    });
  });
}
