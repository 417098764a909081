/**
 * Regular expressions that run in linear time, for patterns users write (Alertmanager's `=~` and `!~`). JavaScript's
 * RegExp backtracks: `(a+)+$` against thirty `a`s and a `b` takes seconds, and a pattern in a maintenance window is
 * run against every alert. This is the RE2 subset Alertmanager users write, compiled to a Thompson NFA and run as a
 * Pike VM (every thread advances one character at a time), so the cost is at most program size × value length.
 * Matches are anchored to the whole value, as Alertmanager and Prometheus anchor them. Case-sensitive, per code point;
 * `.` does not match a newline (RE2's default). Anything outside the subset is refused with a message saying what.
 * Pure TypeScript.
 */

/** Repeat bounds above this are refused: `{m,n}` copies its operand, and the program must stay small. */
const MAX_REPEAT = 100;
/** The most NFA instructions one pattern may compile to. */
const MAX_PROGRAM = 10_000;

type Range = readonly [number, number];

interface CharSet {
  ranges: readonly Range[];
  negated: boolean;
}

type Node =
  | { kind: 'set'; set: CharSet }
  | { kind: 'empty' }
  | { kind: 'begin' }
  | { kind: 'end' }
  | { kind: 'concat'; parts: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number | null };

type Instruction =
  | { op: 'set'; set: CharSet; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jump'; to: number }
  | { op: 'begin'; next: number }
  | { op: 'end'; next: number }
  | { op: 'match' };

/** A compiled pattern. */
export interface LinearRegex {
  readonly source: string;
  readonly program: readonly Instruction[];
}

/** Why a pattern was refused; `column` counts code points from 1. */
export interface RegexError {
  message: string;
  column: number;
}

const DIGIT: readonly Range[] = [[0x30, 0x39]];
const WORD: readonly Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
// RE2's \s is [\t\n\f\r ], narrower than JavaScript's.
const SPACE: readonly Range[] = [
  [0x09, 0x0a],
  [0x0c, 0x0d],
  [0x20, 0x20],
];
const NEWLINE = 0x0a;
const ANY_BUT_NEWLINE: CharSet = { ranges: [[NEWLINE, NEWLINE]], negated: true };

const CLASS_ESCAPES: Readonly<Record<string, CharSet>> = {
  d: { ranges: DIGIT, negated: false },
  D: { ranges: DIGIT, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, t: 0x09, r: 0x0d, f: 0x0c, v: 0x0b };
const UNSUPPORTED_ESCAPES: Readonly<Record<string, string>> = {
  b: 'word boundaries (\\b) are not supported',
  B: 'word boundaries (\\B) are not supported',
  A: '\\A is not supported (the pattern already matches the whole value)',
  z: '\\z is not supported (the pattern already matches the whole value)',
  p: 'Unicode classes (\\p{…}) are not supported',
  P: 'Unicode classes (\\P{…}) are not supported',
  Q: 'quoted text (\\Q…\\E) is not supported: escape each character instead',
};

class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Recursive-descent parser over code points. */
class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly chars: readonly string[]) {}

  parse(): Node {
    const node = this.alternation();
    if (this.position < this.chars.length) this.fail(`unexpected ")"`);
    return node;
  }

  private fail(message: string, at = this.position): never {
    throw new RegexSyntaxError(message, at + 1);
  }

  private peek(): string | undefined {
    return this.chars[this.position];
  }

  private alternation(): Node {
    const options = [this.concatenation()];
    while (this.peek() === '|') {
      this.position += 1;
      options.push(this.concatenation());
    }
    return options.length === 1 ? (options[0] ?? { kind: 'empty' }) : { kind: 'alt', options };
  }

  private concatenation(): Node {
    const parts: Node[] = [];
    for (let char = this.peek(); char !== undefined && char !== '|' && char !== ')'; char = this.peek()) {
      parts.push(this.quantified());
    }
    if (parts.length === 0) return { kind: 'empty' };
    return parts.length === 1 ? (parts[0] ?? { kind: 'empty' }) : { kind: 'concat', parts };
  }

  private quantified(): Node {
    const start = this.position;
    let node = this.atom();
    let repeated = false;
    for (;;) {
      const char = this.peek();
      let min: number;
      let max: number | null;
      if (char === '*' || char === '+' || char === '?') {
        this.position += 1;
        [min, max] = char === '*' ? [0, null] : char === '+' ? [1, null] : [0, 1];
      } else if (char === '{') {
        const bounds = this.bounds();
        if (bounds === null) return node;
        [min, max] = bounds;
      } else {
        return node;
      }
      if (node.kind === 'begin' || node.kind === 'end') this.fail('nothing to repeat before the quantifier', start);
      if (repeated) this.fail('a quantifier cannot follow another quantifier (write a group)');
      // A lazy quantifier (`*?`) matches the same values; only the match's extent would differ.
      if (this.peek() === '?') this.position += 1;
      // An empty group repeated is still empty.
      if (node.kind !== 'empty') node = { kind: 'repeat', node, min, max };
      repeated = true;
    }
  }

  /** `{m}`, `{m,}`, `{m,n}`; null (and `{` is a literal, as in RE2) when what follows is not a repeat. */
  private bounds(): [number, number | null] | null {
    const open = this.position;
    const rest = this.chars.slice(open, open + 32).join('');
    const found = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!found) return null;
    this.position += Array.from(found[0]).length;
    const min = Number(found[1]);
    const max = found[2] === undefined ? min : found[3] === '' ? null : Number(found[3]);
    if (min > MAX_REPEAT || (max !== null && max > MAX_REPEAT)) {
      this.fail(`repeat counts above ${MAX_REPEAT} are not supported`, open);
    }
    if (max !== null && max < min) this.fail(`bad repeat {${min},${max}}: the maximum is below the minimum`, open);
    return [min, max];
  }

  private atom(): Node {
    const at = this.position;
    const char = this.peek();
    this.position += 1;
    switch (char) {
      case '(':
        return this.group(at);
      case '[':
        return { kind: 'set', set: this.charClass(at) };
      case '.':
        return { kind: 'set', set: ANY_BUT_NEWLINE };
      case '^':
        return { kind: 'begin' };
      case '$':
        return { kind: 'end' };
      case '\\':
        return this.escape(false);
      case '*':
      case '+':
      case '?':
        return this.fail(`nothing to repeat before "${char}"`, at);
      default:
        return literal(char ?? '');
    }
  }

  private group(open: number): Node {
    if (this.peek() === '?') {
      const flags = this.chars.slice(this.position, this.position + 3).join('');
      if (flags.startsWith('?:')) this.position += 2;
      else if (flags.startsWith('?P<') || flags.startsWith('?<')) this.namedGroup();
      else this.fail('flags and look-around ((?i), (?=…), …) are not supported', open);
    }
    this.depth += 1;
    if (this.depth > 100) this.fail('groups nest too deeply', open);
    const inner = this.alternation();
    this.depth -= 1;
    if (this.peek() !== ')') this.fail('missing ")" for the "(" here', open);
    this.position += 1;
    return inner;
  }

  private namedGroup(): void {
    const close = this.chars.indexOf('>', this.position);
    if (close < 0) this.fail('unterminated group name');
    const name = this.chars.slice(this.position + (this.chars[this.position + 1] === 'P' ? 3 : 2), close).join('');
    if (!/^[A-Za-z_]\w*$/.test(name)) this.fail(`bad group name "${name}"`);
    this.position = close + 1;
  }

  /** After a backslash. Inside a class only single characters and \d\w\s may appear. */
  private escape(inClass: boolean): Node {
    const at = this.position - 1;
    const char = this.peek();
    if (char === undefined) return this.fail('the pattern ends with a lone "\\"', at);
    this.position += 1;
    const named = CLASS_ESCAPES[char];
    if (named) return { kind: 'set', set: named };
    const control = CONTROL_ESCAPES[char];
    if (control !== undefined) return literal(String.fromCodePoint(control));
    const unsupported = UNSUPPORTED_ESCAPES[char];
    if (unsupported) return this.fail(unsupported, at);
    if (/^[0-9]$/.test(char)) {
      return this.fail(inClass ? 'octal escapes are not supported' : 'back-references are not supported', at);
    }
    if (char === 'x') return literal(String.fromCodePoint(this.hexEscape(at)));
    // Any punctuation may be escaped; an escaped letter that means nothing here is a mistake worth naming.
    if (/^[A-Za-z]$/.test(char)) return this.fail(`unknown escape "\\${char}"`, at);
    return literal(char);
  }

  private hexEscape(at: number): number {
    const rest = this.chars.slice(this.position, this.position + 10).join('');
    const found = /^(?:([0-9A-Fa-f]{2})|\{([0-9A-Fa-f]{1,6})\})/.exec(rest);
    const digits = found?.[1] ?? found?.[2];
    if (!found || digits === undefined) return this.fail('expected \\xHH or \\x{HHHH}', at);
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) return this.fail('\\x{…} is beyond Unicode', at);
    this.position += found[0].length;
    return code;
  }

  private charClass(open: number): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.position += 1;
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      const char = this.peek();
      if (char === undefined) return this.fail('missing "]" for the "[" here', open);
      if (char === ']' && !first) {
        this.position += 1;
        break;
      }
      first = false;
      if (char === '[' && this.chars[this.position + 1] === ':') {
        this.fail('POSIX classes ([[:alpha:]]) are not supported: use a range such as [a-zA-Z]');
      }
      const low = this.classMember();
      if (low.length !== 1 || this.peek() !== '-' || this.chars[this.position + 1] === ']') {
        ranges.push(...low);
        continue;
      }
      const dash = this.position;
      this.position += 1;
      const high = this.classMember();
      const from = low[0]?.[0] ?? 0;
      const to = high[0]?.[0] ?? 0;
      if (high.length !== 1 || high[0]?.[0] !== high[0]?.[1] || low[0]?.[0] !== low[0]?.[1]) {
        this.fail('a range cannot start or end with a class such as \\d', dash);
      }
      if (to < from)
        this.fail(`bad range: "${String.fromCodePoint(to)}" comes before "${String.fromCodePoint(from)}"`, dash);
      ranges.push([from, to]);
    }
    return { ranges, negated };
  }

  /** One member of a class: a character (as a one-point range) or a named class's ranges. */
  private classMember(): readonly Range[] {
    const char = this.peek() ?? '';
    this.position += 1;
    if (char !== '\\') {
      const code = char.codePointAt(0) ?? 0;
      return [[code, code]];
    }
    const node = this.escape(true);
    if (node.kind !== 'set') return this.fail('unsupported escape in a class');
    if (node.set.negated) {
      return complement(node.set.ranges);
    }
    return node.set.ranges;
  }
}

function literal(char: string): Node {
  const code = char.codePointAt(0) ?? 0;
  return { kind: 'set', set: { ranges: [[code, code]], negated: false } };
}

/** The ranges not in `ranges` (which are sorted and disjoint, as the named classes are). */
function complement(ranges: readonly Range[]): Range[] {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of ranges) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= 0x10ffff) result.push([next, 0x10ffff]);
  return result;
}

/** Thompson's construction: each node appends its instructions and falls through to the next. */
class Compiler {
  readonly program: Instruction[] = [];

  emit(instruction: Instruction): number {
    if (this.program.length >= MAX_PROGRAM) {
      throw new RegexSyntaxError('the pattern is too large (repeats multiply it): simplify it', 1);
    }
    this.program.push(instruction);
    return this.program.length - 1;
  }

  /** The index the next instruction will get. */
  get here(): number {
    return this.program.length;
  }

  compile(node: Node): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'set':
        this.emit({ op: 'set', set: node.set, next: this.here + 1 });
        return;
      case 'begin':
        this.emit({ op: 'begin', next: this.here + 1 });
        return;
      case 'end':
        this.emit({ op: 'end', next: this.here + 1 });
        return;
      case 'concat':
        for (const part of node.parts) this.compile(part);
        return;
      case 'alt':
        return this.alternation(node.options);
      case 'repeat':
        return this.repeat(node.node, node.min, node.max);
    }
  }

  private alternation(options: readonly Node[]): void {
    const [head, ...rest] = options;
    if (head === undefined) return;
    if (rest.length === 0) return this.compile(head);
    const split = this.emit({ op: 'split', a: this.here + 1, b: 0 });
    this.compile(head);
    const jump = this.emit({ op: 'jump', to: 0 });
    this.program[split] = { op: 'split', a: split + 1, b: this.here };
    this.alternation(rest);
    this.program[jump] = { op: 'jump', to: this.here };
  }

  private repeat(node: Node, min: number, max: number | null): void {
    for (let i = 0; i < min; i += 1) this.compile(node);
    if (max === null) {
      // x*: L1: split L2, L3; L2: x; jump L1; L3:
      const split = this.emit({ op: 'split', a: this.here + 1, b: 0 });
      this.compile(node);
      this.emit({ op: 'jump', to: split });
      this.program[split] = { op: 'split', a: split + 1, b: this.here };
      return;
    }
    // x{0,k} as nested optionals: each may be skipped to the end.
    const splits: number[] = [];
    for (let i = min; i < max; i += 1) {
      splits.push(this.emit({ op: 'split', a: this.here + 1, b: 0 }));
      this.compile(node);
    }
    for (const split of splits) this.program[split] = { op: 'split', a: split + 1, b: this.here };
  }
}

/** Compiles `source`; a refused pattern comes back as an error naming what is wrong and where. */
export function compileRegex(source: string): LinearRegex | RegexError {
  try {
    const tree = new Parser(Array.from(source)).parse();
    const compiler = new Compiler();
    compiler.compile(tree);
    compiler.emit({ op: 'match' });
    return { source, program: compiler.program };
  } catch (error) {
    if (error instanceof RegexSyntaxError) return { message: error.message, column: error.column };
    throw error;
  }
}

/** Narrows a compile result. */
export function isRegexError(result: LinearRegex | RegexError): result is RegexError {
  return 'message' in result;
}

function inSet(set: CharSet, code: number): boolean {
  let found = false;
  for (const [low, high] of set.ranges) {
    if (code >= low && code <= high) {
      found = true;
      break;
    }
  }
  return found !== set.negated;
}

/** True when the pattern matches the whole of `value`. Time: program size × code points in `value`. */
export function regexMatches(regex: LinearRegex, value: string): boolean {
  const { program } = regex;
  const codes = Array.from(value, (char) => char.codePointAt(0) ?? 0);
  // Each list holds instruction indexes; `seen[pc] === step` marks pc as already added in this step.
  const seen = new Int32Array(program.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  const stack: number[] = [];

  /** Follows jumps, splits and assertions from `start`, adding the character and match instructions reached. */
  const add = (list: number[], start: number, step: number, position: number): void => {
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop() ?? 0;
      if (seen[pc] === step) continue;
      seen[pc] = step;
      const instruction = program[pc];
      if (instruction === undefined) continue;
      switch (instruction.op) {
        case 'jump':
          stack.push(instruction.to);
          break;
        case 'split':
          stack.push(instruction.b, instruction.a);
          break;
        case 'begin':
          if (position === 0) stack.push(instruction.next);
          break;
        case 'end':
          if (position === codes.length) stack.push(instruction.next);
          break;
        default:
          list.push(pc);
      }
    }
  };

  add(current, 0, 0, 0);
  for (let position = 0; position < codes.length; position += 1) {
    const code = codes[position] ?? 0;
    next.length = 0;
    for (const pc of current) {
      const instruction = program[pc];
      if (instruction?.op === 'set' && inSet(instruction.set, code))
        add(next, instruction.next, position + 1, position + 1);
    }
    if (next.length === 0) return false;
    [current, next] = [next, current];
  }
  return current.some((pc) => program[pc]?.op === 'match');
}
