/**
 * What the PagerDuty outbox holds: one row per call to PagerDuty, written in the transaction that decided it.
 * The delivery (pagerduty-delivery.ts) executes them; these schemas are the contract between the two.
 */
import { z } from 'zod';
import { EventsV2BodySchema } from '../integrations/pagerduty/events-v2-schema.ts';

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

/** The operation in the bot's words: "acknowledge", "escalation to level 2 and reassignment", "note", … */
export function describeOperation(operation: OutboxOperation | null): string {
  if (!operation) return 'request';
  switch (operation.operation) {
    case 'events.send':
      return operation.body.event_action;
    case 'rest.incident.note':
      return 'note';
    case 'rest.incident.update': {
      const u = operation.update;
      const parts: string[] = [];
      if (u.status === 'acknowledged') parts.push('acknowledge');
      if (u.status === 'resolved') parts.push('resolve');
      if (u.escalationLevel !== undefined) parts.push(`escalation to level ${u.escalationLevel}`);
      if (u.escalationPolicyId !== undefined) parts.push('reassignment');
      if (u.priorityName !== undefined) parts.push(`priority ${u.priorityName}`);
      return parts.length > 0 ? parts.join(' and ') : 'update';
    }
  }
}
