import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand, type Command, type ParseResult } from '../../../../shared/commands/index.ts';

const SEED =
  '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...';

/** The command a line parses to; fails the test with the error when it does not parse. */
function commandOf(line: string): Command {
  const result = parseCommand(line);
  if (!(result.ok && result.kind === 'command'))
    assert.fail(`expected a command from ${JSON.stringify(line)}, got ${JSON.stringify(result)}`);
  return result.command;
}

function expectCommand(line: string, expected: Command): void {
  assert.deepEqual(parseCommand(line), { ok: true, kind: 'command', command: expected } satisfies ParseResult);
}

describe('parseCommand: the seed line from production history', () => {
  it('parses target, event, priority and the exact message text', () => {
    expectCommand(SEED, {
      name: 'page',
      priority: 'normal',
      target: 'casc/int/systems',
      event: { number: 32962, customerNumber: null },
      message: 'Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...',
    });
  });
});

describe('parseCommand: chat lines', () => {
  it('treats lines not starting with "." as chat, unchanged', () => {
    for (const line of ['hello', '', '  .ack 32962', 'see .ack 1', '。ack 1']) {
      assert.deepEqual(parseCommand(line), { ok: true, kind: 'chat', text: line });
    }
  });
  it('unescapes ".." to one literal leading dot', () => {
    assert.deepEqual(parseCommand('..text'), { ok: true, kind: 'chat', text: '.text' });
    assert.deepEqual(parseCommand('..ack 32962'), { ok: true, kind: 'chat', text: '.ack 32962' });
    assert.deepEqual(parseCommand('...'), { ok: true, kind: 'chat', text: '..' });
    assert.deepEqual(parseCommand('..'), { ok: true, kind: 'chat', text: '.' });
  });
});

describe('parseCommand: pages', () => {
  it('.oncall [target] message pages without an event', () => {
    expectCommand('.oncall [acme/oncall] VPN down for remote staff', {
      name: 'page',
      priority: 'normal',
      target: 'acme/oncall',
      event: null,
      message: 'VPN down for remote staff',
    });
  });
  it('.oncall [target, event#] needs no message', () => {
    expectCommand('.oncall [casc/romel, 32962]', {
      name: 'page',
      priority: 'normal',
      target: 'casc/romel',
      event: { number: 32962, customerNumber: null },
      message: null,
    });
  });
  it('accepts the dedup key form and returns both parts', () => {
    const command = commandOf('.oncall [casc/romel, coss_102-32962] see ticket');
    assert.equal(command.name, 'page');
    assert.deepEqual(command.name === 'page' ? command.event : null, { number: 32962, customerNumber: 102 });
  });
  it('maps .urgent, .oncall! and .emergency to their priorities', () => {
    const priority = (line: string): string | null => {
      const command = commandOf(line);
      return command.name === 'page' ? command.priority : null;
    };
    assert.equal(priority('.urgent [a/b, 1] x'), 'urgent');
    assert.equal(priority('.oncall! [a/b, 1] x'), 'urgent');
    assert.equal(priority('.emergency [a/b, 1] x'), 'emergency');
    assert.equal(priority('.oncall [a/b, 1] x'), 'normal');
  });
  it('is lenient about spacing: inside brackets, none before "[", none after "]"', () => {
    const expected: Command = {
      name: 'page',
      priority: 'normal',
      target: 'a/b',
      event: { number: 7, customerNumber: null },
      message: 'go',
    };
    expectCommand('.oncall[a/b,7]go', expected);
    expectCommand('.oncall   [  a/b ,   7  ]    go   ', expected);
    expectCommand('.oncall\t[a/b,\t7]\tgo', expected);
  });
  it('keeps inner whitespace and brackets of the message, trimming only its ends', () => {
    const command = commandOf('.oncall [a, 1]   two  spaces ] and [brackets]  ');
    assert.equal(command.name === 'page' ? command.message : null, 'two  spaces ] and [brackets]');
  });
  it('accepts a "#" before the event number and command words in any case', () => {
    expectCommand('.ONCALL [a, #32962]', {
      name: 'page',
      priority: 'normal',
      target: 'a',
      event: { number: 32962, customerNumber: null },
      message: null,
    });
    expectCommand('.Ack 5', { name: 'ack', event: { number: 5, customerNumber: null } });
  });
  it('accepts 1 to 6 target segments with a-z, 0-9, _ and -', () => {
    assert.equal(commandOf('.oncall [a_1-b/c/d/e/f/g9] x').name, 'page');
  });
});

describe('parseCommand: alert commands', () => {
  const E = { number: 32962, customerNumber: null };
  it('.ack, .resolve and .reopen take one event', () => {
    expectCommand('.ack 32962', { name: 'ack', event: E });
    expectCommand('.resolve 32962', { name: 'resolve', event: E });
    expectCommand('.ack coss_102-32962', { name: 'ack', event: { number: 32962, customerNumber: 102 } });
    expectCommand('.resolve  32962  ', { name: 'resolve', event: E });
    expectCommand('.reopen 32962', { name: 'reopen', event: E });
  });
  it('.escalate with and without a level', () => {
    expectCommand('.escalate 32962', { name: 'escalate', event: E, level: null });
    expectCommand('.escalate 32962 1', { name: 'escalate', event: E, level: 1 });
    expectCommand('.escalate 32962 10', { name: 'escalate', event: E, level: 10 });
    expectCommand('.escalate 32962 03', { name: 'escalate', event: E, level: 3 });
  });
  it('.reassign event target', () => {
    expectCommand('.reassign 32962 casc/romel', { name: 'reassign', event: E, target: 'casc/romel' });
  });
  it('.note keeps all text after the event number', () => {
    expectCommand('.note 32962 Restarted httpd,  watching [15 min]', {
      name: 'note',
      event: E,
      text: 'Restarted httpd,  watching [15 min]',
    });
  });
  it('.who target', () => {
    expectCommand('.who casc/int/systems', { name: 'who', target: 'casc/int/systems' });
  });
  it('.help with no topic, a topic, a dotted topic and an alias', () => {
    expectCommand('.help', { name: 'help', topic: null });
    expectCommand('.help escalate', { name: 'help', topic: 'escalate' });
    expectCommand('.help .ACK', { name: 'help', topic: 'ack' });
    expectCommand('.help oncall!', { name: 'help', topic: 'urgent' });
  });
});
