import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeNotes, globMatches, ruleMatches, type NoteRule } from '../../shared/notes.ts';

const subject = {
  device: 'x7.acme.com',
  deviceGroups: ['/Customers/Acme/Web'],
  systems: ['/Acme/Systems'],
  component: 'CheckDNSELB',
  eventClass: '/Status/DNS/ELB',
};

test('globs match whole names, case-insensitively, with * and ?', () => {
  assert.ok(globMatches('x?.acme.com', 'X7.ACME.com'));
  assert.ok(globMatches('*.acme.com', 'a.b.acme.com'));
  assert.ok(!globMatches('x?.acme.com', 'x77.acme.com'));
  assert.ok(!globMatches('*.acme.com', 'acme.com.evil'));
  assert.ok(!globMatches('x7.acme.com', 'x7Xacme.com'), 'a dot is literal');
});

test('organizer and event-class matches cover sub-paths, not prefixes of names', () => {
  assert.ok(ruleMatches({ deviceGroup: '/Customers/Acme' }, subject));
  assert.ok(!ruleMatches({ deviceGroup: '/Customers/Ac' }, subject));
  assert.ok(ruleMatches({ eventClass: '/Status/DNS' }, subject));
  assert.ok(!ruleMatches({ eventClass: '/Status/DN' }, subject));
  assert.ok(ruleMatches({ system: '/Acme/Systems/' }, subject));
  assert.ok(!ruleMatches({ deviceGlob: 'x7.acme.com', component: 'Ping' }, subject), 'every set field must match');
});

test('notes of matching enabled rules are joined in position order', () => {
  const rule = (id: number, position: number, extra: Partial<NoteRule>): NoteRule => ({
    id,
    customer: 'acme',
    name: `r${id}`,
    position,
    enabled: true,
    match: {},
    tierNotes: '',
    deviceNotes: '',
    updatedAt: '',
    ...extra,
  });
  const notes = composeNotes(
    [
      rule(1, 50, { match: { deviceGlob: 'x*' }, deviceNotes: 'second' }),
      rule(2, 10, { match: { deviceGroup: '/Customers/Acme' }, tierNotes: 'tier', deviceNotes: 'first' }),
      rule(3, 5, { match: { deviceGlob: 'x*' }, deviceNotes: 'disabled', enabled: false }),
      rule(4, 1, { match: { deviceGlob: 'db*' }, deviceNotes: 'other device' }),
    ],
    subject,
  );
  assert.deepEqual(notes, { tier: 'tier', device: 'first\n\nsecond', ruleIds: [2, 1] });
});
