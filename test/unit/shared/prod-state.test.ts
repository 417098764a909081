import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prodStateName, prodStateNumber } from '../../../shared/prod-state.ts';

test('production states by name or number, as Zenoss sends them', () => {
  assert.equal(prodStateNumber('Production'), 1000);
  assert.equal(prodStateNumber('pre-production'), 500);
  assert.equal(prodStateNumber('Pre Production'), 500);
  assert.equal(prodStateNumber('Test'), 400);
  assert.equal(prodStateNumber('MAINTENANCE'), 300);
  assert.equal(prodStateNumber('Decommissioned'), -1);
  assert.equal(prodStateNumber(300), 300);
  assert.equal(prodStateNumber('300'), 300);
  assert.equal(prodStateNumber('-1'), -1);
  assert.equal(prodStateNumber(750), 750, 'a custom state keeps its number');
  assert.equal(prodStateNumber('Staging'), null, 'an unknown name is not guessed');
  assert.equal(prodStateNumber(1.5), null);
  assert.equal(prodStateNumber(undefined), null);
  assert.equal(prodStateName(300), 'Maintenance');
  assert.equal(prodStateName(750), '750');
});
