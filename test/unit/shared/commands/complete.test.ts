import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyCompletion,
  completeCommand,
  parseCommand,
  type CompletionContext,
  type CompletionResult,
} from '../../../../shared/commands/index.ts';

const CONTEXT: CompletionContext = {
  targets: ['casc/int/systems', 'casc/romel', 'acme/oncall', 'acme/systems', 'casc/romel'],
  eventNumbers: [32962, 32970, 4101, 32962],
};

/** Completes with the cursor where `|` is in the template (and at the end when there is none). */
function complete(template: string, context: CompletionContext = CONTEXT): CompletionResult & { line: string } {
  const cursor = template.includes('|') ? template.indexOf('|') : template.length;
  const line = template.replace('|', '');
  return { ...completeCommand(line, cursor, context), line };
}

const values = (result: CompletionResult): string[] => result.candidates.map((c) => c.value);

describe('completeCommand: command word', () => {
  it('a lone dot offers every command and alias, catalog order, with summaries', () => {
    const result = complete('.');
    assert.equal(result.kind, 'command');
    assert.deepEqual(values(result), [
      '.oncall',
      '.urgent',
      '.oncall!',
      '.emergency',
      '.ack',
      '.resolve',
      '.reopen',
      '.escalate',
      '.reassign',
      '.note',
      '.who',
      '.ticket',
      '.time',
      '.both',
      '.noise',
      '.triage',
      '.help',
    ]);
    assert.ok(result.candidates.every((c) => (c.detail ?? '').length > 0));
  });
  it('filters by prefix, case-insensitively, and replaces the whole word', () => {
    assert.deepEqual(values(complete('.ac')), ['.ack']);
    assert.deepEqual(values(complete('.E')), ['.emergency', '.escalate']);
    assert.deepEqual(values(complete('.re')), ['.resolve', '.reopen', '.reassign']);
    const mid = complete('.a|ck 32962');
    assert.deepEqual([mid.kind, mid.from, mid.to, values(mid)], ['command', 0, 4, ['.ack']]);
  });
  it('falls back to typo matches when no prefix matches', () => {
    assert.deepEqual(values(complete('.akc')), ['.ack']);
    assert.deepEqual(values(complete('.zzzz')), []);
  });
  it('applying a candidate gives a line the parser accepts', () => {
    const result = complete('.ac| 32962');
    const candidate = result.candidates[0];
    assert.ok(candidate);
    const applied = applyCompletion(result.line, result, candidate);
    assert.deepEqual(applied, { line: '.ack 32962', cursor: 4 });
    assert.equal(parseCommand(applied.line).ok, true);
  });
});

describe('completeCommand: page brackets', () => {
  it('offers all targets right after "[" (deduplicated)', () => {
    const result = complete('.oncall [');
    assert.deepEqual([result.kind, result.from, result.to], ['target', 9, 9]);
    assert.deepEqual(values(result), ['casc/int/systems', 'casc/romel', 'acme/oncall', 'acme/systems']);
  });
  it('matches path prefixes first, then any segment prefix', () => {
    assert.deepEqual(values(complete('.urgent [casc/')), ['casc/int/systems', 'casc/romel']);
    assert.deepEqual(values(complete('.oncall [sys')), ['casc/int/systems', 'acme/systems']);
    assert.deepEqual(values(complete('.oncall [a')), ['acme/oncall', 'acme/systems']);
  });
  it('replaces the whole target item, not the event or message', () => {
    const result = complete('.oncall [ca|sc/ro, 32962] hello');
    assert.deepEqual([result.kind, result.from, result.to], ['target', 9, 16]);
    const candidate = result.candidates.find((c) => c.value === 'casc/romel');
    assert.ok(candidate);
    assert.equal(applyCompletion(result.line, result, candidate).line, '.oncall [casc/romel, 32962] hello');
  });
  it('completes the event number after the comma', () => {
    const result = complete('.oncall [casc/int/systems, 329');
    assert.equal(result.kind, 'event');
    assert.deepEqual([result.from, result.to], [27, 30]);
    assert.deepEqual(values(result), ['32962', '32970']);
    const empty = complete('.emergency [acme/oncall, |]');
    assert.deepEqual(values(empty), ['32962', '32970', '4101']);
  });
  it('offers nothing in the message, past a third item or before "["', () => {
    assert.equal(complete('.oncall [casc/romel, 32962] chec').kind, 'none');
    assert.equal(complete('.oncall [a, 1, ').kind, 'none');
    assert.equal(complete('.oncall |[casc').kind, 'none');
    assert.equal(complete('.oncall casc').kind, 'none');
  });
});

describe('completeCommand: arguments', () => {
  it('event numbers for .ack, .resolve, .escalate, .note and .reassign', () => {
    for (const word of ['ack', 'resolve', 'escalate', 'note', 'reassign']) {
      const result = complete(`.${word} 41`);
      assert.deepEqual([result.kind, values(result)], ['event', ['4101']], word);
    }
    const fresh = complete('.ack ');
    assert.deepEqual([fresh.kind, fresh.from, fresh.to, values(fresh)], ['event', 5, 5, ['32962', '32970', '4101']]);
  });
  it('keeps a typed "#" or dedup prefix', () => {
    assert.deepEqual(values(complete('.ack #3297')), ['#32970']);
    assert.deepEqual(values(complete('.ack coss_102-41')), ['coss_102-4101']);
    assert.deepEqual(values(complete('.ack abc')), []);
  });
  it('targets for .reassign (second argument) and .who', () => {
    const reassign = complete('.reassign 32962 casc/r');
    assert.deepEqual([reassign.kind, reassign.from, reassign.to, values(reassign)], ['target', 16, 22, ['casc/romel']]);
    assert.deepEqual(values(complete('.who acme')), ['acme/oncall', 'acme/systems']);
  });
  it('command topics for .help', () => {
    const help = complete('.help es');
    assert.deepEqual([help.kind, values(help)], ['topic', ['escalate']]);
    assert.deepEqual(values(complete('.help .o')), ['oncall']);
  });
  it('offers nothing for free text, extra arguments, chat or unknown commands', () => {
    assert.equal(complete('.note 32962 restarted').kind, 'none');
    assert.equal(complete('.ack 32962 ').kind, 'none');
    assert.equal(complete('.escalate 32962 ').kind, 'none');
    assert.equal(complete('hello').kind, 'none');
    assert.equal(complete('..ack').kind, 'none');
    assert.equal(complete('.frob 1').kind, 'none');
    assert.equal(complete('').kind, 'none');
  });
  it('clamps an out-of-range cursor', () => {
    assert.deepEqual(values(completeCommand('.ac', 99, CONTEXT)), ['.ack']);
    assert.equal(completeCommand('.ac', -5, CONTEXT).kind, 'none');
  });
});
