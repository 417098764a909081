import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  COMMAND_CATALOG,
  COMMAND_WORDS,
  closestMatches,
  editDistance,
  findCommandSpec,
  formatHelp,
  parseCommand,
} from '../../../../shared/commands/index.ts';
import { MAINT_HELP } from '../../../../shared/commands/catalog.ts';
import { parseMaintCommand } from '../../../../shared/maintenance-command.ts';

describe('command catalog', () => {
  it('has exactly one entry per command word, in order', () => {
    assert.deepEqual(
      COMMAND_CATALOG.map((spec) => spec.name),
      [...COMMAND_WORDS],
    );
  });
  it('every example parses as a command', () => {
    for (const spec of COMMAND_CATALOG) {
      assert.ok(spec.examples.length > 0, spec.name);
      for (const example of spec.examples) {
        const result = parseCommand(example);
        assert.ok(result.ok && result.kind === 'command', `${example}: ${JSON.stringify(result)}`);
      }
    }
  });
  it('every syntax line starts with the command word or an alias', () => {
    for (const spec of COMMAND_CATALOG) {
      for (const line of spec.syntax) assert.ok(line.startsWith(`.${spec.name} `) || line === `.${spec.name}`, line);
    }
  });
  it('docs/COMMANDS.md shows every catalog example and syntax form', () => {
    const docs = readFileSync(new URL('../../../../docs/COMMANDS.md', import.meta.url), 'utf8');
    for (const spec of COMMAND_CATALOG) {
      for (const example of spec.examples) assert.ok(docs.includes(example), `docs lack example ${example}`);
      assert.ok(docs.includes(`.${spec.name}`), `docs lack .${spec.name}`);
      for (const alias of spec.aliases) assert.ok(docs.includes(`.${alias}`), `docs lack alias .${alias}`);
    }
  });
  it('finds specs by word, alias, dot and case', () => {
    assert.equal(findCommandSpec('ACK')?.name, 'ack');
    assert.equal(findCommandSpec('.oncall!')?.name, 'urgent');
    assert.equal(findCommandSpec('nope'), undefined);
  });
  it('help lists every command, and a topic shows syntax and examples', () => {
    const all = formatHelp(null);
    for (const word of COMMAND_WORDS) assert.match(all, new RegExp(`\\.${word}\\b`));
    const urgent = formatHelp('urgent');
    assert.match(urgent, /^\.urgent \[<target>\] <message>/);
    assert.match(urgent, /\.oncall!/);
    assert.match(urgent, /Examples:/);
  });
  it('help lists .maint, and .help maint shows its grammar, whose examples parse and are in the docs', () => {
    assert.match(formatHelp(null), /^ {2}\.maint +Make, list, extend or end maintenance windows\.$/m);
    for (const line of ['.help maint', '.help .maint', '.help MAINT']) {
      const parsed = parseCommand(line);
      assert.ok(parsed.ok && parsed.kind === 'command', `${line}: ${JSON.stringify(parsed)}`);
      assert.deepEqual(parsed.command, { name: 'help', topic: 'maint' });
    }
    const maint = formatHelp('maint');
    assert.match(maint, /^\.maint <scope> <duration> \[at <time>\] \[ticket=<ref>\] <reason>$/m);
    assert.match(maint, /^\.maint extend <id> <duration>$/m);
    const docs = readFileSync(new URL('../../../../docs/COMMANDS.md', import.meta.url), 'utf8');
    for (const example of MAINT_HELP.examples) {
      assert.ok(maint.includes(`  ${example}`), example);
      assert.ok(docs.includes(example), `docs lack example ${example}`);
      assert.ok(parseMaintCommand(example, 'UTC', new Date('2026-12-07T12:00:00Z')).ok, example);
    }
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one', () => {
    assert.equal(editDistance('ack', 'ack'), 0);
    assert.equal(editDistance('ak', 'ack'), 1);
    assert.equal(editDistance('acks', 'ack'), 1);
    assert.equal(editDistance('ark', 'ack'), 1);
    assert.equal(editDistance('cak', 'ack'), 1);
    assert.equal(editDistance('', 'who'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
  it('suggests prefixes and near words, best first, nothing for far ones', () => {
    const words = [...COMMAND_WORDS];
    assert.deepEqual(closestMatches('res', words), ['resolve']);
    assert.deepEqual(closestMatches('nte', words), ['note']);
    assert.deepEqual(closestMatches('qqqqq', words), []);
    assert.deepEqual(closestMatches('', words), []);
  });
});
