/** The alerts table row and its wire form. */
import type { Alert, AlertSource, AlertStatus, Severity } from '../../shared/alert.ts';
import type { MaintenanceMark } from '../../shared/maintenance.ts';
import type { TicketRef } from '../../shared/ticket.ts';

export interface AlertRow {
  id: number;
  customer_id: number;
  number: number;
  source: string;
  fingerprint: string;
  clear_key: string;
  device: string;
  ip: string | null;
  component: string;
  event_class: string;
  event_key: string;
  severity: string;
  summary: string;
  message: string;
  count: number;
  first_seen: Date | string;
  last_seen: Date | string;
  status: string;
  acknowledged_by: string | null;
  assignee: string | null;
  resolved_at: Date | string | null;
  device_groups: string[];
  systems: string[];
  location: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  external_id: string | null;
  generator_url: string | null;
  tier_notes: string;
  device_notes: string;
  note_rule_ids: number[];
  /** migration 009: the maintenance mark, and Zenoss's production state */
  maintenance?: MaintenanceMark | null;
  prod_state?: number | null;
  suppressed?: boolean;
  /** migration 012: the transform that suppressed the alert */
  suppressed_by?: number | string | null;
  /** migration 015: the alert's Zendesk tickets */
  tickets?: TicketRef[] | null;
  updated_at: Date | string;
}

/**
 * Every column of AlertRow, for statements that return alert rows. Named rather than `*`: a prepared statement whose
 * result columns change (a migration run by a newer node adds one) fails on PostgreSQL with "cached plan must not
 * change result type", while a named list survives it. A test holds this list to the table.
 */
export const ALERT_ROW_COLUMNS = [
  'id',
  'customer_id',
  'number',
  'source',
  'fingerprint',
  'clear_key',
  'device',
  'ip',
  'component',
  'event_class',
  'event_key',
  'severity',
  'summary',
  'message',
  'count',
  'first_seen',
  'last_seen',
  'status',
  'acknowledged_by',
  'assignee',
  'resolved_at',
  'device_groups',
  'systems',
  'location',
  'labels',
  'annotations',
  'external_id',
  'generator_url',
  'tier_notes',
  'device_notes',
  'note_rule_ids',
  'maintenance',
  'prod_state',
  'suppressed',
  'suppressed_by',
  'tickets',
  'updated_at',
] as const satisfies ReadonlyArray<keyof AlertRow>;

/** ALERT_ROW_COLUMNS as a select list, each qualified by `alias`. */
export function alertColumns(alias: string): string {
  return ALERT_ROW_COLUMNS.map((column) => `${alias}.${column}`).join(', ');
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Converts a row to the wire Alert; `customer` is the customer's slug. */
export function toAlert(row: AlertRow, customer: string): Alert {
  return {
    id: Number(row.id),
    customer,
    number: Number(row.number),
    source: row.source as AlertSource,
    fingerprint: row.fingerprint,
    device: row.device,
    ip: row.ip,
    component: row.component,
    eventClass: row.event_class,
    eventKey: row.event_key,
    severity: row.severity as Severity,
    summary: row.summary,
    message: row.message,
    count: Number(row.count),
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    status: row.status as AlertStatus,
    acknowledgedBy: row.acknowledged_by,
    assignee: row.assignee,
    resolvedAt: row.resolved_at === null ? null : iso(row.resolved_at),
    deviceGroups: row.device_groups,
    systems: row.systems,
    location: row.location,
    labels: row.labels,
    annotations: row.annotations,
    externalId: row.external_id,
    generatorUrl: row.generator_url,
    notes: { tier: row.tier_notes, device: row.device_notes, ruleIds: row.note_rule_ids.map(Number) },
    maintenance: row.maintenance ?? null,
    prodState: row.prod_state === null || row.prod_state === undefined ? null : Number(row.prod_state),
    suppressed: row.suppressed === true,
    suppressedBy: row.suppressed_by === null || row.suppressed_by === undefined ? null : Number(row.suppressed_by),
    updatedAt: iso(row.updated_at),
    ...(row.tickets ? { tickets: row.tickets } : {}),
  };
}
