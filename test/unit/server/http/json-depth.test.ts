import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonNestsDeeperThan } from '../../../../server/http/json-depth.ts';

test('JSON depth counts nested arrays and objects, not brackets inside strings', () => {
  assert.equal(jsonNestsDeeperThan('{"a":[{"b":1}]}', 3), false);
  assert.equal(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3), true);
  assert.equal(jsonNestsDeeperThan(JSON.stringify({ text: '[[[[{{{{' }), 1), false);
  assert.equal(
    jsonNestsDeeperThan(JSON.stringify({ text: 'a quote \\" then [[[[' }), 1),
    false,
    'an escaped quote does not end the string',
  );
  assert.equal(jsonNestsDeeperThan('['.repeat(20_000) + ']'.repeat(20_000), 64), true);
});
