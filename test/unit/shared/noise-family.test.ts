import { test } from 'node:test';
import assert from 'node:assert/strict';
import { familyOf, foldDevice } from '../../../shared/noise-family.ts';

const event = (device: string, overrides: Partial<Parameters<typeof familyOf>[0]> = {}) => ({
  source: 'zenoss',
  device,
  component: 'eth0',
  eventClass: '/Net/Link',
  labels: {},
  ...overrides,
});

test('numbered hosts of one series are one family; the domain keeps its digits', () => {
  assert.equal(foldDevice('web01.acme.com'), 'web#.acme.com');
  assert.equal(foldDevice('WEB17.Acme.com'), 'web#.acme.com');
  assert.equal(foldDevice('db-2-east.s3.eu-1.example.net'), 'db-#-east.s3.eu-1.example.net');
  assert.equal(foldDevice('router7'), 'router#');
  assert.equal(familyOf(event('web01.acme.com')), familyOf(event('web17.acme.com')));
  assert.notEqual(familyOf(event('web01.acme.com')), familyOf(event('db01.acme.com')));
});

test('an address is its own device, not a number in a series', () => {
  assert.equal(foldDevice('172.30.0.14'), '172.30.0.14');
  assert.equal(foldDevice('fe80::1'), 'fe80::1');
  assert.equal(foldDevice('node-1:9100'), 'node-1:9100');
  assert.notEqual(familyOf(event('172.30.0.14')), familyOf(event('172.30.0.15')));
});

test('Prometheus families are alertname + job, whatever the instance', () => {
  const alert = (instance: string) =>
    familyOf(event(instance, { source: 'alertmanager', labels: { alertname: 'HighLoad', job: 'node', instance } }));
  assert.equal(alert('10.0.0.1:9100'), 'prometheus|HighLoad|node');
  assert.equal(alert('10.0.0.2:9100'), alert('10.0.0.1:9100'));
  assert.equal(familyOf(event('x', { source: 'prometheus', labels: {} })), 'prometheus||');
});

test('event class and component are part of a Zenoss family', () => {
  assert.equal(familyOf(event('web01.acme.com')), 'event|/Net/Link|eth0|web#.acme.com');
  assert.notEqual(familyOf(event('web01')), familyOf(event('web01', { component: 'eth1' })));
  assert.notEqual(familyOf(event('web01')), familyOf(event('web01', { eventClass: '/Perf/CPU' })));
});
