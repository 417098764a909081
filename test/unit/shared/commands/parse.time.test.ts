import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandSchema, formatCommand, parseCommand } from '../../../../shared/commands/index.ts';
import { parseLoggedDuration } from '../../../../shared/commands/time-duration.ts';

const parsed = (line: string) => {
  const result = parseCommand(line);
  assert.ok(result.ok && result.kind === 'command', `${line}: ${JSON.stringify(result)}`);
  return result.command;
};
const error = (line: string) => {
  const result = parseCommand(line);
  assert.ok(!result.ok, `${line} parsed`);
  return result.error;
};

describe('.time grammar', () => {
  it('reads start, stop and log with duration, event and notes, and formats back canonically', () => {
    assert.deepEqual(parsed('.time start 32962'), {
      name: 'time',
      action: 'start',
      event: { number: 32962, customerNumber: null },
      duration: null,
      notes: null,
    });
    assert.deepEqual(parsed('.TIME Stop coss_102-32962'), {
      name: 'time',
      action: 'stop',
      event: { number: 32962, customerNumber: 102 },
      duration: null,
      notes: null,
    });
    assert.deepEqual(parsed('.time log 1H30m 32962 DNS failover with Fred'), {
      name: 'time',
      action: 'log',
      event: { number: 32962, customerNumber: null },
      duration: '1h30m',
      notes: 'DNS failover with Fred',
    });
    assert.equal(parsed('.time log 45m #7').name, 'time');
    assert.equal(formatCommand(parsed('.time  log  45m  #7  called   Fred ')), '.time log 45m 7 called   Fred');
    assert.equal(formatCommand(parsed('.time stop coss_102-7')), '.time stop coss_102-7');
    for (const line of ['.time start 1', '.time log 2h coss_102-9 notes here', '.time log 1m 3']) {
      assert.equal(formatCommand(parsed(line)), line);
      assert.ok(CommandSchema.safeParse(parsed(line)).success, line);
    }
  });

  it('refuses a missing or unknown action, a missing or bad event, and extra words after start/stop', () => {
    assert.equal(error('.time').code, 'missing_action');
    assert.equal(error('.time go 32962').code, 'missing_action');
    assert.equal(error('.time start').code, 'missing_event');
    assert.equal(error('.time stop abc').code, 'bad_event');
    assert.equal(error('.time start 32962 now').code, 'unexpected_argument');
    assert.equal(error('.time log 1h').code, 'missing_event');
  });

  it('takes durations of a minute to a day, and names what is wrong otherwise', () => {
    assert.equal(error('.time log').code, 'bad_duration');
    const words = error('.time log soon 32962');
    assert.equal(words.code, 'bad_duration');
    assert.match(words.message, /"soon" is not a duration/);
    assert.equal(words.column, 11);
    assert.match(error('.time log 30s 32962').message, /less than a minute/);
    assert.match(error('.time log 25h 32962').message, /more than a day/);
    assert.deepEqual(parseLoggedDuration('1h30m'), { ok: true, ms: 90 * 60_000 });
    assert.deepEqual(parseLoggedDuration('24h'), { ok: true, ms: 24 * 3_600_000 });
    assert.equal(parseLoggedDuration('1d1m').ok, false);
  });

  it('as data: log needs a duration and only log takes one or notes', () => {
    const base = { name: 'time', event: { number: 1, customerNumber: null } };
    assert.ok(CommandSchema.safeParse({ ...base, action: 'log', duration: '15m', notes: null }).success);
    assert.ok(!CommandSchema.safeParse({ ...base, action: 'log', duration: null, notes: null }).success);
    assert.ok(!CommandSchema.safeParse({ ...base, action: 'start', duration: '15m', notes: null }).success);
    assert.ok(!CommandSchema.safeParse({ ...base, action: 'stop', duration: null, notes: 'x' }).success);
    assert.ok(!CommandSchema.safeParse({ ...base, action: 'log', duration: '1H', notes: null }).success);
    assert.ok(!CommandSchema.safeParse({ ...base, action: 'log', duration: '10s', notes: null }).success);
  });
});
