/**
 * The maintenance dialog's fields as the operator types them, and the window COSS is asked to make from them: lists
 * are written one entry per comma (device globs, components, organizer paths), a duration as `2h`. What is wrong is
 * said against the field it is in, whether the console or COSS found it.
 */
import type { MaintenanceInput, MaintenanceScope } from '../../shared/maintenance.ts';
import { MAX_WINDOW_MS } from '../../shared/maintenance.ts';
import { validateScope } from '../../shared/maintenance-scope.ts';
import { parseDuration } from '../../shared/duration.ts';

export const MAINTENANCE_FIELDS = [
  'devices',
  'components',
  'eventClasses',
  'systems',
  'deviceGroups',
  'matchers',
  'duration',
  'reason',
  'ticket',
] as const;
export type MaintenanceField = (typeof MAINTENANCE_FIELDS)[number];

export type MaintenanceDraft = Record<MaintenanceField, string>;

/** The draft's scope fields alone: what the preview depends on. */
export type ScopeDraft = Pick<
  MaintenanceDraft,
  'devices' | 'components' | 'eventClasses' | 'systems' | 'deviceGroups' | 'matchers'
>;

/** A problem with one field, in words for the operator. */
export interface FieldProblem {
  field: MaintenanceField;
  message: string;
}

export const DEFAULT_DURATION = '2h';

/** The dialog's first state: the scope it was opened with, two hours, and the reason left to the operator. */
export function draftFor(seed: Partial<ScopeDraft>): MaintenanceDraft {
  return {
    devices: '',
    components: '',
    eventClasses: '',
    systems: '',
    deviceGroups: '',
    matchers: '',
    ...seed,
    duration: DEFAULT_DURATION,
    reason: '',
    ticket: '',
  };
}

/** `a, b ,c` → `['a', 'b', 'c']`; undefined when nothing is typed (the field does not narrow the scope). */
function list(text: string): string[] | undefined {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.length === 0 ? undefined : entries;
}

/** The scope the draft describes; every field left empty is the whole customer. */
export function draftScope(draft: ScopeDraft): MaintenanceScope {
  const scope: MaintenanceScope = {};
  const devices = list(draft.devices);
  const components = list(draft.components);
  const eventClasses = list(draft.eventClasses);
  const systems = list(draft.systems);
  const deviceGroups = list(draft.deviceGroups);
  if (devices) scope.devices = devices;
  if (components) scope.components = components;
  if (eventClasses) scope.eventClasses = eventClasses;
  if (systems) scope.systems = systems;
  if (deviceGroups) scope.deviceGroups = deviceGroups;
  if (draft.matchers.trim() !== '') scope.matchers = draft.matchers.trim();
  return scope;
}

/** True when the scope names nothing: the window would cover every alert of the customer. */
export function coversWholeCustomer(scope: MaintenanceScope): boolean {
  return Object.keys(scope).length === 0;
}

const FIELD_LABELS: Readonly<Record<MaintenanceField, string>> = {
  devices: 'Devices',
  components: 'Components',
  eventClasses: 'Event classes',
  systems: 'Systems',
  deviceGroups: 'Device groups',
  matchers: 'Label matchers',
  duration: 'Duration',
  reason: 'Reason',
  ticket: 'Ticket',
};

export function fieldLabel(field: MaintenanceField): string {
  return FIELD_LABELS[field];
}

/**
 * The dialog field a COSS error names (`scope.devices[0]`, `duration`, `endsAt`), or null when it names none the
 * dialog has. The dialog's duration is what sets `endsAt`, so COSS's complaints about the end land there.
 */
export function fieldOf(path: string | undefined): MaintenanceField | null {
  if (path === undefined) return null;
  const name = path.replace(/^scope\./, '').replace(/\[\d+\]$/, '');
  if (name === 'endsAt' || name === 'startsAt') return 'duration';
  return (MAINTENANCE_FIELDS as readonly string[]).includes(name) ? (name as MaintenanceField) : null;
}

/** The request for COSS, or the first thing the console can already tell is wrong (COSS checks it all again). */
export function draftInput(
  draft: MaintenanceDraft,
): { ok: true; input: MaintenanceInput } | { ok: false; problem: FieldProblem } {
  const scope = draftScope(draft);
  const scopeIssue = validateScope(scope);
  if (scopeIssue !== null) {
    const field = fieldOf(scopeIssue.field) ?? 'devices';
    return { ok: false, problem: { field, message: scopeIssue.message } };
  }
  const duration = draft.duration.trim();
  const ms = parseDuration(duration);
  if (ms === null)
    return {
      ok: false,
      problem: { field: 'duration', message: `"${duration}" is not a duration: write it as 30m, 2h, 1h30m or 1d` },
    };
  if (ms <= 0) return { ok: false, problem: { field: 'duration', message: 'a window must last longer than 0' } };
  if (ms > MAX_WINDOW_MS)
    return {
      ok: false,
      problem: {
        field: 'duration',
        message: `${duration} is longer than ${MAX_WINDOW_MS / 86_400_000} days, the longest window`,
      },
    };
  const reason = draft.reason.trim();
  if (reason === '')
    return { ok: false, problem: { field: 'reason', message: 'say why, so the room and the audit know' } };
  const ticket = draft.ticket.trim();
  return {
    ok: true,
    input: { scope, duration, reason, ...(ticket !== '' ? { ticket } : {}) },
  };
}
