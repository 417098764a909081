/** The Watchdog matcher: Prometheus's `label="value"` form, and which alerts it takes as the dead man's switch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWatchdog, parseWatchdogMatcher } from '../../../../server/heartbeats/watchdog.ts';
import type { NormalizedEvent } from '../../../../shared/alert.ts';

function event(source: NormalizedEvent['source'], labels: Record<string, string>): NormalizedEvent {
  const now = new Date();
  return {
    source,
    fingerprint: 'f',
    clearKey: 'f',
    isClear: false,
    device: 'd',
    ip: null,
    component: '',
    eventClass: '',
    eventKey: '',
    severity: 'info',
    summary: '',
    message: '',
    count: 1,
    firstSeen: now,
    lastSeen: now,
    deviceGroups: [],
    systems: [],
    location: null,
    labels,
    annotations: {},
    externalId: null,
    generatorUrl: null,
  };
}

test('the default matcher takes the Watchdog from Alertmanager or Prometheus and nothing else', () => {
  const matcher = parseWatchdogMatcher('alertname="Watchdog"');
  assert.equal(isWatchdog(event('alertmanager', { alertname: 'Watchdog', severity: 'none' }), matcher), true);
  assert.equal(isWatchdog(event('prometheus', { alertname: 'Watchdog' }), matcher), true);
  assert.equal(isWatchdog(event('alertmanager', { alertname: 'WatchdogX' }), matcher), false);
  assert.equal(isWatchdog(event('generic', { alertname: 'Watchdog' }), matcher), false);
});

test('braces, several parts, != and escaped quotes', () => {
  const matcher = parseWatchdogMatcher(
    '{alertname="DeadMansSwitch", prometheus!="test/k8s", note="say \\"hi\\", twice"}',
  );
  assert.deepEqual(matcher, [
    { label: 'alertname', value: 'DeadMansSwitch', negated: false },
    { label: 'prometheus', value: 'test/k8s', negated: true },
    { label: 'note', value: 'say "hi", twice', negated: false },
  ]);
  const labels = { alertname: 'DeadMansSwitch', prometheus: 'monitoring/k8s', note: 'say "hi", twice' };
  assert.equal(isWatchdog(event('alertmanager', labels), matcher), true);
  assert.equal(isWatchdog(event('alertmanager', { ...labels, prometheus: 'test/k8s' }), matcher), false);
});

test('a matcher that cannot be read is refused at start, naming the part', () => {
  assert.throws(() => parseWatchdogMatcher(''), /empty/);
  assert.throws(() => parseWatchdogMatcher('alertname=~"Watch.*"'), /cannot read "alertname=~\\"Watch.\*\\""/);
  assert.throws(() => parseWatchdogMatcher('alertname=Watchdog'), /expected label="value"/);
});
