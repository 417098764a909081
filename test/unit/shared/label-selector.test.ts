import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLabelSelector, selectorMatches, type LabelMatcher } from '../../../shared/label-selector.ts';

function parsed(text: string): LabelMatcher[] {
  const result = parseLabelSelector(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.matchers;
}

test('the four operators, with a missing label read as empty', () => {
  const matchers = parsed('{job="node", instance=~"db.*", env!="dev", x!~"a|b"}');
  assert.deepEqual(
    matchers.map(({ name, operator, value }) => [name, operator, value]),
    [
      ['job', '=', 'node'],
      ['instance', '=~', 'db.*'],
      ['env', '!=', 'dev'],
      ['x', '!~', 'a|b'],
    ],
  );
  assert.ok(selectorMatches(matchers, { job: 'node', instance: 'db1:9100', env: 'prod' }));
  assert.ok(selectorMatches(matchers, { job: 'node', instance: 'db1:9100' }), 'no env is not "dev"; no x is not a|b');
  assert.ok(!selectorMatches(matchers, { job: 'node', instance: 'web1:9100' }));
  assert.ok(!selectorMatches(matchers, { job: 'node', instance: 'db1', env: 'dev' }));
  assert.ok(!selectorMatches(matchers, { job: 'node', instance: 'db1', x: 'b' }));
  assert.ok(selectorMatches(parsed('{team=~""}'), {}), 'an empty regex matches a missing label');
  assert.ok(!selectorMatches(parsed('{toString="x"}'), {}), 'only own labels count');
});

test('braces are optional, spaces and a trailing comma allowed, values may be unquoted', () => {
  assert.equal(parsed('job="node"').length, 1);
  assert.equal(parsed('  { job = "node" , }  ').length, 1);
  const unquoted = parsed('{job=node,severity!=info}');
  assert.deepEqual(
    unquoted.map(({ value }) => value),
    ['node', 'info'],
  );
});

test('quoted values unescape \\" and \\\\ and keep a regex escape', () => {
  assert.equal(parsed('{a="say \\"hi\\""}')[0]?.value, 'say "hi"');
  assert.equal(parsed('{a=~"db\\\\d+"}')[0]?.value, 'db\\d+');
  const dotted = parsed('{instance=~"db1\\.acme"}');
  assert.ok(selectorMatches(dotted, { instance: 'db1.acme' }));
  assert.ok(!selectorMatches(dotted, { instance: 'db1xacme' }));
});

test('errors name the matcher, what is wrong, and the column', () => {
  const error = (text: string): string => {
    const result = parseLabelSelector(text);
    assert.ok(!result.ok, `${text} should be refused`);
    return result.error;
  };
  assert.match(error('{}'), /at least one matcher/);
  assert.match(error('{job}'), /matcher 1: expected =, !=, =~ or !~ after "job" \(column 5\)/);
  assert.match(error('{job="node", 9x="a"}'), /matcher 2: expected a label name .* found "9"/);
  assert.match(error('{job="node'), /matcher 1 \(job\): the value's quote is never closed \(column 6\)/);
  assert.match(error('{job="node"'), /missing "}"/);
  assert.match(error('{job="node" env="x"}'), /expected "," or "}" after the value, found "e"/);
  assert.match(error('{instance=~"(db"}'), /matcher 1 \(instance\): bad regex "\(db": missing "\)"/);
  // The place is said once: the regex's own character, not two columns that disagree.
  assert.match(
    error('{instance=~"db(x"}'),
    /bad regex "db\(x": missing "\)" for the "\(" here \(character 3 of the regex\)$/,
  );
  assert.match(error('{instance=~"(a)\\\\1"}'), /back-references are not supported/);
  assert.match(error('{a="x"} extra'), /after "}"/);
  assert.match(error('{a=="x"}'), /unexpected "=" in the value/);
});
