import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRegex, isRegexError, regexMatches, type LinearRegex } from '../../../shared/linear-regex.ts';

function compiled(source: string): LinearRegex {
  const result = compileRegex(source);
  if (isRegexError(result)) throw new Error(`${source}: ${result.message}`);
  return result;
}

function matches(source: string, value: string): boolean {
  return regexMatches(compiled(source), value);
}

test('patterns match the whole value, as Alertmanager anchors them', () => {
  assert.ok(matches('db.*', 'db01.acme.com'));
  assert.ok(!matches('db', 'db01'), 'no partial match');
  assert.ok(!matches('b.*', 'db01'), 'not found in the middle');
  assert.ok(matches('^db\\d+$', 'db42'), 'explicit anchors are allowed');
  assert.ok(matches('', ''));
  assert.ok(!matches('', 'x'));
});

test('the RE2 subset operators write: classes, escapes, repeats, alternation, groups', () => {
  assert.ok(matches('[a-c]+\\d{2,3}', 'abc12'));
  assert.ok(!matches('[a-c]+\\d{2,3}', 'abc1234'));
  assert.ok(matches('[^.]+\\.acme\\.com', 'x7.acme.com'));
  assert.ok(!matches('[^.]+\\.acme\\.com', 'x.7.acme.com'));
  assert.ok(matches('(prod|stage)-(web|db)[0-9]*', 'stage-db12'));
  assert.ok(matches('(?:a|b)?c', 'c'));
  assert.ok(matches('(?P<site>lon|nyc)\\w+', 'nyc_01'));
  assert.ok(matches('a\\s\\S\\W', 'a x-'));
  assert.ok(matches('[\\d_]{3}', '1_2'));
  assert.ok(matches('x{2}', 'xx') && !matches('x{2}', 'xxx'));
  assert.ok(matches('x{2,}', 'xxxxx') && !matches('x{2,}', 'x'));
  assert.ok(matches('a{', 'a{'), 'a { that is not a repeat is a literal, as in RE2');
  assert.ok(matches('.', 'é') && matches('.', '😀'), 'one code point per .');
  assert.ok(!matches('.', '\n'), '. does not match a newline');
  assert.ok(matches('a.*?b', 'axxb'), 'lazy quantifiers are accepted');
  assert.ok(matches('\\x41\\x{1F600}', 'A😀'));
});

test('what is not supported is refused, saying what and where', () => {
  const refused = (source: string, text: RegExp): void => {
    const result = compileRegex(source);
    assert.ok(isRegexError(result), `${source} should be refused`);
    assert.match(result.message, text, source);
  };
  refused('(a)\\1', /back-references/);
  refused('\\bword', /word boundaries/);
  refused('(?i)abc', /flags/);
  refused('(?=a)', /look-around/);
  refused('[[:alpha:]]', /POSIX/);
  refused('(ab', /missing "\)"/);
  refused('ab)', /unexpected "\)"/);
  refused('[ab', /missing "]"/);
  refused('*a', /nothing to repeat/);
  refused('a**', /quantifier cannot follow/);
  refused('a{1001}', /above 100/);
  refused('a{3,2}', /maximum is below/);
  refused('[z-a]', /bad range/);
  refused('\\q', /unknown escape/);
  refused('abc\\', /lone/);
  refused('((a{100}){100}){100}', /too large/);
  const located = compileRegex('ab(?i)');
  assert.ok(isRegexError(located) && located.column === 3);
});

test('a hostile pattern against a long value answers at once (no backtracking)', () => {
  const value = 'a'.repeat(20_000) + 'b';
  const started = performance.now();
  assert.equal(matches('(a+)+$', value), false);
  assert.equal(matches('(a|a)*c', value), false);
  assert.equal(matches('(a*)*c', value), false);
  assert.equal(matches('(.*a){20}c', value), false);
  assert.equal(matches('(a|aa)+b', value), true);
  const elapsed = performance.now() - started;
  // RegExp takes minutes on the first of these at 30 characters; linear work here is tens of milliseconds.
  assert.ok(elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
});

/** Patterns in the subset that JavaScript's RegExp (u flag) reads the same way, built from parts. */
const safePattern: fc.Arbitrary<string> = fc.letrec<{ pattern: string; term: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', maxDepth: 3, depthIdentifier: 'pattern', withCrossShrink: true },
    fc.constantFrom(
      'a',
      'b',
      '1',
      '_',
      ' ',
      '\\.',
      '-',
      '.',
      '[a-b]',
      '[^a]',
      '[ab1]',
      '\\d',
      '\\w',
      '\\s',
      '\\W',
      '[\\d_]',
    ),
    tie('pattern').map((inner) => `(${inner})`),
    tie('pattern').map((inner) => `(?:${inner})`),
  ),
  term: fc
    .tuple(tie('atom'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,2}', '{2,}', '*?', '+?'))
    .map(([atom, quantifier]) => atom + quantifier),
  pattern: fc.oneof(
    { depthSize: 'small', maxDepth: 3, depthIdentifier: 'pattern', withCrossShrink: true },
    fc.array(tie('term'), { minLength: 0, maxLength: 4 }).map((terms) => terms.join('')),
    fc.tuple(tie('pattern'), tie('pattern')).map(([left, right]) => `${left}|${right}`),
  ),
})).pattern;

const value = fc.string({ unit: fc.constantFrom('a', 'b', '1', '_', ' ', '.', '-', '\n', 'é'), maxLength: 12 });

test('on safe patterns it agrees with RegExp (anchored, u flag)', () => {
  fc.assert(
    fc.property(safePattern, fc.array(value, { minLength: 1, maxLength: 8 }), (pattern, values) => {
      const ours = compiled(pattern);
      const reference = new RegExp(`^(?:${pattern})$`, 'u');
      for (const candidate of values) {
        assert.equal(
          regexMatches(ours, candidate),
          reference.test(candidate),
          `${pattern} on ${JSON.stringify(candidate)}`,
        );
      }
    }),
    { numRuns: 2_000 },
  );
});
