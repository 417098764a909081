import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand, type ParseError, type ParseErrorCode } from '../../../../shared/commands/index.ts';

/** The error a line produces; fails the test when it parses. */
function errorOf(line: string): ParseError {
  const result = parseCommand(line);
  if (result.ok) assert.fail(`expected an error from ${JSON.stringify(line)}, got ${JSON.stringify(result)}`);
  return result.error;
}

function expectError(
  line: string,
  code: ParseErrorCode,
  column: number | undefined,
  hintIncludes?: string,
): ParseError {
  const error = errorOf(line);
  assert.equal(error.code, code, `${line}: ${JSON.stringify(error)}`);
  assert.equal(error.column, column, `${line}: column`);
  if (hintIncludes !== undefined)
    assert.ok(
      error.hint?.includes(hintIncludes),
      `${line}: hint ${JSON.stringify(error.hint)} lacks ${JSON.stringify(hintIncludes)}`,
    );
  assert.ok(error.message.length > 0);
  return error;
}

describe('parseCommand errors: command word', () => {
  it('a lone dot or a dot then space is an empty command, with the escape hint', () => {
    expectError('.', 'empty_command', 2, '".."');
    expectError('. ack 1', 'empty_command', 2, '".."');
    expectError('.[a] x', 'empty_command', 2);
  });
  it('suggests the nearest command by edit distance', () => {
    expectError('.ak 32962', 'unknown_command', 2, 'Did you mean .ack?');
    expectError('.cak 32962', 'unknown_command', 2, 'Did you mean .ack?');
    expectError('.resolv 1', 'unknown_command', 2, 'Did you mean .resolve?');
    expectError('.escalte 1', 'unknown_command', 2, 'Did you mean .escalate?');
    expectError('.oncal [a] x', 'unknown_command', 2, 'Did you mean .oncall?');
    expectError('.esc 1', 'unknown_command', 2, 'Did you mean .escalate?');
  });
  it('names what was seen and offers help when nothing is close', () => {
    const error = expectError('.xyzzy', 'unknown_command', 2, '.help');
    assert.match(error.message, /\.xyzzy/);
    assert.doesNotMatch(error.hint ?? '', /Did you mean/);
  });
  it('spots a command glued to its argument', () => {
    expectError('.ack32962', 'unknown_command', 2, 'Did you mean .ack 32962?');
  });
  it('does not accept "!" on other words', () => {
    expectError('.ack! 1', 'unknown_command', 2, 'Did you mean .ack?');
    expectError('.urgent! [a] x', 'unknown_command', 2);
  });
});

describe('parseCommand errors: pages', () => {
  it('missing target altogether', () => {
    expectError('.oncall', 'missing_target', 8);
    expectError('.urgent   ', 'missing_target', 11);
  });
  it('missing "[" and shows the bracketed line when the target was typed bare', () => {
    expectError('.oncall casc/romel disk full', 'missing_open_bracket', 9, '.oncall [casc/romel] disk full');
    expectError('.oncall Pls check', 'missing_open_bracket', 9, '.oncall [casc/int/systems, 32962] message');
  });
  it('missing "]" points at the end of the line', () => {
    const line = '.oncall [casc/int/systems, 32962 Pls check';
    expectError(line, 'missing_close_bracket', line.length + 1, ']');
  });
  it('empty brackets or no target before the comma', () => {
    expectError('.oncall [] x', 'missing_target', 10);
    expectError('.oncall [ , 32962] x', 'missing_target', 10);
  });
  it('bad targets say what is wrong', () => {
    assert.match(expectError('.oncall [Casc/Romel] x', 'bad_target', 10, 'casc/romel').message, /lowercase/);
    assert.match(expectError('.oncall [casc//romel] x', 'bad_target', 10).message, /empty segment/);
    assert.match(expectError('.oncall [/casc] x', 'bad_target', 10).message, /empty segment/);
    assert.match(expectError('.oncall [casc.romel] x', 'bad_target', 10).message, /"\."/);
    assert.match(expectError('.oncall [a/b/c/d/e/f/g] x', 'bad_target', 10).message, /7 segments/);
  });
  it('a missing comma between target and event gets a comma hint', () => {
    expectError('.oncall [casc/romel 32962] x', 'bad_target', 10, '.oncall [casc/romel, 32962]');
  });
  it('swapped target and event gets a hint with the right order', () => {
    expectError('.oncall [32962, casc/romel] x', 'bad_event', 17, '.oncall [casc/romel, 32962]');
  });
  it('bad event numbers name what was seen', () => {
    const error = expectError('.oncall [casc/romel, 32962x] x', 'bad_event', 22, 'coss_102-32962');
    assert.match(error.message, /"32962x"/);
    expectError('.oncall [a, 0] x', 'bad_event', 13);
    expectError('.oncall [a, coss_102] x', 'bad_event', 13, 'coss_<customer#>-<event#>');
    expectError('.oncall [a, ] x', 'missing_event', 13, '.oncall [a] message');
  });
  it('too many items in brackets', () => {
    expectError('.oncall [a, 1, 2] x', 'unexpected_argument', 16, '[target, event#]');
  });
  it('a page with no event needs a message', () => {
    expectError('.oncall [casc/romel]', 'missing_message', 21, '.oncall [casc/romel, 32962]');
    expectError('.emergency [casc/romel]    ', 'missing_message', 24);
  });
});

describe('parseCommand errors: alert commands', () => {
  it('missing event numbers point past the end of the line', () => {
    expectError('.ack', 'missing_event', 5, '.ack 32962');
    expectError('.resolve ', 'missing_event', 10);
    expectError('.escalate', 'missing_event', 10);
    expectError('.reassign', 'missing_event', 10);
    expectError('.note', 'missing_event', 6);
  });
  it('bad event numbers name what was seen', () => {
    assert.match(expectError('.ack abc', 'bad_event', 6).message, /"abc"/);
    assert.match(expectError('.ack 32,962', 'bad_event', 6).message, /"32,962"/);
    assert.match(expectError('.ack -5', 'bad_event', 6).message, /"-5"/);
    assert.match(expectError('.ack 99999999999999999', 'bad_event', 6).message, /out of range/);
    assert.match(expectError('.ack coss_0-5', 'bad_event', 6).message, /out of range/);
  });
  it('.ack takes nothing after the event and points at .note', () => {
    expectError('.ack 32962 on it', 'unexpected_argument', 12, '.note 32962');
    expectError('.resolve 1 2', 'unexpected_argument', 12);
  });
  it('escalation levels: range, integers, no brackets, no extras', () => {
    assert.match(expectError('.escalate 32962 0', 'level_out_of_range', 17).message, /\b0\b.*1-10/);
    assert.match(expectError('.escalate 32962 11', 'level_out_of_range', 17).message, /11/);
    assert.match(expectError('.escalate 32962 2.5', 'bad_level', 17).message, /"2\.5"/);
    expectError('.escalate 32962 high', 'bad_level', 17);
    expectError('.escalate 32962 -1', 'bad_level', 17);
    expectError('.escalate 32962 [2]', 'bad_level', 17, '.escalate 32962 2');
    expectError('.escalate 32962 2 now', 'unexpected_argument', 19);
  });
  it('.reassign needs a valid target after the event', () => {
    expectError('.reassign 32962', 'missing_target', 16, '.reassign 32962 casc/romel');
    expectError('.reassign 32962 Casc', 'bad_target', 17, 'casc');
    expectError('.reassign 32962 [casc/romel]', 'bad_target', 17, 'without brackets');
    expectError('.reassign casc/romel 32962', 'bad_event', 11, '.reassign 32962 casc/romel');
    expectError('.reassign 1 a b', 'unexpected_argument', 15);
  });
  it('.note needs text', () => {
    expectError('.note 32962', 'missing_text', 12);
    expectError('.note 32962    ', 'missing_text', 16);
  });
  it('.who needs exactly one valid target', () => {
    expectError('.who', 'missing_target', 5);
    expectError('.who [casc/romel]', 'bad_target', 6, 'casc/romel');
    expectError('.who a b', 'unexpected_argument', 8);
  });
  it('.help with an unknown topic suggests one', () => {
    expectError('.help ak', 'unknown_help_topic', 7, '.help ack');
    expectError('.help zzzzzz', 'unknown_help_topic', 7, '.help for the list');
    expectError('.help ack note', 'unexpected_argument', 11);
  });
});
