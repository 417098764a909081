import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { composeNotes, globMatches, ruleMatches, type NoteRule } from '../../../shared/notes.ts';

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

/** The obvious definition (a regex, one code point per `?`), safe only on small inputs: the reference. */
function referenceGlob(glob: string, value: string): boolean {
  const pattern = Array.from(glob, (char) =>
    char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/]/g, '\\$&'),
  );
  return new RegExp(`^${pattern.join('')}$`, 'isu').test(value);
}

test('a hostile glob over a huge device name answers at once (no catastrophic backtracking)', () => {
  // The rule that froze COSS for 37 s on a 600-character device; here the device is 100,000 characters.
  const device = '-'.repeat(100_000) + 'x';
  const started = performance.now();
  assert.equal(globMatches('*-*-*-*.acme.com', device), false);
  assert.equal(globMatches('*?*?*?*?*?*?*?*?y', device), false);
  assert.equal(globMatches('*-*-*-*x', device), true);
  const elapsed = performance.now() - started;
  // Linear work is a few milliseconds; the bound is generous for a busy two-core machine.
  assert.ok(elapsed < 500, `took ${Math.round(elapsed)} ms`);
});

test('globs match exactly what the obvious definition matches', () => {
  const char = fc.constantFrom('a', 'A', 'b', '-', '.', 'é', 'É', '𝄞', '\n', 'Σ', 'σ', 'ς', 'İ');
  const globChar = fc.oneof(char, fc.constantFrom('*', '?'));
  fc.assert(
    fc.property(fc.array(globChar, { maxLength: 8 }), fc.array(char, { maxLength: 10 }), (glob, value) => {
      assert.equal(
        globMatches(glob.join(''), value.join('')),
        referenceGlob(glob.join(''), value.join('')),
        JSON.stringify({ glob, value }),
      );
    }),
    { numRuns: 3000 },
  );
  // A glob built from the value must match it: the property above rarely draws a match by chance.
  fc.assert(
    fc.property(
      fc.array(char, { minLength: 1, maxLength: 12 }),
      fc.array(fc.nat(3), { minLength: 12, maxLength: 12 }),
      (value, edits) => {
        const glob = value.map((c, i) => (edits[i] === 0 ? '*' : edits[i] === 1 ? '?' : c.toUpperCase())).join('');
        assert.ok(globMatches(glob, value.join('')), JSON.stringify({ glob, value }));
        assert.ok(referenceGlob(glob, value.join('')));
      },
    ),
    { numRuns: 1000 },
  );
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

test('a family match takes the alert whose family (shared/noise-family.ts) is exactly that key', () => {
  const web = { ...subject, device: 'web07.acme.com', component: 'eth0', eventClass: '/Net/Link' };
  assert.ok(ruleMatches({ family: 'event|/Net/Link|eth0|web#.acme.com' }, web), 'web07 folds to web#');
  assert.ok(!ruleMatches({ family: 'event|/Net/Link|eth0|web#.acme.com' }, { ...web, component: 'eth1' }));
  assert.ok(!ruleMatches({ family: 'event|/Net/Link|eth0|web#.acme.com' }, { ...web, eventClass: '/Net/Link/Down' }));
  const prometheus = {
    ...web,
    source: 'alertmanager',
    labels: { alertname: 'HighLoad', job: 'node', instance: 'db1' },
  };
  assert.ok(ruleMatches({ family: 'prometheus|HighLoad|node' }, prometheus));
  assert.ok(!ruleMatches({ family: 'prometheus|HighLoad|node' }, { ...prometheus, labels: { alertname: 'HighLoad' } }));
});
