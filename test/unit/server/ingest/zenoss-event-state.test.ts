/** Zenoss's eventState by name or number, and what each state does to the alert. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventStateEffect, zenossEventState } from '../../../../server/ingest/zenoss-event-state.ts';
import { normalizeZenoss, ZenossEventSchema } from '../../../../server/ingest/zenoss.ts';

test('names (any case) and numbers 0–6 are the same states; anything else is refused', () => {
  const names = ['New', 'Acknowledged', 'Suppressed', 'Closed', 'Cleared', 'Dropped', 'Aged'];
  names.forEach((name, number) => {
    assert.equal(zenossEventState.parse(name), number);
    assert.equal(zenossEventState.parse(name.toUpperCase()), number);
    assert.equal(zenossEventState.parse(number), number);
    assert.equal(zenossEventState.parse(String(number)), number);
  });
  for (const bad of ['Snoozed', '7', 7, -1, 2.5, '']) assert.equal(zenossEventState.safeParse(bad).success, false);
});

test('Acknowledged names its owner or Zenoss; Suppressed marks; Closed and later resolve', () => {
  assert.deepEqual(eventStateEffect(1, 'jsmith'), {
    acknowledgedBy: 'jsmith',
    suppressed: false,
    resolvesItself: false,
  });
  assert.deepEqual(eventStateEffect(1, '  '), { acknowledgedBy: 'Zenoss', suppressed: false, resolvesItself: false });
  assert.deepEqual(eventStateEffect(2, null), { acknowledgedBy: null, suppressed: true, resolvesItself: false });
  for (const state of [3, 4, 5, 6]) assert.equal(eventStateEffect(state, null).resolvesItself, true);
  assert.deepEqual(eventStateEffect(undefined, 'x'), {
    acknowledgedBy: null,
    suppressed: false,
    resolvesItself: false,
  });
});

test('a closed raise resolves its own alert only; a closed clear still clears its key', () => {
  const base = { device: 'x7.acme.com', summary: 'down', eventClass: '/Status', eventKey: 'k' };
  const closed = normalizeZenoss(ZenossEventSchema.parse({ ...base, severity: 5, eventState: 'Closed' }), new Date());
  assert.equal(closed.isClear, true);
  assert.equal(closed.clearsOwnAlertOnly, true);
  const clear = normalizeZenoss(ZenossEventSchema.parse({ ...base, severity: 0, eventState: 'Closed' }), new Date());
  assert.equal(clear.isClear, true);
  assert.equal(clear.clearsOwnAlertOnly, undefined);
  const acked = normalizeZenoss(
    ZenossEventSchema.parse({ ...base, severity: 4, eventState: 'Acknowledged', ownerid: 'admin' }),
    new Date(),
  );
  assert.deepEqual(acked.arrival, { acknowledgedBy: 'admin', suppressed: false });
  assert.equal(acked.isClear, false);
});
