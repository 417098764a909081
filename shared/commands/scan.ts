/**
 * Low-level scanning shared by the parser and the completer, so both split a line the same way.
 */

/** A run of non-whitespace text and where it sits in the line (end is exclusive). */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** JS `\s` is the same set `String.prototype.trim` removes, which keeps tokens and trimmed text consistent. */
export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** Index of the first non-whitespace character at or after `from` (or the line length). */
export function skipSpace(line: string, from: number): number {
  let i = from;
  while (i < line.length && isSpace(line[i])) i++;
  return i;
}

/** The whitespace-separated tokens of `line` from index `from` on. */
export function tokenize(line: string, from: number): Token[] {
  const tokens: Token[] = [];
  let i = skipSpace(line, from);
  while (i < line.length) {
    const start = i;
    while (i < line.length && !isSpace(line[i])) i++;
    tokens.push({ text: line.slice(start, i), start, end: i });
    i = skipSpace(line, i);
  }
  return tokens;
}

/** The command word of a line starting with `.`: it runs to whitespace or `[` (so `.oncall[x]` works). */
export function readCommandWord(line: string): Token {
  let i = 1;
  while (i < line.length && !isSpace(line[i]) && line[i] !== '[') i++;
  return { text: line.slice(1, i), start: 1, end: i };
}

/** The text of `line` in [start, end) with surrounding whitespace cut, and where that text sits. */
export function trimmedSpan(line: string, start: number, end: number): Token {
  let s = start;
  let e = end;
  while (s < e && isSpace(line[s])) s++;
  while (e > s && isSpace(line[e - 1])) e--;
  return { text: line.slice(s, e), start: s, end: e };
}
