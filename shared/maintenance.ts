/**
 * Maintenance windows: the wire contract between COSS (REST, stream), the CLI and the console. A window belongs to
 * one customer; while it is active, the alerts its scope matches are stored and shown but marked, notify nobody and
 * are not paged unless the operator forces it. Zenoss devices whose production state is Maintenance carry the same
 * mark with `source: "zenoss"`. Pure TypeScript: no node:*, no DOM, no electron.
 */
import { z } from 'zod';

/** The longest one-off window, and the longest single occurrence of a weekly one. */
export const MAX_WINDOW_MS = 30 * 86_400_000;

const pattern = z.string().trim().min(1).max(512);
const patterns = z.array(pattern).min(1).max(50);

/**
 * What a window covers. Each field that is set must match (AND); within a field any entry may match (OR). No field
 * set: the whole customer. Devices and components are globs (`*`, `?`, whole and case-insensitive, as note rules);
 * event classes, Systems and device groups are Zenoss organizer paths that cover their sub-paths; `matchers` is an
 * Alertmanager-style label selector such as `{job="node", instance=~"db.*"}` (`=`, `!=`, `=~`, `!~`; regexes match
 * the whole value and run in linear time).
 */
export const MaintenanceScopeSchema = z
  .object({
    devices: patterns.optional(),
    components: patterns.optional(),
    eventClasses: patterns.optional(),
    systems: patterns.optional(),
    deviceGroups: patterns.optional(),
    matchers: z.string().trim().min(2).max(2_048).optional(),
  })
  .strict();
export type MaintenanceScope = z.infer<typeof MaintenanceScopeSchema>;

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const WeekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof WeekdaySchema>;

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 02:00');

/**
 * A weekly window ("Sun 02:00–04:00") in a time zone, the customer's unless given: each occurrence starts at `start`
 * local time on each of `days` and ends at `end` local time (the next day when `end` is not after `start`), so it
 * keeps its local hours across a daylight-saving change.
 */
export const WeeklyRecurrenceSchema = z
  .object({
    days: z.array(WeekdaySchema).min(1).max(7),
    start: clock,
    end: clock,
    timeZone: z.string().min(1).max(64).optional(),
  })
  .strict();
export type WeeklyRecurrence = z.infer<typeof WeeklyRecurrenceSchema>;

const instant = z.string().datetime({ offset: true });

/**
 * What a client sends to make a window (`POST /api/v1/customers/{slug}/maintenance`). A one-off window runs from
 * `startsAt` (now when absent) for `duration` (`2h`, shared/duration.ts) or until `endsAt`, one of the two. A weekly
 * window has `recurrence`; its occurrences fall between `startsAt` (now when absent) and `endsAt` (open-ended when
 * absent). COSS answers 400 naming the field for a window that is already over, a duration of 0 or over 30 days,
 * an invalid glob, path or matcher.
 */
export const MaintenanceInputSchema = z
  .object({
    scope: MaintenanceScopeSchema.default({}),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    duration: z.string().trim().min(1).max(32).optional(),
    recurrence: WeeklyRecurrenceSchema.optional(),
    reason: z.string().trim().min(1).max(500),
    ticket: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type MaintenanceInput = z.infer<typeof MaintenanceInputSchema>;

/** `PATCH …/maintenance/{id}`: extend by a duration or move the end; change the reason or ticket. */
export const MaintenancePatchSchema = z
  .object({
    extendBy: z.string().trim().min(1).max(32).optional(),
    endsAt: instant.optional(),
    reason: z.string().trim().min(1).max(500).optional(),
    ticket: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .strict();
export type MaintenancePatch = z.infer<typeof MaintenancePatchSchema>;

export const MAINTENANCE_STATES = ['scheduled', 'active', 'ended'] as const;
export const MaintenanceStateSchema = z.enum(MAINTENANCE_STATES);
export type MaintenanceState = z.infer<typeof MaintenanceStateSchema>;

/** A window as COSS answers it. `state` and the two times after it are worked out at the time of the answer. */
export const MaintenanceWindowSchema = z.object({
  id: z.number().int(),
  customer: z.string(),
  scope: MaintenanceScopeSchema,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  recurrence: WeeklyRecurrenceSchema.nullable(),
  reason: z.string(),
  ticket: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Set when someone ended the window before its time (`.maint end`, DELETE). */
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
  state: MaintenanceStateSchema,
  /** While active: when the current occurrence ends. */
  activeUntil: z.string().nullable(),
  /** While scheduled: when the next occurrence starts. */
  nextStart: z.string().nullable(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

export const MAINTENANCE_SOURCES = ['window', 'zenoss'] as const;

/**
 * The mark on an alert under maintenance, in REST and the stream (`"maintenance": null` when it is not). When
 * several windows cover an alert, the one that lasts longest is named; `until` is null for Zenoss's Maintenance
 * production state, which lasts until Zenoss says otherwise.
 */
export const MaintenanceMarkSchema = z.object({
  windowId: z.number().int().nullable(),
  source: z.enum(MAINTENANCE_SOURCES),
  reason: z.string(),
  until: z.string().nullable(),
});
export type MaintenanceMark = z.infer<typeof MaintenanceMarkSchema>;

/**
 * A page COSS held back, as its 409 says it (`error.code`, `error.windows`): `under_maintenance` when windows cover
 * the alert (every one, the longest first) or Zenoss has its device in Maintenance (no windows); `unpaged_prod_state`
 * when the device is in Zenoss's Test or Decommissioned state and the customer does not page those;
 * `suppressed_by_transform` when one of the customer's transforms suppressed the alert. Each may be overridden by
 * sending the page again with force, which COSS records in the room.
 */
export const PageHoldSchema = z.object({
  code: z.enum(['under_maintenance', 'unpaged_prod_state', 'suppressed_by_transform']),
  windows: z
    .array(z.object({ id: z.number().int(), reason: z.string(), until: z.string() }))
    .max(200)
    .default([]),
  /** `suppressed_by_transform`: the transform that suppressed the alert (docs/TRANSFORMS.md) */
  transform: z.object({ id: z.number().int(), name: z.string() }).optional(),
  /** the console's own hold from its last copy of the alert, while COSS cannot be asked (COSS never sends it) */
  asLastKnown: z.boolean().optional(),
});
export type PageHold = z.infer<typeof PageHoldSchema>;
