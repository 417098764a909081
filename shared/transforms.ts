/**
 * Transforms: ordered, declarative rules a customer (or the NOC, globally) writes to change events as they arrive —
 * suppress noise, set severity, rewrite the summary or event class, attach notes, page a target, post the event into
 * the room (docs/TRANSFORMS.md). This file is the wire shape and the pure matcher and applier, so COSS's ingest, its
 * preview and the console's editor decide with one piece of code.
 *
 * Every pattern here is a user's and runs against every event: globs and organizer paths use the linear matchers of
 * note rules (shared/notes.ts), the summary pattern and label selectors the linear-time regex engine
 * (shared/linear-regex.ts); never RegExp on user input. Pure TypeScript.
 */
import { z } from 'zod';
import { severityRank, type Severity } from './alert.ts';
import { PAGE_PRIORITIES } from './commands/catalog.ts';
import { parseLabelSelector, selectorMatches, type LabelMatcher } from './label-selector.ts';
import { compileRegex, isRegexError, regexMatches, type LinearRegex } from './linear-regex.ts';
import { familyOf } from './noise-family.ts';
import { globMatches, pathCovers } from './notes.ts';
import { prodStateNumber } from './prod-state.ts';

/** Severities an event may have; a transform cannot turn one into a clear (clears are their own events). */
const RaiseSeveritySchema = z.enum(['debug', 'info', 'warning', 'error', 'critical']);

const pattern = z.string().trim().min(1).max(1024);

/** A production state as Zenoss names it ("Production", "pre-production") or its number (1000). */
const ProdStateSchema = z.union([z.number().int(), z.string().trim().min(1).max(64)]).transform((value, context) => {
  const number = prodStateNumber(value);
  if (number === null) {
    context.addIssue({
      code: 'custom',
      message: `"${String(value)}" is not a production state: write Production, Pre-Production, Test, Maintenance, Decommissioned or a number`,
    });
    return z.NEVER;
  }
  return number;
});

/** What a transform matches: every field it sets must match, and it must set at least one. */
export const TransformMatchSchema = z
  .object({
    /** an event family key exactly as the noise report names it (shared/noise-family.ts) */
    family: z.string().min(1).max(4096).optional(),
    /** device glob (`web*.acme.com`), case-insensitive */
    device: pattern.optional(),
    component: pattern.optional(),
    /** an organizer path (`/Status/Ping` covers `/Status/Ping/Loss`) or, with `*` or `?`, a glob */
    eventClass: pattern.optional(),
    /** a regular expression (RE2 subset) found anywhere in the summary; `^` and `$` anchor it */
    summary: z.string().min(1).max(1024).optional(),
    severity: z
      .object({ min: RaiseSeveritySchema.optional(), max: RaiseSeveritySchema.optional() })
      .strict()
      .refine((range) => range.min !== undefined || range.max !== undefined, 'give min, max or both')
      .refine(
        (range) => !range.min || !range.max || severityRank(range.min) <= severityRank(range.max),
        'min is above max',
      )
      .optional(),
    /** an Alertmanager label selector: `{job="node", instance=~"db.*"}` */
    labels: z.string().trim().min(1).max(4096).optional(),
    /** Zenoss production states (names or numbers); an event without one matches none */
    prodStates: z.array(ProdStateSchema).min(1).max(10).optional(),
    /** exact device names (case-insensitive), for "noise on these devices" */
    devices: z.array(z.string().trim().min(1).max(1024)).min(1).max(1000).optional(),
  })
  .strict()
  .refine((match) => Object.values(match).some((value) => value !== undefined), {
    message: 'a transform must match on at least one field (family, device, component, eventClass, summary, …)',
  });
export type TransformMatch = z.infer<typeof TransformMatchSchema>;
/** The match as a client may write it (production states by name). */
export type TransformMatchInput = z.input<typeof TransformMatchSchema>;

export const TRANSFORM_ACTION_TYPES = [
  'suppress',
  'set-severity',
  'set-summary',
  'set-event-class',
  'attach-notes',
  'auto-page',
  'post-card',
] as const;

export const TransformActionSchema = z.discriminatedUnion('type', [
  /** kept and counted, out of the default queue, notifying nobody, not pageable without force */
  z.object({ type: z.literal('suppress') }).strict(),
  z.object({ type: z.literal('set-severity'), severity: RaiseSeveritySchema }).strict(),
  /** `{summary}`, `{device}`, `{component}` are replaced by the event's; nothing else is special */
  z.object({ type: z.literal('set-summary'), template: z.string().min(1).max(2048) }).strict(),
  z
    .object({
      type: z.literal('set-event-class'),
      eventClass: z
        .string()
        .trim()
        .max(1024)
        .regex(/^\/[^/]/, 'an event class is an organizer path such as /Status/Ping'),
    })
    .strict(),
  z
    .object({
      type: z.literal('attach-notes'),
      tierNotes: z.string().max(65_536).default(''),
      deviceNotes: z.string().max(65_536).default(''),
    })
    .strict()
    .refine((action) => action.tierNotes.trim() !== '' || action.deviceNotes.trim() !== '', {
      message: 'attach-notes needs tierNotes or deviceNotes',
      path: ['tierNotes'],
    }),
  z
    .object({
      type: z.literal('auto-page'),
      /** a paging target's path, as `.oncall [target]` names it */
      target: z.string().trim().min(1).max(255),
      priority: z.enum(PAGE_PRIORITIES).default('normal'),
    })
    .strict(),
  z.object({ type: z.literal('post-card') }).strict(),
]);
export type TransformAction = z.infer<typeof TransformActionSchema>;

/** What a client sends to make a transform (or to replace one with PATCH: every field optional there). */
export const TransformInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** lower runs first; equal positions run by id */
    position: z.number().int().min(0).max(1_000_000).default(100),
    enabled: z.boolean().default(true),
    match: TransformMatchSchema,
    actions: z
      .array(TransformActionSchema)
      .min(1, 'a transform needs at least one action')
      .max(TRANSFORM_ACTION_TYPES.length)
      .refine(
        (actions) => new Set(actions.map((action) => action.type)).size === actions.length,
        'each action type may appear once',
      ),
    /** why the change is made: kept in the transform's versions and said in the room */
    why: z.string().trim().max(1000).optional(),
  })
  .strict();
export type TransformInput = z.infer<typeof TransformInputSchema>;

/** A PATCH: the fields to change; `why` is asked for every change. */
export const TransformPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    position: z.number().int().min(0).max(1_000_000).optional(),
    enabled: z.boolean().optional(),
    match: TransformMatchSchema.optional(),
    actions: TransformInputSchema.shape.actions.optional(),
    why: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine(
    (patch) => [patch.name, patch.position, patch.enabled, patch.match, patch.actions].some((v) => v !== undefined),
    'nothing to change: give name, position, enabled, match or actions',
  );
export type TransformPatch = z.infer<typeof TransformPatchSchema>;

/** A stored transform as REST and the stream send it. */
export const TransformSchema = z.object({
  id: z.number().int(),
  /** the customer's slug; null for a global transform (every customer's events, before the customer's own) */
  customer: z.string().nullable(),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  match: TransformMatchSchema,
  actions: z.array(TransformActionSchema),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type Transform = z.infer<typeof TransformSchema>;

export const TRANSFORM_CHANGE_KINDS = ['created', 'changed', 'disabled', 'enabled', 'removed'] as const;

/** One entry of a transform's history: its whole definition after the change. */
export const TransformVersionSchema = z.object({
  version: z.number().int(),
  kind: z.enum(TRANSFORM_CHANGE_KINDS),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  match: TransformMatchSchema,
  actions: z.array(TransformActionSchema),
  by: z.string(),
  at: z.string(),
  why: z.string(),
});
export type TransformVersion = z.infer<typeof TransformVersionSchema>;

/** The fields of an event that transforms match and change. */
export interface TransformSubject {
  source: string;
  device: string;
  component: string;
  eventClass: string;
  summary: string;
  severity: Severity;
  labels: Readonly<Record<string, string>>;
  prodState: number | null;
}

/** What is wrong with a match: `field` is the path a 400 names (`match.summary`, `match.labels`). */
export interface MatchIssue {
  field: string;
  message: string;
}

export type CompiledMatch =
  { ok: true; matches: (subject: TransformSubject) => boolean } | { ok: false; issue: MatchIssue };

// One family per subject however many transforms ask: a rewrite makes a new subject object, so this cannot go stale.
const families = new WeakMap<TransformSubject, string>();
function familyFor(subject: TransformSubject): string {
  let family = families.get(subject);
  if (family === undefined) {
    family = familyOf(subject);
    families.set(subject, family);
  }
  return family;
}

let lastValue = '';
let lastLower = '';
/** The value lower-cased, remembered for the next transform, which most likely asks about the same device. */
function lowerCased(value: string): string {
  if (value !== lastValue) {
    lastValue = value;
    lastLower = value.toLowerCase();
  }
  return lastLower;
}

/**
 * A glob as a quick rejection and the full matcher: the literal printable ASCII text before its first wildcard must
 * start the lower-cased value, and the text after its last must end it. Only ASCII is used so the check agrees with
 * globMatches's case folding (a folded ASCII character is itself in the lower-cased string); it only ever rejects
 * what globMatches would reject, and most events meet transforms that are not about them.
 */
function compileGlob(glob: string): (value: string) => boolean {
  const first = glob.search(/[*?]/);
  const last = Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?'));
  const ascii = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.toLowerCase() : '');
  const prefix = first < 0 ? '' : ascii(glob.slice(0, first));
  const suffix = last < 0 ? '' : ascii(glob.slice(last + 1));
  return (value) => {
    if (prefix !== '' || suffix !== '') {
      const lower = lowerCased(value);
      if (!lower.startsWith(prefix) || !lower.endsWith(suffix)) return false;
    }
    return globMatches(glob, value);
  };
}

const hasWildcard = (text: string) => text.includes('*') || text.includes('?');

/**
 * The summary pattern as a search: found anywhere unless `^`/`$` anchor it. The user's pattern is compiled alone
 * first, so a refusal points into what they wrote, and a pattern that parses alone cannot break out of the group.
 */
function summaryRegex(source: string): LinearRegex | MatchIssue {
  const alone = compileRegex(source);
  if (isRegexError(alone)) {
    return { field: 'match.summary', message: `${alone.message} (character ${alone.column} of the regex)` };
  }
  const search = compileRegex(`[\\s\\S]*(?:${source})[\\s\\S]*`);
  if (isRegexError(search)) return { field: 'match.summary', message: search.message };
  return search;
}

const SPECIAL = new Set(['.', '^', '$', '|', '(', ')', '[', ']', '{', '}', '*', '+', '?', '\\']);
const LITERAL_ESCAPES = new Set([
  ...SPECIAL,
  '-',
  '/',
  ' ',
  '#',
  ':',
  '=',
  '<',
  '>',
  ',',
  '!',
  '"',
  "'",
  '@',
  '%',
  '&',
]);

/**
 * The longest run of plain characters every match of `source` must contain, or '' when none is certain: only at the
 * top level, only without a top-level `|`, and without the character a `*`, `?` or `{` makes optional. The summary
 * is checked for it with includes() before the regex runs, which saves most of the regex's cost on events a noise
 * transform is not about (one substring search instead of a machine step per character).
 */
export function requiredLiteral(source: string): string {
  const chars = Array.from(source);
  let depth = 0;
  let inClass = false;
  let run = '';
  let best = '';
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] ?? '';
    if (inClass) {
      if (char === '\\') i += 1;
      else if (char === ']') inClass = false;
      continue;
    }
    if (char === '|' && depth === 0) return '';
    let literal: string | null = null;
    if (char === '\\') {
      const next = chars[i + 1] ?? '';
      i += 1;
      // \xHH and \x{H…} span more characters than this scan reads: give up rather than misread them.
      if (next === 'x') return '';
      if (LITERAL_ESCAPES.has(next)) literal = next;
    } else if (!SPECIAL.has(char)) {
      literal = char;
    } else if (char === '(') {
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '{') {
      // A counted repeat ({2}, {0,3}) may make what precedes it optional, and its digits are not literals; a `{` that
      // is no repeat is a literal, but not worth the care.
      const repeat = /^\{\d+(,\d*)?\}/.exec(chars.slice(i, i + 32).join(''));
      if (repeat) i += repeat[0].length - 1;
      if (depth === 0) run = Array.from(run).slice(0, -1).join('');
    } else if ((char === '*' || char === '?') && depth === 0) {
      // The character before is optional: not certain.
      run = Array.from(run).slice(0, -1).join('');
    }
    if (literal !== null && depth === 0) {
      run += literal;
      continue;
    }
    end();
  }
  end();
  return best;
}

/** Compiles a match once (regex and selector included); a bad pattern names its field. */
export function compileTransformMatch(match: TransformMatch): CompiledMatch {
  let summary: LinearRegex | null = null;
  let summaryLiteral = '';
  if (match.summary !== undefined) {
    const compiled = summaryRegex(match.summary);
    if ('field' in compiled) return { ok: false, issue: compiled };
    summary = compiled;
    summaryLiteral = requiredLiteral(match.summary);
  }
  let labels: LabelMatcher[] | null = null;
  if (match.labels !== undefined) {
    const parsed = parseLabelSelector(match.labels);
    if (!parsed.ok) return { ok: false, issue: { field: 'match.labels', message: parsed.error } };
    labels = parsed.matchers;
  }
  const devices = match.devices ? new Set(match.devices.map((device) => device.toLowerCase())) : null;
  const eventClass = match.eventClass;
  const classMatches =
    eventClass === undefined
      ? null
      : hasWildcard(eventClass)
        ? compileGlob(eventClass)
        : (value: string) => pathCovers(eventClass, value);
  const deviceMatches = match.device === undefined ? null : compileGlob(match.device);
  const componentMatches = match.component === undefined ? null : compileGlob(match.component);
  const min = match.severity?.min === undefined ? null : severityRank(match.severity.min);
  const max = match.severity?.max === undefined ? null : severityRank(match.severity.max);
  return {
    ok: true,
    matches(subject) {
      // Cheap exact checks first; the regex last.
      if (devices && !devices.has(subject.device.toLowerCase())) return false;
      if (match.prodStates && (subject.prodState === null || !match.prodStates.includes(subject.prodState))) {
        return false;
      }
      if (min !== null && severityRank(subject.severity) < min) return false;
      if (max !== null && severityRank(subject.severity) > max) return false;
      if (match.family !== undefined && familyFor(subject) !== match.family) return false;
      if (deviceMatches && !deviceMatches(subject.device)) return false;
      if (componentMatches && !componentMatches(subject.component)) return false;
      if (classMatches && !classMatches(subject.eventClass)) return false;
      if (labels && !selectorMatches(labels, subject.labels)) return false;
      if (summary) {
        if (summaryLiteral !== '' && !subject.summary.includes(summaryLiteral)) return false;
        if (!regexMatches(summary, subject.summary)) return false;
      }
      return true;
    },
  };
}

/** The first thing wrong with a match, or null when it is valid. */
export function validateTransformMatch(match: TransformMatch): MatchIssue | null {
  const compiled = compileTransformMatch(match);
  return compiled.ok ? null : compiled.issue;
}

// Compiled by text: the matcher runs against every event and compiling each time would dominate.
const compiledMatches = new Map<string, CompiledMatch>();
const CACHE_LIMIT = 500;

/** True when every field `match` sets matches `subject`; an invalid match matches nothing. */
export function transformMatches(match: TransformMatch, subject: TransformSubject): boolean {
  const key = JSON.stringify(match);
  let compiled = compiledMatches.get(key);
  if (compiled === undefined) {
    compiled = compileTransformMatch(match);
    if (compiledMatches.size >= CACHE_LIMIT) compiledMatches.clear();
    compiledMatches.set(key, compiled);
  }
  return compiled.ok && compiled.matches(subject);
}

/** `{summary}`, `{device}`, `{component}` replaced by the event's (one pass: a value's own braces stay as they are). */
export function renderSummary(template: string, subject: Pick<TransformSubject, 'summary' | 'device' | 'component'>) {
  return template.replace(
    /\{(summary|device|component)\}/g,
    (_whole, name: 'summary' | 'device' | 'component') => subject[name],
  );
}

/** A transform ready to run: its match compiled once. */
export interface RunnableTransform {
  id: number;
  actions: readonly TransformAction[];
  matches: (subject: TransformSubject) => boolean;
}

/** Compiles enabled, valid transforms in the order given (global first, then the customer's: the caller's order). */
export function runnableTransforms(
  transforms: ReadonlyArray<Pick<Transform, 'id' | 'enabled' | 'match' | 'actions'>>,
): RunnableTransform[] {
  const runnable: RunnableTransform[] = [];
  for (const transform of transforms) {
    if (!transform.enabled) continue;
    const compiled = compileTransformMatch(transform.match);
    if (compiled.ok) runnable.push({ id: transform.id, actions: transform.actions, matches: compiled.matches });
  }
  return runnable;
}

/** What running the transforms over one event decided. */
export interface TransformOutcome {
  subject: TransformSubject;
  /** the first transform that suppressed the event, or null */
  suppressedBy: number | null;
  /** notes the attach-notes actions add after the note rules' (in transform order) */
  notes: { tier: string[]; device: string[] };
  /** the first auto-page action's target and priority, with its transform */
  autoPage: { transformId: number; target: string; priority: (typeof PAGE_PRIORITIES)[number] } | null;
  postCard: boolean;
  /** the transforms that matched, in order, with the action types of each that changed something */
  applied: Array<{ id: number; changed: TransformAction['type'][] }>;
}

/**
 * Runs `transforms` over `subject` in order; each sees the event as those before it left it, as Zenoss transforms
 * chain. An action "changes" the event when it makes it differ (a severity already set is no change), which is what
 * the preview counts.
 */
export function applyTransforms(transforms: readonly RunnableTransform[], input: TransformSubject): TransformOutcome {
  let subject = input;
  const outcome: TransformOutcome = {
    subject,
    suppressedBy: null,
    notes: { tier: [], device: [] },
    autoPage: null,
    postCard: false,
    applied: [],
  };
  for (const transform of transforms) {
    if (!transform.matches(subject)) continue;
    const changed: TransformAction['type'][] = [];
    for (const action of transform.actions) {
      switch (action.type) {
        case 'suppress':
          if (outcome.suppressedBy === null) {
            outcome.suppressedBy = transform.id;
            changed.push(action.type);
          }
          break;
        case 'set-severity':
          if (subject.severity !== action.severity) {
            subject = { ...subject, severity: action.severity };
            changed.push(action.type);
          }
          break;
        case 'set-summary': {
          const summary = renderSummary(action.template, subject);
          if (summary !== subject.summary) {
            subject = { ...subject, summary };
            changed.push(action.type);
          }
          break;
        }
        case 'set-event-class':
          if (subject.eventClass !== action.eventClass) {
            subject = { ...subject, eventClass: action.eventClass };
            changed.push(action.type);
          }
          break;
        case 'attach-notes':
          if (action.tierNotes.trim() !== '') outcome.notes.tier.push(action.tierNotes);
          if (action.deviceNotes.trim() !== '') outcome.notes.device.push(action.deviceNotes);
          changed.push(action.type);
          break;
        case 'auto-page':
          if (outcome.autoPage === null) {
            outcome.autoPage = { transformId: transform.id, target: action.target, priority: action.priority };
            changed.push(action.type);
          }
          break;
        case 'post-card':
          if (!outcome.postCard) {
            outcome.postCard = true;
            changed.push(action.type);
          }
          break;
      }
    }
    outcome.applied.push({ id: transform.id, changed });
  }
  outcome.subject = subject;
  return outcome;
}

/** A dry run's request: the transform as it would be saved (its name optional), over the last `days` days. */
export const TransformPreviewInputSchema = TransformInputSchema.extend({
  name: z.string().trim().min(1).max(200).optional(),
  days: z.number().int().min(1).max(30).default(7),
});
