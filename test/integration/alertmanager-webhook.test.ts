/**
 * Alertmanager webhook bodies posted straight to COSS, on PGlite and PostgreSQL: a legacy version 3 body is stored
 * (Alertmanager takes a 4xx as final and drops the notification), a body that is no webhook is a 400 naming the
 * field, and the alerts of one body are numbered in the order the body lists them, however their label sets sort.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { labelSetFingerprint } from '../../server/ingest/fingerprint.ts';
import type { Alert } from '../../shared/alert.ts';

interface IngestBody {
  created: number;
  alerts: Array<{ fingerprint: string; number: number | null; result: string }>;
}

type Labels = Record<string, string>;

const startsAt = '2026-12-07T09:52:26.739266876+01:00';

function webhook(labelSets: Labels[], overrides: Record<string, unknown> = {}) {
  return {
    receiver: 'noc',
    status: 'firing',
    alerts: labelSets.map((labels) => ({
      status: 'firing',
      labels,
      annotations: { summary: `${labels.alertname ?? 'alert'} firing` },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.acme.example:9090/graph',
    })),
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.acme.example:9093',
    version: '4',
    groupKey: '{}:{}',
    truncatedAlerts: 0,
    ...overrides,
  };
}

/** `count` label sets of `alertname` listed so that their fingerprints sort in the reverse of the body's order. */
function againstFingerprintOrder(alertname: string, count: number): Labels[] {
  return Array.from({ length: count }, (_, i) => ({ alertname, instance: `db${i}.acme.com:9100`, severity: 'error' }))
    .map((labels) => ({ labels, fingerprint: labelSetFingerprint(labels) }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? 1 : -1))
    .map(({ labels }) => labels);
}

const ascending = (numbers: Array<number | null>) =>
  numbers.every((number, i) => number !== null && (i === 0 || number > (numbers[i - 1] ?? Infinity)));

for (const kind of await databaseKinds()) {
  describe(`Alertmanager webhook bodies on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
    });
    after(() => coss.close());

    const post = (body: unknown) => coss.request('POST', '/api/v1/alerts/alertmanager', coss.keys.acme, body);
    const stored = async () => {
      const response = await coss.request('GET', '/api/v1/alerts?customer=acme&limit=500', coss.tokens.noc);
      assert.equal(response.status, 200);
      return (response.body as { alerts: Alert[] }).alerts;
    };

    test('a version 3 body from Alertmanager ≤ 0.5 (numeric groupKey, no truncatedAlerts) is stored', async () => {
      const body = webhook(
        [
          { alertname: 'InstanceDown', instance: 'legacy01.acme.com:9100', job: 'node', severity: 'major' },
          { alertname: 'KubeQuotaExceeded', namespace: 'billing', resource: 'cpu', severity: 'warning' },
        ],
        { version: '3', groupKey: 12690853424880214000, truncatedAlerts: undefined },
      );
      const response = await post(body);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal((response.body as IngestBody).created, 2);
      const alerts = await stored();
      const down = alerts.find((alert) => alert.labels.alertname === 'InstanceDown');
      assert.deepEqual(
        [down?.device, down?.severity, down?.firstSeen],
        ['legacy01.acme.com', 'error', '2026-12-07T08:52:26.739Z'],
      );
      const quota = alerts.find((alert) => alert.labels.alertname === 'KubeQuotaExceeded');
      assert.equal(quota?.device, 'KubeQuotaExceeded{namespace=billing,resource=cpu}');
    });

    test('a body that is no Alertmanager webhook is a 400 naming the field, and stores nothing', async () => {
      const before = (await stored()).length;
      const labels = [{ alertname: 'Refused', instance: 'r.acme.com' }];
      for (const [body, field] of [
        [webhook(labels, { version: '5' }), 'version'],
        [webhook(labels, { groupKey: { alertname: 'Refused' } }), 'groupKey'],
        [webhook(labels, { groupKey: -7 }), 'groupKey'],
        [{ ...webhook(labels), alerts: [{ ...webhook(labels).alerts[0], status: 'pending' }] }, 'alerts[0].status'],
      ] as const) {
        const response = await post(body);
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.equal(
          (response.body as { error: { field?: string } }).error.field,
          field,
          JSON.stringify(response.body),
        );
      }
      assert.equal((await stored()).length, before);
    });

    test('the alerts of one body are numbered in body order, a repeat keeping its number', async () => {
      const labelSets = againstFingerprintOrder('DiskFull', 6);
      const first = await post(webhook(labelSets));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const numbers = (first.body as IngestBody).alerts.map((alert) => alert.number);
      assert.ok(ascending(numbers), `numbers in body order: ${numbers.join(', ')}`);

      // The third alert again, among new ones: it keeps its number, the new ones take the next in body order.
      const more = againstFingerprintOrder('DiskSlow', 4);
      const second = await post(webhook([...more.slice(0, 2), labelSets[2] as Labels, ...more.slice(2)]));
      assert.equal(second.status, 200, JSON.stringify(second.body));
      const answers = (second.body as IngestBody).alerts;
      assert.deepEqual(
        answers.map((alert) => alert.result),
        ['created', 'created', 'updated', 'created', 'created'],
      );
      assert.equal(answers[2]?.number, numbers[2]);
      const opened = answers.filter((alert) => alert.result === 'created').map((alert) => alert.number);
      assert.ok(ascending(opened), `new numbers in body order: ${opened.join(', ')}`);
      assert.ok((opened[0] ?? 0) > (numbers.at(-1) ?? Infinity));
    });

    test('bodies committed together are each numbered in their own order', async () => {
      const bodies = ['CpuHot', 'MemHot', 'NetHot', 'IoHot'].map((alertname) => againstFingerprintOrder(alertname, 5));
      const responses = await Promise.all(bodies.map((labelSets) => post(webhook(labelSets))));
      for (const response of responses) {
        assert.equal(response.status, 200, JSON.stringify(response.body));
        const numbers = (response.body as IngestBody).alerts.map((alert) => alert.number);
        assert.ok(ascending(numbers), `numbers in body order: ${numbers.join(', ')}`);
      }
    });
  });
}
