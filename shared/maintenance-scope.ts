/**
 * Which alerts a maintenance window's scope covers (shared/maintenance.ts), for COSS (marking alerts, refusing pages)
 * and the console (previewing a scope: "matches 3 open alerts on 2 devices") alike. Devices and components are globs
 * and event classes, Systems and device groups organizer paths, with the meaning note rules give them
 * (shared/notes.ts); `matchers` is an Alertmanager label selector (shared/label-selector.ts). Pure TypeScript.
 */
import type { MaintenanceScope } from './maintenance.ts';
import { parseLabelSelector, selectorMatches, type LabelMatcher } from './label-selector.ts';
import { globMatches, pathCovers, type NoteSubject } from './notes.ts';

/** The fields of an alert a scope matches on. */
export interface MaintenanceSubject extends NoteSubject {
  labels: Readonly<Record<string, string>>;
}

/** What is wrong with a scope: `field` is the path a 400 names (`scope.devices[0]`, `scope.matchers`). */
export interface ScopeIssue {
  field: string;
  message: string;
}

export type CompiledScope =
  { ok: true; matches: (subject: MaintenanceSubject) => boolean } | { ok: false; issue: ScopeIssue };

// C0 and C1 controls: never part of a device name or a path, and invisible in the room's reply.
// eslint-disable-next-line no-control-regex -- the controls are what this pattern is for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const GLOB_FIELDS = ['devices', 'components'] as const;
const PATH_FIELDS = ['eventClasses', 'systems', 'deviceGroups'] as const;

function globIssue(glob: string): string | null {
  if (CONTROL.test(glob)) return 'a glob cannot contain control characters';
  return null;
}

function pathIssue(path: string): string | null {
  if (CONTROL.test(path)) return 'a path cannot contain control characters';
  if (!path.startsWith('/')) return `"${path}" is not an organizer path: it starts with "/", as /Status/Ping does`;
  if (/\/\/./.test(path)) return `"${path}" has an empty part ("//")`;
  return null;
}

/** Compiles a scope once (the selector's regexes included); a bad glob, path or selector names its field. */
export function compileScope(scope: MaintenanceScope): CompiledScope {
  for (const field of GLOB_FIELDS) {
    for (const [index, glob] of (scope[field] ?? []).entries()) {
      const message = globIssue(glob);
      if (message) return { ok: false, issue: { field: `scope.${field}[${index}]`, message } };
    }
  }
  for (const field of PATH_FIELDS) {
    for (const [index, path] of (scope[field] ?? []).entries()) {
      const message = pathIssue(path);
      if (message) return { ok: false, issue: { field: `scope.${field}[${index}]`, message } };
    }
  }
  let matchers: LabelMatcher[] = [];
  if (scope.matchers !== undefined) {
    const parsed = parseLabelSelector(scope.matchers);
    if (!parsed.ok) return { ok: false, issue: { field: 'scope.matchers', message: parsed.error } };
    matchers = parsed.matchers;
  }
  return { ok: true, matches: (subject) => covers(scope, matchers, subject) };
}

/** The first thing wrong with a scope, or null when it is valid. */
export function validateScope(scope: MaintenanceScope): ScopeIssue | null {
  const compiled = compileScope(scope);
  return compiled.ok ? null : compiled.issue;
}

function covers(scope: MaintenanceScope, matchers: readonly LabelMatcher[], subject: MaintenanceSubject): boolean {
  if (scope.devices && !scope.devices.some((glob) => globMatches(glob, subject.device))) return false;
  if (scope.components && !scope.components.some((glob) => globMatches(glob, subject.component))) return false;
  if (scope.eventClasses && !scope.eventClasses.some((path) => pathCovers(path, subject.eventClass))) return false;
  const anyPath = (organizers: readonly string[] | undefined, paths: readonly string[]): boolean =>
    organizers === undefined || organizers.some((organizer) => paths.some((path) => pathCovers(organizer, path)));
  if (!anyPath(scope.systems, subject.systems)) return false;
  if (!anyPath(scope.deviceGroups, subject.deviceGroups)) return false;
  return selectorMatches(matchers, subject.labels);
}

// Selectors compiled by text: a scope is matched against every alert, and parsing it each time would dominate.
const compiledSelectors = new Map<string, CompiledScope>();
const CACHE_LIMIT = 500;

/** True when `scope` covers `subject`; an invalid scope covers nothing. */
export function scopeMatches(scope: MaintenanceScope, subject: MaintenanceSubject): boolean {
  const key = JSON.stringify(scope);
  let compiled = compiledSelectors.get(key);
  if (compiled === undefined) {
    compiled = compileScope(scope);
    if (compiledSelectors.size >= CACHE_LIMIT) compiledSelectors.clear();
    compiledSelectors.set(key, compiled);
  }
  return compiled.ok && compiled.matches(subject);
}
