/** PagerDuty Webhooks v3: the envelope of one delivery and the `data` of the incident events COSS acts on. */
import { z } from 'zod';

const Reference = z.looseObject({ id: z.string().min(1), summary: z.string().optional(), type: z.string().optional() });

/** Webhooks v3 envelope: one event per POST. */
export const WebhookEnvelopeSchema = z.object({
  event: z.looseObject({
    id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(200),
    resource_type: z.string().min(1).max(200),
    occurred_at: z.iso.datetime({ offset: true }),
    agent: Reference.nullable().optional(),
    client: z.looseObject({ name: z.string().optional() }).nullable().optional(),
    data: z.record(z.string(), z.unknown()),
  }),
});
export type WebhookEnvelope = z.infer<typeof WebhookEnvelopeSchema>;

/** `data` of the incident.* events (type incident). */
export const IncidentDataSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('incident'),
  number: z.number().int().optional(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']).optional(),
  incident_key: z.string().nullable().optional(),
  service: Reference.nullable().optional(),
  assignees: z.array(Reference).optional(),
  escalation_policy: Reference.nullable().optional(),
  priority: Reference.nullable().optional(),
});

/** `data` of incident.annotated (type incident_note): the note and the incident it is on. */
export const NoteDataSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal('incident_note'),
  content: z.string(),
  incident: Reference,
});

/** The incident events COSS acts on, named by what follows `incident.` in their event type. */
export const INCIDENT_EVENT_KINDS = [
  'triggered',
  'acknowledged',
  'unacknowledged',
  'resolved',
  'reopened',
  'escalated',
  'reassigned',
  'delegated',
  'annotated',
  'priority_updated',
] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** The kind of an incident event type COSS acts on (`incident.acknowledged` → `acknowledged`), else null. */
export function incidentEventKind(eventType: string): IncidentEventKind | null {
  const kind = eventType.startsWith('incident.') ? eventType.slice('incident.'.length) : '';
  return INCIDENT_EVENT_KINDS.find((known) => known === kind) ?? null;
}

/** The data schema a handled event type must satisfy (checked at the door, so bad data is a 400). */
export function dataSchemaFor(eventType: string): z.ZodType | null {
  const kind = incidentEventKind(eventType);
  if (kind === null) return null;
  return kind === 'annotated' ? NoteDataSchema : IncidentDataSchema;
}
