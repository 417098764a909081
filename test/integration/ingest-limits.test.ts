/**
 * Ingest limits (docs/ALERTS-API.md, "Limits"): labels and annotations bounded as Prometheus-compatible stores bound
 * them, names that rules match and identities are made of bounded too; every refusal is a 400 naming field and limit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { INGEST_LIMITS } from '../../server/ingest/limits.ts';

interface ErrorReply {
  error: { code: string; message: string; field?: string };
}

const labels = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`label_${i}`, `value ${i}`]));

for (const kind of await databaseKinds()) {
  describe(`ingest limits on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    /** Posts `body` and expects a 400 naming `field` with a message matching `message`. */
    const refused = async (path: string, body: unknown, field: string, message: RegExp) => {
      const response = await coss.request('POST', path, coss.keys.acme, body);
      const reply = response.body as ErrorReply;
      assert.equal(response.status, 400, JSON.stringify(response.body).slice(0, 300));
      assert.equal(reply.error.code, 'invalid_request');
      assert.equal(reply.error.field, field, reply.error.message.slice(0, 300));
      assert.match(reply.error.message, message);
      assert.ok(reply.error.message.length < 400, 'the message quotes no huge value');
    };
    const accepted = async (path: string, body: unknown) => {
      const response = await coss.request('POST', path, coss.keys.acme, body);
      assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 300));
    };
    const generic = { device: 'web1.acme.com', severity: 'critical', summary: 'HTTP 500 rate above 5%' };
    const prom = { labels: { alertname: 'HighLatency', instance: 'web1:9100' }, annotations: { summary: 'p99 > 1s' } };
    const webhook = (alert: object) => ({
      version: '4',
      groupKey: 'g',
      status: 'firing',
      receiver: 'coss',
      alerts: [{ status: 'firing', ...alert }],
    });

    test('a 4.5 MB alert with 330,000 labels is refused on its label count', async () => {
      const many = Object.fromEntries(Array.from({ length: 330_000 }, (_, i) => [`l${i.toString(36)}`, `v${i % 100}`]));
      const body = { ...generic, labels: many };
      assert.ok(JSON.stringify(body).length > 4_500_000);
      await refused('/api/v1/alerts', body, 'labels', /at most 64 labels/);
      const list = await coss.request('GET', '/api/v1/alerts?customer=acme', coss.tokens.noc);
      assert.equal((list.body as { alerts: unknown[] }).alerts.length, 0, 'nothing was stored');
    });

    test('labels: 64 are accepted, the 65th, a long name or a long value is refused (generic and both Prometheus routes)', async () => {
      await accepted('/api/v1/alerts', { ...generic, labels: labels(64) });
      await accepted('/api/v2/alerts', [{ ...prom, labels: { ...labels(63), alertname: 'A' } }]);
      await accepted('/api/v1/alerts/alertmanager', webhook({ ...prom, labels: { ...labels(63), alertname: 'B' } }));

      await refused('/api/v1/alerts', { ...generic, labels: labels(65) }, 'labels', /at most 64 labels/);
      await refused('/api/v2/alerts', [{ ...prom, labels: labels(65) }], '[0].labels', /at most 64 labels/);
      await refused(
        '/api/v1/alerts/alertmanager',
        webhook({ labels: labels(65) }),
        'alerts[0].labels',
        /at most 64 labels/,
      );

      const longName = 'n'.repeat(INGEST_LIMITS.labelName + 1);
      await refused(
        '/api/v1/alerts',
        { ...generic, labels: { [longName]: 'x' } },
        'labels',
        /names are at most 128 characters/,
      );
      await refused(
        '/api/v2/alerts',
        [{ ...prom, labels: { ...prom.labels, [longName]: 'x' } }],
        '[0].labels',
        /at most 128/,
      );
      await refused(
        '/api/v2/alerts',
        [{ ...prom, labels: { ...prom.labels, 'bad-name': 'x' } }],
        '[0].labels',
        /\[a-zA-Z_\]/,
      );

      const longValue = 'v'.repeat(INGEST_LIMITS.labelValue + 1);
      await refused(
        '/api/v1/alerts',
        { ...generic, labels: { team: longValue } },
        'labels.team',
        /at most 2048 characters/,
      );
      await refused(
        '/api/v1/alerts/alertmanager',
        webhook({ labels: { ...prom.labels, team: longValue } }),
        'alerts[0].labels.team',
        /at most 2048/,
      );
    });

    test('annotations: at most 64, and 64 KiB of values in all', async () => {
      const text = 'd'.repeat(40_000);
      await accepted('/api/v2/alerts', [{ ...prom, annotations: { description: text } }]);
      await refused(
        '/api/v2/alerts',
        [{ ...prom, annotations: { description: text, runbook: text } }],
        '[0].annotations',
        /total at most 65536/,
      );
      await refused(
        '/api/v2/alerts',
        [{ ...prom, annotations: labels(65) }],
        '[0].annotations',
        /at most 64 annotations/,
      );
      await refused(
        '/api/v1/alerts/alertmanager',
        { ...webhook(prom), commonAnnotations: labels(65) },
        'commonAnnotations',
        /at most 64 annotations/,
      );
    });

    test('names that rules match and identities hold are at most 1,024 characters; summaries 65,536', async () => {
      const long = 'x'.repeat(INGEST_LIMITS.name + 1);
      const zenoss = {
        device: 'db1.acme.com',
        component: 'disk',
        eventClass: '/Perf/FS',
        severity: 4,
        summary: 'disk full',
      };
      await accepted('/api/v1/alerts/zenoss', { ...zenoss, device: 'd'.repeat(INGEST_LIMITS.name) });
      await refused('/api/v1/alerts/zenoss', { ...zenoss, device: long }, 'device', /<=1024 characters/);
      await refused('/api/v1/alerts/zenoss', { ...zenoss, component: { text: long } }, 'component.text', /<=1024/);
      await refused('/api/v1/alerts/zenoss', { ...zenoss, eventKey: long }, 'eventKey', /<=1024/);
      await refused('/api/v1/alerts/zenoss', { ...zenoss, DeviceGroups: [`/${long}`] }, 'DeviceGroups[0]', /<=1024/);
      await refused(
        '/api/v1/alerts/zenoss',
        { ...zenoss, summary: 's'.repeat(INGEST_LIMITS.text + 1) },
        'summary',
        /<=65536/,
      );
      await refused('/api/v1/alerts', { ...generic, eventClass: long }, 'eventClass', /<=1024/);
      await refused('/api/v1/alerts', { ...generic, component: long }, 'component', /<=1024/);
    });
  });
}
