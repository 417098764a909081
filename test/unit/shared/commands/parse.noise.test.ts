/** `.noise [period]` and `.triage start [period] | status | end`: what they parse to, and how they are refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCommand, parseCommand } from '../../../../shared/commands/index.ts';

function parsed(line: string) {
  const result = parseCommand(line);
  assert.ok(result.ok && result.kind === 'command', `${line}: ${JSON.stringify(result)}`);
  return result.command;
}

function refused(line: string) {
  const result = parseCommand(line);
  assert.ok(!result.ok, `${line} parsed: ${JSON.stringify(result)}`);
  return result.error;
}

describe('.noise and .triage', () => {
  it('parse with and without a period, and format back', () => {
    assert.deepEqual(parsed('.noise'), { name: 'noise', since: null });
    assert.deepEqual(parsed('.noise 30D'), { name: 'noise', since: '30d' });
    assert.deepEqual(parsed('.triage start'), { name: 'triage', action: 'start', since: null });
    assert.deepEqual(parsed('.triage Start 36h'), { name: 'triage', action: 'start', since: '36h' });
    assert.deepEqual(parsed('.triage status'), { name: 'triage', action: 'status', since: null });
    assert.deepEqual(parsed('.triage end'), { name: 'triage', action: 'end', since: null });
    assert.equal(formatCommand(parsed('.triage start 2w')), '.triage start 2w');
    assert.equal(formatCommand(parsed('.noise')), '.noise');
  });

  it('refuse a period that is no duration, is zero or is past 90 days, naming where', () => {
    const soon = refused('.noise soon');
    assert.equal(soon.code, 'bad_period');
    assert.equal(soon.column, 8);
    assert.match(soon.message, /"soon" is not a duration/);
    assert.equal(refused('.noise 0d').code, 'bad_period');
    assert.match(refused('.triage start 91d').message, /longer than the 90 days/);
    assert.equal(refused('.noise 7d 30d').code, 'unexpected_argument');
  });

  it('refuse .triage without start, status or end, and arguments the action does not take', () => {
    assert.equal(refused('.triage').code, 'missing_action');
    const later = refused('.triage later');
    assert.equal(later.code, 'missing_action');
    assert.equal(later.message, '"later" is not start, status or end.');
    assert.equal(refused('.triage status 7d').code, 'unexpected_argument');
    assert.equal(refused('.triage start 7d now').code, 'unexpected_argument');
  });
});
