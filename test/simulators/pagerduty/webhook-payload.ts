/**
 * Builds Webhooks v3 event bodies (PagerDuty developer docs, "v3 Overview": one event per POST, with
 * event.data of type `incident`, or `incident_note` for incident.annotated).
 */
import { randomUUID } from 'node:crypto';
import type { IncidentChange } from './incident-store.ts';
import {
  agentReference,
  escalationPolicyReference,
  incidentReference,
  priorityReference,
  serviceReference,
  userReference,
  type JsonObject,
  type ShapeContext,
} from './rest-shapes.ts';
import type { SimIncident } from './types.ts';

export interface WebhookEventEnvelope {
  event: JsonObject & { id: string };
}

function incidentData(ctx: ShapeContext, inc: SimIncident): JsonObject {
  return {
    id: inc.id,
    type: 'incident',
    self: `${ctx.apiUrl}/incidents/${inc.id}`,
    html_url: `${ctx.webUrl}/incidents/${inc.id}`,
    number: inc.number,
    status: inc.status,
    incident_key: inc.incidentKey,
    created_at: inc.createdAt,
    title: inc.title,
    service: serviceReference(ctx, inc.serviceId),
    assignees: inc.assignments.map((a) => userReference(ctx, a.userId)),
    escalation_policy: escalationPolicyReference(ctx, inc.escalationPolicyId),
    teams: [],
    // Webhook data (unlike the REST schema) documents these as present and null when unset.
    priority: inc.priorityId === null ? null : priorityReference(ctx, inc.priorityId),
    urgency: inc.urgency,
    conference_bridge: null,
    resolve_reason: null,
    incident_type: { name: 'incident_default' },
  };
}

/** A snapshot taken when the change happens, so later changes do not leak into an earlier webhook. */
export function buildWebhookEvent(ctx: ShapeContext, change: IncidentChange): WebhookEventEnvelope | null {
  const inc = ctx.store.get(change.incidentId);
  if (!inc) return null;
  const data: JsonObject =
    change.eventType === 'incident.annotated' && change.note
      ? {
          incident: incidentReference(ctx, inc),
          id: change.note.id,
          content: change.note.content,
          trimmed: false,
          type: 'incident_note',
        }
      : incidentData(ctx, inc);
  const client: JsonObject | null =
    change.client === null
      ? null
      : { name: change.client.name, ...(change.client.url === undefined ? {} : { url: change.client.url }) };
  return {
    event: {
      id: randomUUID(),
      event_type: change.eventType,
      resource_type: 'incident',
      occurred_at: change.occurredAt,
      agent: agentReference(ctx, change.agent),
      client,
      data,
    },
  };
}
