/**
 * Alertmanager-style label selectors, `{job="node", instance=~"db.*", env!="dev", x!~"a|b"}`, parsed into matchers
 * and run against an alert's labels. The braces are optional and a trailing comma is allowed, as amtool allows them;
 * a missing label is the empty string, as in Prometheus. Regexes run in linear time (shared/linear-regex.ts). Errors
 * are data naming what is wrong and where. Pure TypeScript.
 */
import { compileRegex, isRegexError, regexMatches, type LinearRegex } from './linear-regex.ts';

export const MATCH_OPERATORS = ['=', '!=', '=~', '!~'] as const;
type MatchOperator = (typeof MATCH_OPERATORS)[number];

/** One parsed matcher. `regex` is set for `=~` and `!~`. */
export interface LabelMatcher {
  name: string;
  operator: MatchOperator;
  value: string;
  regex: LinearRegex | null;
}

export type SelectorResult = { ok: true; matchers: LabelMatcher[] } | { ok: false; error: string };

const NAME_START = /^[A-Za-z_]$/;
const NAME_PART = /^[A-Za-z0-9_]$/;
const UNQUOTED_STOP = new Set([',', '{', '}', '"', '=', '!', '~']);
const MAX_MATCHERS = 50;

class SelectorError extends Error {}

/** Parses a selector; `{ ok: false, error }` says which matcher is wrong, how, and at which column. */
export function parseLabelSelector(text: string): SelectorResult {
  const chars = Array.from(text);
  let position = 0;
  const fail = (message: string, at = position): never => {
    throw new SelectorError(`${message} (column ${at + 1})`);
  };
  const skipSpace = (): void => {
    while (/^\s$/.test(chars[position] ?? '')) position += 1;
  };

  const readName = (index: number): string => {
    const start = position;
    if (!NAME_START.test(chars[position] ?? '')) {
      const found = chars[position];
      fail(
        found === undefined
          ? `matcher ${index}: expected a label name, found the end`
          : `matcher ${index}: expected a label name (letters, digits, _), found "${found}"`,
      );
    }
    while (NAME_PART.test(chars[position] ?? '')) position += 1;
    return chars.slice(start, position).join('');
  };

  const readOperator = (index: number, name: string): MatchOperator => {
    const two = (chars[position] ?? '') + (chars[position + 1] ?? '');
    for (const operator of ['=~', '!~', '!='] as const) {
      if (two === operator) {
        position += 2;
        return operator;
      }
    }
    if (chars[position] === '=') {
      position += 1;
      return '=';
    }
    return fail(`matcher ${index}: expected =, !=, =~ or !~ after "${name}"`);
  };

  const readValue = (index: number, name: string): string => {
    if (chars[position] === '"') {
      const open = position;
      position += 1;
      let value = '';
      for (;;) {
        const char = chars[position];
        if (char === undefined) fail(`matcher ${index} (${name}): the value's quote is never closed`, open);
        position += 1;
        if (char === '"') return value;
        if (char === '\\') {
          const escaped = chars[position];
          position += 1;
          if (escaped === 'n') value += '\n';
          else if (escaped === '"' || escaped === '\\') value += escaped;
          // Inside a regex a backslash belongs to the pattern (`"a\.b"`), as in Alertmanager's parser.
          else if (escaped !== undefined) value += '\\' + escaped;
          else fail(`matcher ${index} (${name}): the value ends with a lone "\\"`);
        } else {
          value += char;
        }
      }
    }
    const start = position;
    while (
      position < chars.length &&
      !UNQUOTED_STOP.has(chars[position] ?? '') &&
      !/^\s$/.test(chars[position] ?? '')
    ) {
      position += 1;
    }
    if (position === start && chars[position] !== ',' && chars[position] !== '}' && position < chars.length) {
      fail(`matcher ${index} (${name}): unexpected "${chars[position] ?? ''}" in the value (quote it)`);
    }
    return chars.slice(start, position).join('');
  };

  try {
    skipSpace();
    const braced = chars[position] === '{';
    if (braced) position += 1;
    const matchers: LabelMatcher[] = [];
    for (;;) {
      skipSpace();
      const char = chars[position];
      if (char === undefined || (braced && char === '}')) break;
      const index = matchers.length + 1;
      if (index > MAX_MATCHERS) fail(`more than ${MAX_MATCHERS} matchers`);
      const name = readName(index);
      skipSpace();
      const operator = readOperator(index, name);
      skipSpace();
      const value = readValue(index, name);
      let regex: LinearRegex | null = null;
      if (operator === '=~' || operator === '!~') {
        const compiled = compileRegex(value);
        if (isRegexError(compiled)) {
          // Said once, where it means something: the regex's own character (a quoted value's escapes would make a
          // column of the selector point elsewhere).
          throw new SelectorError(
            `matcher ${index} (${name}): bad regex "${value}": ${compiled.message} (character ${compiled.column} of the regex)`,
          );
        }
        regex = compiled;
      }
      matchers.push({ name, operator, value, regex });
      skipSpace();
      if (chars[position] === ',') {
        position += 1;
        continue;
      }
      const after = chars[position];
      if (after === undefined || (braced && after === '}')) continue;
      fail(
        `matcher ${index} (${name}): expected "," or ${braced ? '"}"' : 'the end'} after the value, found "${after}"`,
      );
    }
    if (braced) {
      if (chars[position] !== '}') fail('missing "}" at the end');
      position += 1;
      skipSpace();
      if (position < chars.length) fail(`unexpected "${chars[position] ?? ''}" after "}"`);
    }
    if (matchers.length === 0) fail('a selector needs at least one matcher, such as {job="node"}', 0);
    return { ok: true, matchers };
  } catch (error) {
    if (error instanceof SelectorError) return { ok: false, error: error.message };
    throw error;
  }
}

/** True when every matcher matches `labels` (a missing label is the empty string). */
export function selectorMatches(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => {
    const value = Object.hasOwn(labels, matcher.name) ? (labels[matcher.name] ?? '') : '';
    switch (matcher.operator) {
      case '=':
        return value === matcher.value;
      case '!=':
        return value !== matcher.value;
      case '=~':
        return matcher.regex !== null && regexMatches(matcher.regex, value);
      case '!~':
        return matcher.regex !== null && !regexMatches(matcher.regex, value);
    }
  });
}
