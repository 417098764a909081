/**
 * The normalized Alert model that every ingest format becomes, and what consoles receive.
 * Pure TypeScript: no node:*, no DOM, no electron.
 */
import { z } from 'zod';
import { MaintenanceMarkSchema } from './maintenance.ts';
import { TicketRefSchema } from './ticket.ts';

/** Severities in increasing order; `clear` resolves an open alert instead of opening one. */
export const SEVERITIES = ['clear', 'debug', 'info', 'warning', 'error', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Rank for sorting: higher is worse. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Zenoss numbers its severities 0 (clear) to 5 (critical), the same order as ours. */
export function severityFromZenoss(level: number): Severity {
  const severity = SEVERITIES[level];
  if (severity === undefined) throw new RangeError(`Zenoss severity must be 0-5, got ${level}`);
  return severity;
}

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

/** `heartbeat`: raised by COSS itself when a heartbeat goes silent (shared/heartbeat.ts). */
export const ALERT_SOURCES = ['zenoss', 'alertmanager', 'prometheus', 'generic', 'heartbeat'] as const;
export const AlertSourceSchema = z.enum(ALERT_SOURCES);
export type AlertSource = z.infer<typeof AlertSourceSchema>;

/**
 * One incoming event after format-specific parsing, before it meets the store.
 * `fingerprint` identifies repeats (dedup); `clearKey` is what a clear event matches to resolve.
 */
export interface NormalizedEvent {
  source: AlertSource;
  fingerprint: string;
  clearKey: string;
  /** true when this event resolves matching open alerts instead of raising one */
  isClear: boolean;
  device: string;
  ip: string | null;
  component: string;
  eventClass: string;
  eventKey: string;
  severity: Severity;
  summary: string;
  message: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  deviceGroups: string[];
  systems: string[];
  location: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  externalId: string | null;
  generatorUrl: string | null;
  /** Zenoss's production state as a number (shared/prod-state.ts); absent or null for other sources. */
  prodState?: number | null;
  /**
   * What the source says of the alert's state when it arrives (Zenoss's eventState): already acknowledged (by whom),
   * or suppressed. Absent: a new, open alert.
   */
  arrival?: ArrivalState;
  /**
   * A clear that resolves only the active alert with this event's own fingerprint, not every alert of its clear key:
   * a Zenoss event that Zenoss itself closed, cleared or aged.
   */
  clearsOwnAlertOnly?: boolean;
}

/** The state a source reports with an event: acknowledged there already, or suppressed there. */
export interface ArrivalState {
  acknowledgedBy: string | null;
  suppressed: boolean;
}

/** Escalation notes attached at ingest: the runbook that travels with the alert. */
export const AlertNotesSchema = z.object({
  tier: z.string(),
  device: z.string(),
  ruleIds: z.array(z.number().int()),
});
export type AlertNotes = z.infer<typeof AlertNotesSchema>;

/** The alert as stored and as sent on the wire (times are ISO-8601 strings). */
export const AlertSchema = z.object({
  id: z.number().int(),
  customer: z.string(),
  number: z.number().int(),
  source: AlertSourceSchema,
  fingerprint: z.string(),
  device: z.string(),
  ip: z.string().nullable(),
  component: z.string(),
  eventClass: z.string(),
  eventKey: z.string(),
  severity: SeveritySchema,
  summary: z.string(),
  message: z.string(),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  status: AlertStatusSchema,
  acknowledgedBy: z.string().nullable(),
  assignee: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  deviceGroups: z.array(z.string()),
  systems: z.array(z.string()),
  location: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  externalId: z.string().nullable(),
  generatorUrl: z.string().nullable(),
  notes: AlertNotesSchema,
  /**
   * Set while a maintenance window or Zenoss's Maintenance production state covers the alert (shared/maintenance.ts);
   * COSS always sends it, null when not. Absent only in alerts a console cached before COSS had windows.
   */
  maintenance: MaintenanceMarkSchema.nullable().optional(),
  /** The Zendesk tickets made for the alert (`.ticket`), oldest first; absent when it has none. */
  tickets: z.array(TicketRefSchema).optional(),
  /**
   * Zenoss's production state of the device as a number (Production 1000, Pre-Production 500, Test 400,
   * Maintenance 300, Decommissioned -1; shared/prod-state.ts), null for other sources. Absent in older cached alerts.
   */
  prodState: z.number().int().nullable().optional(),
  /**
   * Zenoss reports the event Suppressed (its cause is known elsewhere, e.g. the router in front of the device is
   * down): kept and shown, marked, and notifying nobody. COSS always sends it; absent only in older cached alerts.
   */
  suppressed: z.boolean().optional(),
  /**
   * The id of the customer's (or the global) transform that suppressed the alert (docs/TRANSFORMS.md): stored and
   * counted, not in the default queue, notifying nobody, not pageable. Null when none; absent in older cached alerts.
   */
  suppressedBy: z.number().int().nullable().optional(),
  /** The alert's event family (shared/noise-family.ts); absent in older cached alerts. */
  family: z.string().optional(),
  updatedAt: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** One line of an alert's incident timeline as COSS answers it (server/alerts/timeline.ts), in words. */
export const AlertHistoryEntrySchema = z.object({
  seq: z.number(),
  kind: z.string(),
  actor: z.string().nullable(),
  at: z.string(),
  text: z.string().optional(),
});

/** A note on an alert, as COSS answers it with the alert's detail. */
export const AlertCommentSchema = z.object({
  id: z.number(),
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
