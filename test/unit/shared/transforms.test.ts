import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRegex, isRegexError, regexMatches } from '../../../shared/linear-regex.ts';
import { globMatches } from '../../../shared/notes.ts';
import {
  applyTransforms,
  compileTransformMatch,
  renderSummary,
  requiredLiteral,
  runnableTransforms,
  TransformInputSchema,
  transformMatches,
  type TransformMatchInput,
  type TransformSubject,
} from '../../../shared/transforms.ts';

const subject = (overrides: Partial<TransformSubject> = {}): TransformSubject => ({
  source: 'zenoss',
  device: 'web01.acme.com',
  component: 'eth0',
  eventClass: '/Status/Ping',
  summary: 'web01.acme.com is DOWN!',
  severity: 'critical',
  labels: {},
  prodState: 1000,
  ...overrides,
});

const match = (input: TransformMatchInput) =>
  TransformInputSchema.parse({ name: 't', match: input, actions: [{ type: 'suppress' }] }).match;

test('every field a match sets must match', () => {
  const both = match({ device: 'web*', component: 'eth0' });
  assert.equal(transformMatches(both, subject()), true);
  assert.equal(transformMatches(both, subject({ component: 'eth1' })), false);
  assert.equal(transformMatches(both, subject({ device: 'db01.acme.com' })), false);
  assert.equal(transformMatches(match({ device: 'WEB01.ACME.COM' }), subject()), true, 'globs ignore case');
});

test('an event class is an organizer path, or a glob when it has a wildcard', () => {
  assert.equal(transformMatches(match({ eventClass: '/Status' }), subject()), true);
  assert.equal(transformMatches(match({ eventClass: '/Stat' }), subject()), false);
  assert.equal(transformMatches(match({ eventClass: '/Status/P*' }), subject()), true);
  assert.equal(transformMatches(match({ eventClass: '/Perf/*' }), subject()), false);
});

test('the family matches exactly, as the noise report names it', () => {
  const family = match({ family: 'event|/Status/Ping|eth0|web#.acme.com' });
  assert.equal(transformMatches(family, subject()), true);
  assert.equal(transformMatches(family, subject({ device: 'web17.acme.com' })), true);
  assert.equal(transformMatches(family, subject({ device: 'db01.acme.com' })), false);
});

test('the summary pattern is found anywhere; ^ and $ anchor it', () => {
  assert.equal(transformMatches(match({ summary: 'is DOWN' }), subject()), true);
  assert.equal(transformMatches(match({ summary: '^is DOWN' }), subject()), false);
  assert.equal(transformMatches(match({ summary: '^web\\d+' }), subject()), true);
  assert.equal(transformMatches(match({ summary: 'DOWN!$' }), subject()), true);
  assert.equal(transformMatches(match({ summary: 'down' }), subject()), false, 'case-sensitive');
});

test('a pattern that cannot run in linear time, or is broken, is refused naming match.summary', () => {
  for (const bad of ['(a', 'a\\1', '(?=a)', 'a)|(b']) {
    const compiled = compileTransformMatch(match({ summary: bad }));
    assert.equal(compiled.ok, false, bad);
    if (!compiled.ok) assert.equal(compiled.issue.field, 'match.summary');
  }
  const labels = compileTransformMatch(match({ labels: '{job=~"("}' }));
  assert.equal(labels.ok ? null : labels.issue.field, 'match.labels');
});

test('a pathological summary pattern stays linear on a long summary', () => {
  const started = performance.now();
  const pathological = match({ summary: '(a+)+b' });
  assert.equal(transformMatches(pathological, subject({ summary: 'a'.repeat(20_000) })), false);
  assert.ok(performance.now() - started < 2000, `took ${performance.now() - started} ms`);
});

test('severity ranges, label selectors, production states and device lists', () => {
  assert.equal(transformMatches(match({ severity: { max: 'warning' } }), subject()), false);
  assert.equal(transformMatches(match({ severity: { min: 'error' } }), subject()), true);
  assert.equal(
    transformMatches(match({ severity: { min: 'info', max: 'warning' } }), subject({ severity: 'info' })),
    true,
  );
  const prom = subject({ source: 'alertmanager', labels: { alertname: 'HighLoad', job: 'node' } });
  assert.equal(transformMatches(match({ labels: '{job="node", alertname=~"High.*"}' }), prom), true);
  assert.equal(transformMatches(match({ labels: 'job!="node"' }), prom), false);
  assert.equal(transformMatches(match({ prodStates: ['Test', 'decommissioned'] }), subject({ prodState: 400 })), true);
  assert.equal(transformMatches(match({ prodStates: [400] }), subject()), false);
  assert.equal(transformMatches(match({ prodStates: [400] }), subject({ prodState: null })), false);
  assert.equal(transformMatches(match({ devices: ['WEB01.acme.com', 'web02.acme.com'] }), subject()), true);
  assert.equal(transformMatches(match({ devices: ['web02.acme.com'] }), subject()), false);
});

test('the input schema refuses an empty match, unknown states, repeated actions and a clear severity', () => {
  const parse = (body: unknown) => TransformInputSchema.safeParse(body);
  const base = { name: 'x', match: { device: 'a' }, actions: [{ type: 'suppress' }] };
  assert.equal(parse(base).success, true);
  assert.equal(parse({ ...base, match: {} }).success, false);
  assert.equal(parse({ ...base, match: { prodStates: ['Staging'] } }).success, false);
  assert.equal(parse({ ...base, actions: [{ type: 'suppress' }, { type: 'suppress' }] }).success, false);
  assert.equal(parse({ ...base, actions: [{ type: 'set-severity', severity: 'clear' }] }).success, false);
  assert.equal(parse({ ...base, actions: [] }).success, false);
  assert.equal(parse({ ...base, actions: [{ type: 'set-event-class', eventClass: 'Status' }] }).success, false);
  const failed = parse({ ...base, match: { summary: '' } });
  assert.equal(failed.success ? null : failed.error.issues[0]?.path.join('.'), 'match.summary');
});

test('the summary template fills {summary}, {device} and {component} once', () => {
  assert.equal(
    renderSummary('[{device}/{component}] {summary} {other}', subject()),
    '[web01.acme.com/eth0] web01.acme.com is DOWN! {other}',
  );
  assert.equal(renderSummary('{summary}', subject({ summary: '{device}' })), '{device}');
});

test('transforms run in order, each seeing what the ones before left; the first suppressor is named', () => {
  const transforms = runnableTransforms([
    {
      id: 1,
      enabled: true,
      match: match({ device: 'web*' }),
      actions: [{ type: 'set-event-class', eventClass: '/Noise/Ping' }],
    },
    { id: 2, enabled: false, match: match({ device: 'web*' }), actions: [{ type: 'suppress' }] },
    {
      id: 3,
      enabled: true,
      match: match({ eventClass: '/Noise' }),
      actions: [{ type: 'suppress' }, { type: 'set-severity', severity: 'info' }],
    },
    {
      id: 4,
      enabled: true,
      match: match({ severity: { max: 'info' } }),
      actions: [{ type: 'suppress' }, { type: 'auto-page', target: 'acme/oncall', priority: 'urgent' }],
    },
    {
      id: 5,
      enabled: true,
      match: match({ device: 'web*' }),
      actions: [{ type: 'attach-notes', tierNotes: 'Call Bob', deviceNotes: '' }, { type: 'post-card' }],
    },
  ]);
  const outcome = applyTransforms(transforms, subject());
  assert.equal(outcome.subject.eventClass, '/Noise/Ping');
  assert.equal(outcome.subject.severity, 'info');
  assert.equal(outcome.suppressedBy, 3);
  assert.deepEqual(outcome.autoPage, { transformId: 4, target: 'acme/oncall', priority: 'urgent' });
  assert.deepEqual(outcome.notes, { tier: ['Call Bob'], device: [] });
  assert.equal(outcome.postCard, true);
  assert.deepEqual(outcome.applied, [
    { id: 1, changed: ['set-event-class'] },
    { id: 3, changed: ['suppress', 'set-severity'] },
    { id: 4, changed: ['auto-page'] },
    { id: 5, changed: ['attach-notes', 'post-card'] },
  ]);
  const other = applyTransforms(transforms, subject({ device: 'db01' }));
  assert.equal(other.suppressedBy, null);
  assert.deepEqual(other.applied, []);
});

test('the literal a summary pattern requires is in every summary it matches', () => {
  assert.equal(requiredLiteral('(timeout|refused) on port 1000$'), ' on port 1000');
  assert.equal(requiredLiteral('disk (full|almost full)'), 'disk ');
  assert.equal(requiredLiteral('abc?d'), 'ab');
  assert.equal(requiredLiteral('x|disk full'), '', 'a top-level alternative makes nothing certain');
  assert.equal(requiredLiteral('a\\.b[xyz]+ccc'), 'a.b');
  assert.equal(requiredLiteral('\\x41BC'), '');
  const pieces = [
    'a',
    'b',
    'ab',
    ' ',
    '.',
    '*',
    '+',
    '?',
    '|',
    '(',
    ')',
    '(?:',
    '\\.',
    '[ab]',
    '{2}',
    '{0,1}',
    '{',
    '}',
    '^',
    '$',
    '\\d',
    'x',
  ];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }),
      fc.array(fc.constantFrom('a', 'b', ' ', '.', '1', 'x'), { maxLength: 12 }),
      (parts, textParts) => {
        const pattern = parts.join('');
        const text = textParts.join('');
        const search = compileRegex(`[\\s\\S]*(?:${pattern})[\\s\\S]*`);
        if (isRegexError(compileRegex(pattern)) || isRegexError(search)) return;
        const expected = regexMatches(search, text);
        assert.equal(
          transformMatches(match({ summary: pattern }), subject({ summary: text })),
          expected,
          `${pattern} on "${text}"`,
        );
        if (expected) assert.ok(text.includes(requiredLiteral(pattern)), `${pattern} on "${text}"`);
      },
    ),
    { numRuns: 3000 },
  );
});

test('device and component globs decide as note rules’ globMatches does, case folding included', () => {
  const chars = ['a', 'B', 'k', 'K', '\u212a', 'İ', 'i', 'σ', 'ς', 'Σ', '.', '-', '1'];
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...chars, '*', '?'), { maxLength: 6 }),
      fc.array(fc.constantFrom(...chars), { maxLength: 8 }),
      (globParts, valueParts) => {
        const glob = globParts.join('');
        const value = valueParts.join('');
        if (glob.trim() === '') return;
        const expected = globMatches(glob, value);
        assert.equal(
          transformMatches(match({ device: glob }), subject({ device: value })),
          expected,
          `${glob} / ${value}`,
        );
        assert.equal(transformMatches(match({ component: glob }), subject({ component: value })), expected);
      },
    ),
    { numRuns: 3000 },
  );
});
