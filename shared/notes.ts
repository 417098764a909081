/** Escalation-note rules: which runbook text (tier notes, device notes) attaches to which alerts. */
import { z } from 'zod';
import { familyOf } from './noise-family.ts';

const optionalPattern = z.string().trim().min(1).max(512).nullable().optional();

/** What a client sends to create or replace a rule. At least one match field keeps a rule from matching by accident. */
export const NoteRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    position: z.number().int().min(0).max(1_000_000).default(100),
    enabled: z.boolean().default(true),
    match: z.object({
      deviceGlob: optionalPattern,
      deviceGroup: optionalPattern,
      system: optionalPattern,
      component: optionalPattern,
      eventClass: optionalPattern,
      /** an event family key exactly (shared/noise-family.ts), as a triage session writes it */
      family: z.string().min(1).max(4096).nullable().optional(),
    }),
    tierNotes: z.string().max(65_536).default(''),
    deviceNotes: z.string().max(65_536).default(''),
  })
  .refine((rule) => rule.tierNotes !== '' || rule.deviceNotes !== '', {
    message: 'a rule needs tierNotes or deviceNotes',
    path: ['tierNotes'],
  });
export type NoteRuleInput = z.infer<typeof NoteRuleInputSchema>;

export interface NoteRuleMatch {
  deviceGlob?: string | null | undefined;
  deviceGroup?: string | null | undefined;
  system?: string | null | undefined;
  component?: string | null | undefined;
  eventClass?: string | null | undefined;
  family?: string | null | undefined;
}

/** A stored rule. */
export interface NoteRule {
  id: number;
  customer: string;
  name: string;
  position: number;
  enabled: boolean;
  match: NoteRuleMatch;
  tierNotes: string;
  deviceNotes: string;
  updatedAt: string;
}

/** The fields of an alert that rules match on. */
export interface NoteSubject {
  device: string;
  deviceGroups: readonly string[];
  systems: readonly string[];
  component: string;
  eventClass: string;
  /** what a `family` match needs besides the fields above; absent, the subject is of the event kind */
  source?: string;
  labels?: Readonly<Record<string, string>>;
}

/**
 * Shell-style glob (`*`, `?`) matched whole and case-insensitively, as operators write device names.
 * A glob is written by a user and run against every event, so it must not backtrack exponentially (a regex `.*`
 * per star did: "*-*-*-*.acme.com" against 600 dashes took 37 s). This is the two-pointer matcher: on a mismatch
 * only the last star takes one more character, so the cost is at most glob length × value length.
 */
export function globMatches(glob: string, value: string): boolean {
  // Per code point, so `?` takes one character even outside the BMP; folded once, not per comparison.
  const pattern = foldedCodePoints(glob);
  const text = foldedCodePoints(value);
  let p = 0;
  let t = 0;
  let star = -1; // position of the last `*` seen in the pattern
  let starText = 0; // where in the text that star's match currently ends
  while (t < text.length) {
    const want = pattern[p];
    if (want === '*') {
      star = p;
      starText = t;
      p += 1;
    } else if (want !== undefined && (want === '?' || want === text[t])) {
      p += 1;
      t += 1;
    } else if (star >= 0) {
      starText += 1;
      p = star + 1;
      t = starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

/**
 * Case-folded code points, one per character of `text`. The whole-string fold is much faster than one per
 * character, but a few characters grow when lower-cased (İ), and then each is folded alone. Final sigma is the one
 * fold that depends on context: ς and σ are one letter.
 */
function foldedCodePoints(text: string): string[] {
  const lower = text.toLowerCase();
  const chars = lower.length === text.length ? Array.from(lower) : Array.from(text, (char) => char.toLowerCase());
  return lower.includes('ς') ? chars.map((char) => (char === 'ς' ? 'σ' : char)) : chars;
}

/** Zenoss organizers are paths: `/Customers/Acme` covers `/Customers/Acme/Web`. */
export function pathCovers(organizer: string, path: string): boolean {
  const a = organizer.replace(/\/+$/, '').toLowerCase();
  const b = path.toLowerCase();
  return b === a || b.startsWith(a + '/');
}

/** True when every match field the rule sets matches the subject. */
export function ruleMatches(match: NoteRuleMatch, subject: NoteSubject): boolean {
  if (match.deviceGlob && !globMatches(match.deviceGlob, subject.device)) return false;
  if (match.component && !globMatches(match.component, subject.component)) return false;
  if (match.eventClass && !pathCovers(match.eventClass, subject.eventClass)) return false;
  const group = match.deviceGroup;
  if (group && !subject.deviceGroups.some((path) => pathCovers(group, path))) return false;
  const system = match.system;
  if (system && !subject.systems.some((path) => pathCovers(system, path))) return false;
  if (
    match.family &&
    familyOf({ ...subject, source: subject.source ?? '', labels: subject.labels ?? {} }) !== match.family
  )
    return false;
  return true;
}

/** Composes the notes of every matching enabled rule, in position order. */
export function composeNotes(
  rules: readonly NoteRule[],
  subject: NoteSubject,
): { tier: string; device: string; ruleIds: number[] } {
  const matching = rules
    .filter((rule) => rule.enabled && ruleMatches(rule.match, subject))
    .sort((a, b) => a.position - b.position || a.id - b.id);
  const join = (parts: string[]) => parts.filter((part) => part.trim() !== '').join('\n\n');
  return {
    tier: join(matching.map((rule) => rule.tierNotes)),
    device: join(matching.map((rule) => rule.deviceNotes)),
    ruleIds: matching.map((rule) => rule.id),
  };
}
