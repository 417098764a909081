/**
 * The Alertmanager webhook and Prometheus alerts as COSS reads them: which webhook bodies are accepted (every
 * version Alertmanager has sent since 0.1) and which are refused, the device an alert shows, and the severity table
 * that docs/ALERTS-API.md promises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  AlertmanagerWebhookSchema,
  normalizePrometheus,
  SEVERITY_ALIASES,
  severityFromLabel,
} from '../../../../server/ingest/prometheus.ts';
import { INGEST_LIMITS } from '../../../../server/ingest/limits.ts';

/** What Alertmanager 0.1–0.5 sent (notify/impl.go there): version "3", groupKey a uint64, no fingerprints. */
const version3Body = {
  receiver: 'noc',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'InstanceDown', instance: 'db01.acme.com:9100', job: 'node', severity: 'major' },
      annotations: { summary: 'db01 is down' },
      // Go's time.Time: nanoseconds and a zone offset; an unset endsAt is Go's zero time.
      startsAt: '2016-11-04T09:52:26.739266876+01:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.acme.example:9090/graph?g0.expr=up+%3D%3D+0',
    },
  ],
  groupLabels: { alertname: 'InstanceDown' },
  commonLabels: { alertname: 'InstanceDown', instance: 'db01.acme.com:9100', job: 'node', severity: 'major' },
  commonAnnotations: { summary: 'db01 is down' },
  externalURL: 'http://alertmanager.acme.example:9093',
  version: '3',
  // A uint64 past 2^53: JSON.parse rounds it, which does not matter since COSS does not use the group key.
  groupKey: 12690853424880214000,
};

test('a version 3 webhook (numeric groupKey, no truncatedAlerts, no fingerprints) is accepted', () => {
  const parsed = AlertmanagerWebhookSchema.safeParse(version3Body);
  assert.equal(parsed.success, true, JSON.stringify(parsed.error?.issues));
  const alert = parsed.data?.alerts[0];
  assert.ok(alert);
  assert.equal(alert.startsAt?.toISOString(), '2016-11-04T08:52:26.739Z');
  const event = normalizePrometheus(alert, false, 'alertmanager', new Date('2016-11-04T09:00:00Z'));
  assert.equal(event.device, 'db01.acme.com');
  assert.equal(event.severity, 'error');
});

test('a version 4 webhook with a numeric groupKey, or a version 3 one with a string key, is accepted', () => {
  for (const [version, groupKey] of [
    ['4', 42],
    ['3', '{}:{alertname="InstanceDown"}'],
    ['4', '{}/{severity="critical"}:{alertname="InstanceDown"}'],
  ] as const) {
    const parsed = AlertmanagerWebhookSchema.safeParse({ ...version3Body, version, groupKey, truncatedAlerts: 0 });
    assert.equal(parsed.success, true, `${version} ${groupKey}: ${JSON.stringify(parsed.error?.issues)}`);
  }
});

test('a body that is no Alertmanager webhook is refused, naming the field', () => {
  const refused: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown version', { version: '5' }, 'version'],
    ['a numeric version', { version: 4 }, 'version'],
    ['no version', { version: undefined }, 'version'],
    ['a group key that is an object', { groupKey: { alertname: 'x' } }, 'groupKey'],
    ['a negative group key', { groupKey: -1 }, 'groupKey'],
    ['a fractional group key', { groupKey: 1.5 }, 'groupKey'],
    ['no group key', { groupKey: undefined }, 'groupKey'],
    ['a truncatedAlerts that is a string', { truncatedAlerts: '3' }, 'truncatedAlerts'],
    ['no alerts', { alerts: undefined }, 'alerts'],
    [
      'an alert status Alertmanager never sends',
      { alerts: [{ ...version3Body.alerts[0], status: 'pending' }] },
      'alerts.0.status',
    ],
    [
      'a startsAt that is no time',
      { alerts: [{ ...version3Body.alerts[0], startsAt: 'yesterday' }] },
      'alerts.0.startsAt',
    ],
  ];
  for (const [what, change, field] of refused) {
    const parsed = AlertmanagerWebhookSchema.safeParse({ ...version3Body, ...change });
    assert.equal(parsed.success, false, `${what} must be refused`);
    assert.deepEqual(
      parsed.error?.issues.map((issue) => issue.path.join('.')),
      [field],
      `${what}: ${JSON.stringify(parsed.error?.issues)}`,
    );
  }
});

const now = new Date('2026-12-07T12:00:00Z');
const deviceOf = (labels: Record<string, string>) => normalizePrometheus({ labels }, false, 'prometheus', now).device;

test('the device is the instance (port stripped), host, hostname, node, pod or job, in that order', () => {
  assert.equal(deviceOf({ alertname: 'A', instance: '10.0.0.5:9100', host: 'h', job: 'node' }), '10.0.0.5');
  assert.equal(deviceOf({ alertname: 'A', host: 'h1', hostname: 'h2', node: 'n' }), 'h1');
  assert.equal(deviceOf({ alertname: 'A', hostname: 'h2', node: 'n' }), 'h2');
  assert.equal(deviceOf({ alertname: 'A', node: 'worker-3', pod: 'p', job: 'kubelet' }), 'worker-3');
  assert.equal(deviceOf({ alertname: 'A', pod: 'api-7d9f', job: 'kubelet' }), 'api-7d9f');
  assert.equal(deviceOf({ alertname: 'A', job: 'blackbox' }), 'blackbox');
});

test('without any of them the device is the alertname and the other labels, never "unknown"', () => {
  // Sorted by name; severity has its own column, so it is left out.
  assert.equal(
    deviceOf({ severity: 'warning', resource: 'cpu', alertname: 'KubeQuotaExceeded', namespace: 'prod' }),
    'KubeQuotaExceeded{namespace=prod,resource=cpu}',
  );
  assert.equal(deviceOf({ alertname: 'ClusterUpgradeAvailable', severity: 'info' }), 'ClusterUpgradeAvailable');
  assert.equal(deviceOf({ team: 'db', region: 'eu-1' }), '{region=eu-1,team=db}');
  // Nothing readable at all but a severity: there is nothing to name.
  assert.equal(deviceOf({ severity: 'critical' }), 'unknown');
  const ip = normalizePrometheus({ labels: { alertname: 'A', zone: '10.0.0.5' } }, false, 'prometheus', now).ip;
  assert.equal(ip, null);
});

test('a fallback device is bounded like every device, and never cut inside a character', () => {
  const labels = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`l${i}`, `${'x'.repeat(99)}😀`]));
  const device = deviceOf({ alertname: 'Big', ...labels });
  assert.equal(device.length, INGEST_LIMITS.name);
  assert.match(device, /^Big\{l0=x+😀,l1=.*x…$/);
  // Pairs of UTF-16 halves from an even or an odd offset: the limit falls between or inside a pair.
  for (const alertname of ['Big', 'Bigg']) {
    const emoji = deviceOf({ alertname, v: '😀'.repeat(1000) });
    assert.ok(emoji.length <= INGEST_LIMITS.name && emoji.length >= INGEST_LIMITS.name - 1, `${emoji.length}`);
    assert.match(emoji, /^Big+\{v=(😀)+…$/u);
  }
});

test('major is an error, worse than a warning; unknown and missing severities are warnings', () => {
  assert.equal(severityFromLabel('major'), 'error');
  assert.equal(severityFromLabel('Major'), 'error');
  assert.equal(severityFromLabel('minor'), 'warning');
  assert.equal(severityFromLabel('something-else'), 'warning');
  assert.equal(severityFromLabel(undefined), 'warning');
  assert.equal(severityFromLabel(''), 'warning');
});

/** The rows of the severity table in docs/ALERTS-API.md: `| \`a\`, \`b\` | severity |`. */
function documentedSeverities(): Map<string, string> {
  const doc = readFileSync(new URL('../../../../docs/ALERTS-API.md', import.meta.url), 'utf8');
  const start = doc.indexOf('| `severity` label | COSS severity |');
  assert.notEqual(start, -1, 'docs/ALERTS-API.md has a severity table headed "| `severity` label | COSS severity |"');
  const rows = doc.slice(start).split('\n').slice(2);
  const table = new Map<string, string>();
  for (const row of rows) {
    const cells = /^\| (.+) \| (\w+) \|$/.exec(row);
    if (!cells) break;
    for (const [, value] of (cells[1] ?? '').matchAll(/`([^`]+)`/g)) table.set(value ?? '', cells[2] ?? '');
  }
  return table;
}

test('docs/ALERTS-API.md lists every severity value the parser knows, mapped as the parser maps it', () => {
  const documented = documentedSeverities();
  assert.deepEqual([...documented.keys()].sort(), Object.keys(SEVERITY_ALIASES).sort());
  for (const [value, severity] of documented) {
    assert.equal(severityFromLabel(value), severity, value);
    assert.equal(severityFromLabel(value.toUpperCase()), severity, value.toUpperCase());
  }
});
