/**
 * Turns simulator state into PagerDuty REST v2 resource shapes (schemas in rest.openapi.json: Incident,
 * LogEntry and its variants, IncidentNote, User, Service, Priority, Oncall, references).
 *
 * Where real PagerDuty answers `null` for a field whose schema is not nullable (priority, resolved_at,
 * conference_bridge, an on-call's schedule/start/end for direct targets) the field is left out, so responses
 * validate against the published schema; clients must treat absent and null alike.
 */
import type { Directory } from './directory.ts';
import type { IncidentStore } from './incident-store.ts';
import type { Agent, OnCallConfig, SimIncident, SimLogEntry, SimNote, UserConfig } from './types.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ShapeContext {
  directory: Directory;
  store: IncidentStore;
  /** Base for `self` links, so a client following them stays inside the simulator. */
  apiUrl: string;
  /** Base for `html_url` links (the web app in real PagerDuty). */
  webUrl: string;
}

function reference(ctx: ShapeContext, type: string, collection: string, id: string, summary: string): JsonObject {
  return {
    id,
    type,
    summary,
    self: `${ctx.apiUrl}/${collection}/${id}`,
    html_url: `${ctx.webUrl}/${collection}/${id}`,
  };
}

export function userReference(ctx: ShapeContext, userId: string): JsonObject {
  return reference(ctx, 'user_reference', 'users', userId, ctx.directory.user(userId)?.name ?? userId);
}

export function serviceReference(ctx: ShapeContext, serviceId: string): JsonObject {
  return reference(
    ctx,
    'service_reference',
    'services',
    serviceId,
    ctx.directory.service(serviceId)?.name ?? serviceId,
  );
}

export function escalationPolicyReference(ctx: ShapeContext, policyId: string): JsonObject {
  const name = ctx.directory.escalationPolicy(policyId)?.name ?? policyId;
  return reference(ctx, 'escalation_policy_reference', 'escalation_policies', policyId, name);
}

export function incidentReference(ctx: ShapeContext, incident: SimIncident): JsonObject {
  return reference(ctx, 'incident_reference', 'incidents', incident.id, incidentSummary(incident));
}

export function agentReference(ctx: ShapeContext, agent: Agent): JsonObject {
  return agent.kind === 'user' ? userReference(ctx, agent.userId) : serviceReference(ctx, agent.serviceId);
}

export function priorityReference(ctx: ShapeContext, priorityId: string): JsonObject {
  return reference(
    ctx,
    'priority_reference',
    'priorities',
    priorityId,
    ctx.directory.priority(priorityId)?.name ?? priorityId,
  );
}

export function priority(ctx: ShapeContext, priorityId: string): JsonObject {
  const config = ctx.directory.priority(priorityId);
  return {
    ...reference(ctx, 'priority', 'priorities', priorityId, config?.name ?? priorityId),
    name: config?.name ?? priorityId,
    description: config?.description ?? '',
  };
}

function incidentSummary(incident: SimIncident): string {
  return `[#${incident.number}] ${incident.title}`;
}

export function incident(ctx: ShapeContext, inc: SimIncident): JsonObject {
  const triggered = inc.alerts.filter((a) => a.status === 'triggered').length;
  const shape: JsonObject = {
    ...reference(ctx, 'incident', 'incidents', inc.id, incidentSummary(inc)),
    incident_number: inc.number,
    title: inc.title,
    created_at: inc.createdAt,
    updated_at: inc.updatedAt,
    status: inc.status,
    incident_key: inc.incidentKey,
    service: serviceReference(ctx, inc.serviceId),
    assignments: inc.assignments.map((a) => ({ at: a.at, assignee: userReference(ctx, a.userId) })),
    assigned_via: inc.assignedVia,
    last_status_change_at: inc.lastStatusChangeAt,
    last_status_change_by: agentReference(ctx, inc.lastStatusChangeBy),
    first_trigger_log_entry: reference(
      ctx,
      'trigger_log_entry_reference',
      'log_entries',
      inc.firstTriggerLogEntryId,
      'Triggered through the API.',
    ),
    alert_counts: { all: inc.alerts.length, triggered, resolved: inc.alerts.length - triggered },
    is_mergeable: true,
    incident_type: { name: 'incident_default' },
    escalation_policy: escalationPolicyReference(ctx, inc.escalationPolicyId),
    teams: [],
    pending_actions: [],
    acknowledgements: inc.acknowledgements.map((a) => ({ at: a.at, acknowledger: agentReference(ctx, a.agent) })),
    incidents_responders: [],
    responder_requests: [],
    urgency: inc.urgency,
  };
  if (inc.resolvedAt !== null) shape['resolved_at'] = inc.resolvedAt;
  if (inc.priorityId !== null) shape['priority'] = priority(ctx, inc.priorityId);
  return shape;
}

/** Channel summaries as PagerDuty's web app shows them. */
const CHANNEL_SUMMARY: Record<SimLogEntry['channel'], string> = {
  api: 'The PagerDuty API',
  website: 'The PagerDuty website or APIs',
  auto: 'Automatically by PagerDuty',
};

const ENTRY_VERB: Record<SimLogEntry['type'], string> = {
  trigger_log_entry: 'Triggered',
  acknowledge_log_entry: 'Acknowledged',
  unacknowledge_log_entry: 'Unacknowledged',
  resolve_log_entry: 'Resolved',
  escalate_log_entry: 'Escalated',
  assign_log_entry: 'Assigned',
  delegate_log_entry: 'Delegated',
  annotate_log_entry: 'Note added',
};

export function logEntry(ctx: ShapeContext, entry: SimLogEntry): JsonObject {
  const inc = ctx.store.get(entry.incidentId);
  const agent = agentReference(ctx, entry.agent);
  const agentSummary = typeof agent['summary'] === 'string' ? agent['summary'] : '';
  const shape: JsonObject = {
    ...reference(ctx, entry.type, 'log_entries', entry.id, `${ENTRY_VERB[entry.type]} by ${agentSummary}`),
    created_at: entry.createdAt,
    agent,
    channel: { type: entry.channel, summary: CHANNEL_SUMMARY[entry.channel] },
    contexts: [],
    teams: [],
  };
  if (inc) {
    shape['incident'] = incidentReference(ctx, inc);
    shape['service'] = serviceReference(ctx, inc.serviceId);
  }
  if (entry.assigneeIds) shape['assignees'] = entry.assigneeIds.map((id) => userReference(ctx, id));
  if (entry.note !== undefined) shape['note'] = entry.note;
  return shape;
}

export function note(ctx: ShapeContext, n: SimNote): JsonObject {
  return {
    id: n.id,
    user: userReference(ctx, n.userId),
    channel: { summary: CHANNEL_SUMMARY.website },
    content: n.content,
    created_at: n.createdAt,
  };
}

export function user(ctx: ShapeContext, u: UserConfig): JsonObject {
  return {
    ...reference(ctx, 'user', 'users', u.id, u.name),
    name: u.name,
    email: u.email,
    time_zone: 'Etc/UTC',
    color: 'green',
    role: 'user',
    avatar_url: `${ctx.webUrl}/avatars/${u.id}.png`,
    invitation_sent: false,
    teams: [],
    contact_methods: [
      reference(
        ctx,
        'email_contact_method_reference',
        `users/${u.id}/contact_methods`,
        `PC${u.id.slice(1)}`,
        'Default',
      ),
    ],
    notification_rules: [],
  };
}

export function service(ctx: ShapeContext, serviceId: string): JsonObject {
  const s = ctx.directory.service(serviceId);
  if (!s) throw new Error(`unknown service ${serviceId}`);
  const incidents = ctx.store.incidents().filter((i) => i.serviceId === s.id);
  const shape: JsonObject = {
    ...reference(ctx, 'service', 'services', s.id, s.name),
    name: s.name,
    description: `${s.name} (simulated)`,
    auto_resolve_timeout: 14400,
    acknowledgement_timeout: 1800,
    created_at: '2024-01-01T00:00:00.000Z',
    status: incidents.some((i) => i.status === 'triggered')
      ? 'critical'
      : incidents.some((i) => i.status === 'acknowledged')
        ? 'warning'
        : 'active',
    escalation_policy: escalationPolicyReference(ctx, s.escalationPolicyId),
    teams: [],
    integrations: [
      reference(
        ctx,
        'events_api_v2_inbound_integration_reference',
        `services/${s.id}/integrations`,
        `PX${s.id.slice(1)}`,
        'Events API v2',
      ),
    ],
    incident_urgency_rule: { type: 'constant', urgency: 'severity_based' },
    alert_creation: 'create_alerts_and_incidents',
  };
  const last = incidents.at(-1);
  if (last) shape['last_incident_timestamp'] = last.createdAt;
  return shape;
}

export function oncall(ctx: ShapeContext, o: OnCallConfig): JsonObject {
  const shape: JsonObject = {
    escalation_policy: escalationPolicyReference(ctx, o.escalationPolicyId),
    user: userReference(ctx, o.userId),
    escalation_level: o.escalationLevel,
  };
  if (o.scheduleId !== undefined) {
    shape['schedule'] = reference(ctx, 'schedule_reference', 'schedules', o.scheduleId, o.scheduleName ?? o.scheduleId);
    if (o.start !== undefined) shape['start'] = o.start;
    if (o.end !== undefined) shape['end'] = o.end;
  }
  return shape;
}
