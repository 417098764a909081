import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compileScope,
  scopeMatches,
  validateScope,
  type MaintenanceSubject,
} from '../../../shared/maintenance-scope.ts';

const subject: MaintenanceSubject = {
  device: 'x7.acme.com',
  deviceGroups: ['/Customers/Acme/Web'],
  systems: ['/Acme/Production'],
  component: 'eth0',
  eventClass: '/Status/Ping',
  labels: { job: 'node', instance: 'x7.acme.com:9100' },
};

test('no field set covers the whole customer', () => {
  assert.ok(scopeMatches({}, subject));
  fc.assert(
    fc.property(fc.string(), fc.string(), (device, component) => scopeMatches({}, { ...subject, device, component })),
  );
});

test('each field set must match; within a field any entry may', () => {
  assert.ok(scopeMatches({ devices: ['db*', 'X7.*'] }, subject), 'globs are case-insensitive, any may match');
  assert.ok(!scopeMatches({ devices: ['db*'] }, subject));
  assert.ok(scopeMatches({ devices: ['x7.*'], components: ['eth?'] }, subject));
  assert.ok(!scopeMatches({ devices: ['x7.*'], components: ['lo'] }, subject), 'both fields must match');
  assert.ok(scopeMatches({ eventClasses: ['/Status'] }, subject), 'an organizer covers its sub-paths');
  assert.ok(!scopeMatches({ eventClasses: ['/Stat'] }, subject), 'but not a prefix of a name');
  assert.ok(scopeMatches({ deviceGroups: ['/Customers/Acme/'] }, subject));
  assert.ok(scopeMatches({ systems: ['/Acme/Production'] }, subject));
  assert.ok(!scopeMatches({ systems: ['/Acme/Staging'] }, subject));
  assert.ok(!scopeMatches({ systems: ['/Acme'] }, { ...subject, systems: [] }), 'no Systems: not in one');
  assert.ok(scopeMatches({ matchers: '{job="node", instance=~"x7\\\\..*"}' }, subject));
  assert.ok(!scopeMatches({ matchers: '{job="node", instance!~"x7.*"}' }, subject));
  assert.ok(!scopeMatches({ devices: ['x7.*'], matchers: '{job="blackbox"}' }, subject));
});

test('an invalid scope names its field, and covers nothing', () => {
  assert.deepEqual(validateScope({ eventClasses: ['/Status', 'Status/Ping'] }), {
    field: 'scope.eventClasses[1]',
    message: '"Status/Ping" is not an organizer path: it starts with "/", as /Status/Ping does',
  });
  assert.equal(validateScope({ systems: ['/Acme//Web'] })?.field, 'scope.systems[0]');
  assert.equal(validateScope({ devices: ['x7\u0000'] })?.field, 'scope.devices[0]');
  const matcher = validateScope({ matchers: '{instance=~"(a+"}' });
  assert.equal(matcher?.field, 'scope.matchers');
  assert.match(matcher?.message ?? '', /missing "\)"/);
  assert.equal(validateScope({ devices: ['*.acme.com'], matchers: '{job="node"}' }), null);
  assert.ok(!scopeMatches({ matchers: '{job=' }, subject));
  assert.ok(!compileScope({ deviceGroups: ['Web'] }).ok);
});

test('a hostile selector against a long label answers at once', () => {
  const started = performance.now();
  const long = { ...subject, labels: { instance: 'a'.repeat(50_000) } };
  assert.ok(!scopeMatches({ matchers: '{instance=~"(a+)+b"}' }, long));
  assert.ok(scopeMatches({ matchers: '{instance!~"(a|aa)*b"}' }, long));
  assert.ok(performance.now() - started < 2_000);
});
