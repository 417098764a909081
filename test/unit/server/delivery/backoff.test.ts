/** Retry timing of the PagerDuty outbox: full-jitter exponential backoff and Retry-After. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from '../../../../shared/backoff.ts';
import { retryDelayMs } from '../../../../server/delivery/backoff.ts';
import { parseRetryAfter, MAX_RETRY_AFTER_MS } from '../../../../server/integrations/retry-after.ts';

const policy = { baseMs: 1000, capMs: 60_000 };

test('full jitter draws from [0, min(cap, base·2^(n-1))]', () => {
  assert.equal(
    backoffDelayMs(1, policy, () => 0),
    0,
  );
  assert.equal(
    backoffDelayMs(1, policy, () => 0.999_999),
    999,
  );
  assert.equal(
    backoffDelayMs(2, policy, () => 0.5),
    1000,
  );
  assert.equal(
    backoffDelayMs(4, policy, () => 0.5),
    4000,
  );
  // the cap holds however many attempts there were
  assert.equal(
    backoffDelayMs(7, policy, () => 0.999_999),
    59_999,
  );
  assert.equal(
    backoffDelayMs(500, policy, () => 0.5),
    30_000,
  );
  // attempt numbers below 1 behave like the first
  assert.equal(
    backoffDelayMs(0, policy, () => 0.5),
    500,
  );
});

test('jittered delays spread out instead of colliding', () => {
  const draws = Array.from({ length: 200 }, () => backoffDelayMs(6, policy));
  assert.ok(draws.every((d) => d >= 0 && d < 32_000));
  assert.ok(new Set(draws).size > 150, 'delays should rarely coincide');
});

test('Retry-After wins when it is longer than the backoff, and is clamped', () => {
  assert.equal(
    retryDelayMs(1, 30_000, policy, () => 0.5),
    30_000,
  );
  assert.equal(
    retryDelayMs(7, 1000, policy, () => 0.5),
    30_000,
  );
  assert.equal(
    retryDelayMs(1, null, policy, () => 0.5),
    500,
  );
  assert.equal(
    retryDelayMs(1, 10 * MAX_RETRY_AFTER_MS, policy, () => 0),
    MAX_RETRY_AFTER_MS,
  );
});

test('Retry-After parses delta-seconds and HTTP-dates', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('5', now), 5000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter('', now), null);
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter('99999999', now), MAX_RETRY_AFTER_MS);
});
