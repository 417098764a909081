/**
 * completeCommand: completion candidates for the console's command input, driven by the catalog.
 */
import { allCommandWords, COMMAND_CATALOG, findCommandSpec, type CommandWord } from './catalog.ts';
import { closestMatches } from './edit-distance.ts';
import { readCommandWord, skipSpace, tokenize, trimmedSpan, type Token } from './scan.ts';

/** What the console knows right now: paging paths it can page and event numbers open in this room. */
export interface CompletionContext {
  targets: readonly string[];
  /** In the order to offer them (the caller knows relevance, e.g. newest first). */
  eventNumbers: readonly number[];
}

export type CompletionKind = 'command' | 'target' | 'event' | 'topic' | 'none';

export interface CompletionCandidate {
  /** Text that replaces line[from, to). */
  value: string;
  /** What the list shows. */
  label: string;
  /** A second line for the list, e.g. the command summary. */
  detail?: string;
}

/** Candidates for the token at the cursor, and the range of the line a chosen one replaces. */
export interface CompletionResult {
  kind: CompletionKind;
  from: number;
  to: number;
  candidates: CompletionCandidate[];
}

type Slot = Exclude<CompletionKind, 'command' | 'none'>;

/** Which completion each positional argument gets, for commands whose arguments are plain tokens. */
const ARGUMENT_SLOTS: Readonly<Partial<Record<CommandWord, readonly Slot[]>>> = {
  ack: ['event'],
  resolve: ['event'],
  escalate: ['event'],
  reassign: ['event', 'target'],
  note: ['event'],
  who: ['target'],
  help: ['topic'],
};

const PAGE_WORDS: ReadonlySet<CommandWord> = new Set(['oncall', 'urgent', 'emergency']);

/**
 * Completes the command word, the target inside a page's `[`, an event number, a bare target
 * (`.reassign`, `.who`) or a `.help` topic. `cursor` is a UTF-16 index into `line`.
 */
export function completeCommand(line: string, cursor: number, context: CompletionContext): CompletionResult {
  const at = Math.max(0, Math.min(cursor, line.length));
  if (!line.startsWith('.') || line.startsWith('..') || at === 0) return none(at);
  const word = readCommandWord(line);
  if (at <= word.end) return completeWord(line.slice(1, at), word);
  const spec = findCommandSpec(word.text);
  if (spec === undefined) return none(at);
  if (PAGE_WORDS.has(spec.name)) return completeInBrackets(line, word.end, at, context);

  const args = tokenize(line, word.end);
  let index = args.findIndex((token) => token.start <= at && at <= token.end);
  let token: Token;
  if (index >= 0) {
    token = args[index] ?? { text: '', start: at, end: at };
  } else {
    // Cursor in whitespace: a new, empty argument after the tokens that end before it.
    index = args.filter((t) => t.end < at).length;
    token = { text: '', start: at, end: at };
  }
  const slot = ARGUMENT_SLOTS[spec.name]?.[index];
  if (slot === undefined) return none(at);
  return completeSlot(slot, token.text.slice(0, at - token.start), token, context);
}

/** The line after choosing a candidate, with the cursor just past the inserted text. */
export function applyCompletion(
  line: string,
  result: CompletionResult,
  candidate: CompletionCandidate,
): { line: string; cursor: number } {
  return {
    line: line.slice(0, result.from) + candidate.value + line.slice(result.to),
    cursor: result.from + candidate.value.length,
  };
}

function completeWord(typed: string, word: Token): CompletionResult {
  const words = allCommandWords();
  const lower = typed.toLowerCase();
  const prefixed = words.filter((name) => name.startsWith(lower));
  // No prefix match: offer typo fixes so `.akc` still finds `.ack`.
  const chosen = prefixed.length > 0 ? prefixed : closestMatches(lower, words);
  return {
    kind: 'command',
    from: 0,
    to: word.end,
    candidates: chosen.map((name) => {
      const candidate: CompletionCandidate = { value: `.${name}`, label: `.${name}` };
      const summary = findCommandSpec(name)?.summary;
      if (summary !== undefined) candidate.detail = summary;
      return candidate;
    }),
  };
}

/** Inside `[target, event#]` of a page: first item completes targets, second event numbers. */
function completeInBrackets(line: string, wordEnd: number, at: number, context: CompletionContext): CompletionResult {
  const open = skipSpace(line, wordEnd);
  if (line[open] !== '[' || at <= open) return none(at);
  const closeIndex = line.indexOf(']', open + 1);
  const end = closeIndex < 0 ? line.length : closeIndex;
  if (at > end) return none(at);
  const commas: number[] = [];
  for (let i = open + 1; i < end; i++) if (line[i] === ',') commas.push(i);
  const itemIndex = commas.filter((comma) => comma < at).length;
  const slot: Slot | undefined = itemIndex === 0 ? 'target' : itemIndex === 1 ? 'event' : undefined;
  if (slot === undefined) return none(at);
  const regionStart = itemIndex === 0 ? open + 1 : (commas[itemIndex - 1] ?? open) + 1;
  const regionEnd = commas[itemIndex] ?? end;
  let token = trimmedSpan(line, regionStart, regionEnd);
  if (at < token.start || token.text === '') token = { text: '', start: at, end: at };
  // Past the item's text (in trailing spaces): completing would add a second word to the item.
  if (at > token.end) return none(at);
  return completeSlot(slot, line.slice(token.start, at), token, context);
}

function completeSlot(slot: Slot, typed: string, token: Token, context: CompletionContext): CompletionResult {
  const candidates =
    slot === 'target'
      ? targetCandidates(typed, context.targets)
      : slot === 'event'
        ? eventCandidates(typed, context.eventNumbers)
        : topicCandidates(typed);
  return { kind: slot, from: token.start, to: token.end, candidates };
}

/** Paths starting with what was typed first, then paths with a segment starting with it (`sys` finds casc/int/systems). */
function targetCandidates(typed: string, targets: readonly string[]): CompletionCandidate[] {
  const lower = typed.toLowerCase();
  const unique = [...new Set(targets)];
  const prefixed = unique.filter((target) => target.startsWith(lower));
  const bySegment = unique.filter(
    (target) => !target.startsWith(lower) && target.split('/').some((segment) => segment.startsWith(lower)),
  );
  return [...prefixed, ...bySegment].map((target) => ({ value: target, label: target }));
}

/** Event numbers whose digits start with what was typed; a typed `#` or `coss_102-` prefix is kept. */
function eventCandidates(typed: string, numbers: readonly number[]): CompletionCandidate[] {
  const prefix = /^(?:#|coss_\d+-)?/i.exec(typed)?.[0] ?? '';
  const digits = typed.slice(prefix.length);
  if (!/^\d*$/.test(digits)) return [];
  const unique = [...new Set(numbers)].filter((n) => Number.isSafeInteger(n) && n >= 1);
  return unique
    .filter((n) => String(n).startsWith(digits))
    .map((n) => ({ value: `${prefix}${n}`, label: `${prefix}${n}` }));
}

function topicCandidates(typed: string): CompletionCandidate[] {
  const lower = typed.replace(/^\./, '').toLowerCase();
  return COMMAND_CATALOG.filter((spec) => spec.name.startsWith(lower)).map((spec) => ({
    value: spec.name,
    label: `.${spec.name}`,
    detail: spec.summary,
  }));
}

function none(at: number): CompletionResult {
  return { kind: 'none', from: at, to: at, candidates: [] };
}
