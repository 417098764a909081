/** The one retry timing (shared/backoff.ts): capped exponential with full jitter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from '../../../shared/backoff.ts';

test('backoff grows exponentially to a cap, with full jitter from zero up to the ceiling', () => {
  const policy = { baseMs: 500, capMs: 30_000 };
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, () => 1)),
    [500, 1000, 2000, 4000],
  );
  assert.equal(
    backoffDelayMs(20, policy, () => 1),
    30_000,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0),
    0,
  );
  assert.equal(
    backoffDelayMs(3, policy, () => 0.5),
    1000,
  );
});

test('an attempt below one counts as the first, and a huge attempt count stays at the cap', () => {
  const policy = { baseMs: 500, capMs: 30_000 };
  assert.equal(
    backoffDelayMs(0, policy, () => 0.5),
    250,
  );
  assert.equal(
    backoffDelayMs(5000, policy, () => 0.5),
    15_000,
  );
});
