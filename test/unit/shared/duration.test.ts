/** Durations as operators type them: units alone and together, refusals, and the way back to text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from '../../../shared/duration.ts';

describe('durations', () => {
  it('reads each unit and Prometheus-style combinations', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('15m'), 900_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration(' 2H '), 7_200_000);
    assert.equal(parseDuration('0m'), 0);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', '2', 'h', '2 h', '-2h', '2.5h', '2y', 'h2', '1234567s', '2h!']) {
      assert.equal(parseDuration(text), null, text);
    }
  });

  it('writes the shortest form, which reads back to the same length', () => {
    assert.equal(formatDuration(7_200_000), '2h');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(0), '0s');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        assert.equal(parseDuration(formatDuration(seconds * 1_000)), seconds * 1_000);
      }),
    );
  });

  it('takes linear time on long hostile input', () => {
    const started = performance.now();
    assert.equal(parseDuration('1h'.repeat(20_000) + '!'), null);
    assert.ok(performance.now() - started < 1_000);
  });
});
