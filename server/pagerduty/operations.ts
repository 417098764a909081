/**
 * What the outbox holds: one row per call to PagerDuty, written in the transaction that decided it.
 * The worker (outbox-worker.ts) executes them; these schemas are the contract between the two.
 */
import { z } from 'zod';

/** An Events API v2 body (trigger, acknowledge or resolve), as PagerDuty documents it. */
export const EventsV2BodySchema = z.object({
  routing_key: z.string(),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().max(255),
  payload: z
    .object({
      summary: z.string().max(1024),
      source: z.string(),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.string().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  links: z.array(z.object({ href: z.string(), text: z.string() })).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
});
export type EventsV2Body = z.infer<typeof EventsV2BodySchema>;

/** Changes to an incident through REST v2 (PUT /incidents/{id}), found by its dedup key (incident_key). */
export const IncidentUpdateSchema = z.object({
  dedupKey: z.string(),
  status: z.enum(['acknowledged', 'resolved']).optional(),
  escalationLevel: z.number().int().min(1).max(20).optional(),
  escalationPolicyId: z.string().optional(),
  priorityName: z.string().optional(),
});

export const IncidentNoteSchema = z.object({ dedupKey: z.string(), content: z.string().min(1).max(25_000) });

export const OutboxOperationSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('events.send'), body: EventsV2BodySchema }),
  z.object({ operation: z.literal('rest.incident.update'), update: IncidentUpdateSchema }),
  z.object({ operation: z.literal('rest.incident.note'), note: IncidentNoteSchema }),
]);
export type OutboxOperation = z.infer<typeof OutboxOperationSchema>;
