import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CommandSchema, formatChat, formatCommand, parseCommand } from '../../../../shared/commands/index.ts';
import { commandArb, lineArb } from '../../commands/arbitraries.ts';

describe('round trip: formatCommand → parseCommand', () => {
  it('the generated commands are all valid by CommandSchema (guards the generator itself)', () => {
    fc.assert(fc.property(commandArb, (command) => CommandSchema.safeParse(command).success));
  });

  it('parses every formatted command back to an equal command', () => {
    fc.assert(
      fc.property(commandArb, (command) => {
        assert.deepEqual(parseCommand(formatCommand(command)), { ok: true, kind: 'command', command });
      }),
      { numRuns: 2000 },
    );
  });

  it('formatChat text always parses back to chat with the same text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `.${s}`),
          fc.string().map((s) => `..${s}`),
        ),
        (text) => {
          assert.deepEqual(parseCommand(formatChat(text)), { ok: true, kind: 'chat', text });
        },
      ),
    );
  });

  it('renders the seed line canonically as itself', () => {
    const seed =
      '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...';
    const result = parseCommand(seed);
    assert.ok(result.ok && result.kind === 'command');
    assert.equal(formatCommand(result.command), seed);
  });

  it('canonicalises aliases, case, "#" and spacing', () => {
    const canonical = (line: string): string => {
      const result = parseCommand(line);
      assert.ok(result.ok && result.kind === 'command', line);
      return formatCommand(result.command);
    };
    assert.equal(canonical('.oncall! [a/b,#7]   go  '), '.urgent [a/b, 7] go');
    assert.equal(canonical('.ESCALATE  #0032962  03'), '.escalate 32962 3');
    assert.equal(canonical('.help .Oncall!'), '.help urgent');
    assert.equal(canonical('.ack COSS_102-5'), '.ack coss_102-5');
  });
});

describe('parseCommand on arbitrary lines', () => {
  it('never throws; commands it returns are schema-valid and format to a fixpoint; columns stay on the line', () => {
    fc.assert(
      fc.property(fc.oneof(lineArb, fc.string(), fc.string({ unit: 'binary' })), (line) => {
        const result = parseCommand(line);
        if (result.ok && result.kind === 'command') {
          assert.ok(CommandSchema.safeParse(result.command).success, JSON.stringify(result.command));
          assert.deepEqual(parseCommand(formatCommand(result.command)), result);
        } else if (!result.ok) {
          assert.ok(result.error.message.length > 0);
          if (result.error.column !== undefined) {
            assert.ok(
              result.error.column >= 1 && result.error.column <= line.length + 1,
              `column ${result.error.column} of ${JSON.stringify(line)}`,
            );
          }
        } else {
          assert.ok(!line.startsWith('.') || line.startsWith('..'));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('CommandSchema on data from the wire', () => {
  it('rejects what the parser could never produce', () => {
    const E = { number: 1, customerNumber: null };
    const bad: unknown[] = [
      { name: 'page', priority: 'normal', target: 'a', event: null, message: null },
      { name: 'page', priority: 'high', target: 'a', event: E, message: null },
      { name: 'page', priority: 'normal', target: 'A/b', event: E, message: null },
      { name: 'page', priority: 'normal', target: 'a', event: E, message: ' padded ' },
      { name: 'ack', event: { number: 0, customerNumber: null } },
      { name: 'ack', event: { number: 1.5, customerNumber: null } },
      { name: 'ack', event: { number: 1 } },
      { name: 'ack', event: E, extra: true },
      { name: 'escalate', event: E, level: 11 },
      { name: 'note', event: E, text: '' },
      { name: 'who', target: 'a/b/c/d/e/f/g' },
      { name: 'help', topic: 'oncall!' },
      { name: 'chat', text: 'hi' },
    ];
    for (const value of bad) assert.equal(CommandSchema.safeParse(value).success, false, JSON.stringify(value));
  });
  it('accepts a page as data', () => {
    const page = {
      name: 'page',
      priority: 'emergency',
      target: 'acme/oncall',
      event: { number: 32962, customerNumber: 102 },
      message: null,
    };
    assert.deepEqual(CommandSchema.parse(page), page);
  });
});
