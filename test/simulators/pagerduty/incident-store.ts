/**
 * Incidents, alerts, log entries and notes, with PagerDuty's state transitions. The Events API, the REST API
 * and the test helpers all go through here, so every path produces the same log entries and webhooks.
 *
 * Long on purpose: it is one state machine (trigger, acknowledge, resolve, reassign, priority, notes, log entries),
 * and splitting it would leave two halves of the same transitions.
 */
import type { Directory } from './directory.ts';
import type { IdGenerator } from './ids.ts';
import type {
  Agent,
  ChannelType,
  EventSeverity,
  IncidentStatus,
  LogEntryType,
  SimIncident,
  SimLogEntry,
  SimNote,
  Urgency,
  WebhookEventType,
} from './types.ts';

/** A state change worth a webhook. */
export interface IncidentChange {
  eventType: WebhookEventType;
  incidentId: string;
  agent: Agent;
  occurredAt: string;
  client: { name: string; url?: string } | null;
  note?: SimNote;
}

/** A refusal PagerDuty documents with an error code (developer docs, REST API Errors). */
export class PagerDutyError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
    this.name = 'PagerDutyError';
  }
}

export interface TriggerInput {
  routingKey: string;
  serviceId: string;
  dedupKey: string;
  summary: string;
  source: string;
  severity: EventSeverity;
  client: { name: string; url?: string } | null;
}

export interface ActionContext {
  agent: Agent;
  channel: ChannelType;
}

/** PagerDuty maps event severity to incident urgency "severity_based": critical/error page, the rest do not. */
function urgencyFor(severity: EventSeverity): Urgency {
  return severity === 'critical' || severity === 'error' ? 'high' : 'low';
}

export class IncidentStore {
  private readonly incidentList: SimIncident[] = [];
  private readonly logEntryList: SimLogEntry[] = [];
  private readonly noteList: SimNote[] = [];
  /** (routing key, dedup key) -> open incident id: PD applies follow-ups only via the same routing key. */
  private readonly openByKey = new Map<string, string>();
  private readonly createdPerDedupKey = new Map<string, number>();

  constructor(
    private readonly directory: Directory,
    private readonly ids: IdGenerator,
    private readonly now: () => number,
    private readonly onChange: (change: IncidentChange) => void,
  ) {}

  // ---- reads ----

  incidents(): SimIncident[] {
    return this.incidentList;
  }

  logEntries(): SimLogEntry[] {
    return this.logEntryList;
  }

  notes(incidentId: string): SimNote[] {
    return this.noteList.filter((n) => n.incidentId === incidentId);
  }

  get(id: string): SimIncident | undefined {
    return this.incidentList.find((i) => i.id === id);
  }

  /** Incident id first, else the newest incident with that dedup key (open ones preferred). */
  find(idOrDedupKey: string): SimIncident | undefined {
    const byId = this.get(idOrDedupKey);
    if (byId) return byId;
    const withKey = this.incidentList.filter((i) => i.incidentKey === idOrDedupKey);
    return withKey.reverse().find((i) => i.status !== 'resolved') ?? withKey[0];
  }

  incidentsCreatedFor(dedupKey: string): number {
    return this.createdPerDedupKey.get(dedupKey) ?? 0;
  }

  incidentsCreatedPerDedupKey(): Map<string, number> {
    return new Map(this.createdPerDedupKey);
  }

  openIncidentFor(routingKey: string, dedupKey: string): SimIncident | undefined {
    const id = this.openByKey.get(openKey(routingKey, dedupKey));
    return id === undefined ? undefined : this.get(id);
  }

  // ---- Events API ----

  /** A trigger joins the open incident with this dedup key, or opens a new one (PD "Alert De-Duplication"). */
  trigger(input: TriggerInput): { incident: SimIncident; created: boolean } {
    const open = this.openIncidentFor(input.routingKey, input.dedupKey);
    const at = this.isoNow();
    if (open) {
      const alert = open.alerts.find((a) => a.dedupKey === input.dedupKey && a.status === 'triggered');
      if (alert) alert.triggerEvents += 1;
      open.updatedAt = at;
      return { incident: open, created: false };
    }
    const service = this.directory.service(input.serviceId);
    if (!service) throw new Error(`unknown service ${input.serviceId}`);
    const agent: Agent = { kind: 'service', serviceId: service.id };
    const assignees = this.directory.onCallUsers(service.escalationPolicyId, 1);
    const incident: SimIncident = {
      id: this.ids.next('I'),
      number: this.incidentList.length + 1,
      title: input.summary,
      status: 'triggered',
      incidentKey: input.dedupKey,
      serviceId: service.id,
      routingKey: input.routingKey,
      escalationPolicyId: service.escalationPolicyId,
      escalationLevel: 1,
      assignedVia: 'escalation_policy',
      assignments: assignees.map((userId) => ({ userId, at })),
      acknowledgements: [],
      priorityId: null,
      urgency: urgencyFor(input.severity),
      createdAt: at,
      updatedAt: at,
      lastStatusChangeAt: at,
      lastStatusChangeBy: agent,
      resolvedAt: null,
      alerts: [
        {
          dedupKey: input.dedupKey,
          status: 'triggered',
          summary: input.summary,
          source: input.source,
          severity: input.severity,
          createdAt: at,
          triggerEvents: 1,
        },
      ],
      firstTriggerLogEntryId: '',
      client: input.client,
    };
    this.incidentList.push(incident);
    this.openByKey.set(openKey(input.routingKey, input.dedupKey), incident.id);
    this.createdPerDedupKey.set(input.dedupKey, this.incidentsCreatedFor(input.dedupKey) + 1);
    const triggerEntry = this.log(incident, 'trigger_log_entry', { agent, channel: 'api' }, {});
    incident.firstTriggerLogEntryId = triggerEntry.id;
    // The escalation policy's assignment is automatic noise, hence outside the overview subset.
    this.log(incident, 'assign_log_entry', { agent, channel: 'auto' }, { assigneeIds: assignees, overview: false });
    this.emit('incident.triggered', incident, agent, input.client);
    return { incident, created: true };
  }

  // ---- transitions shared by Events API, REST and helpers ----

  acknowledge(incident: SimIncident, ctx: ActionContext): void {
    if (incident.status === 'acknowledged') return; // idempotent: no second log entry or webhook
    if (incident.status === 'resolved') this.reopen(incident, ctx, 'acknowledged');
    else this.setStatus(incident, 'acknowledged', ctx);
    incident.acknowledgements.push({ agent: ctx.agent, at: incident.lastStatusChangeAt });
    this.log(incident, 'acknowledge_log_entry', ctx, {});
    this.emit('incident.acknowledged', incident, ctx.agent);
  }

  unacknowledge(incident: SimIncident, ctx: ActionContext): void {
    if (incident.status !== 'acknowledged') return;
    this.setStatus(incident, 'triggered', ctx);
    incident.acknowledgements = [];
    this.log(incident, 'unacknowledge_log_entry', ctx, {});
    this.emit('incident.unacknowledged', incident, ctx.agent);
  }

  resolve(incident: SimIncident, ctx: ActionContext, resolution?: string): void {
    if (incident.status === 'resolved') return;
    this.setStatus(incident, 'resolved', ctx);
    incident.resolvedAt = incident.lastStatusChangeAt;
    incident.acknowledgements = [];
    for (const alert of incident.alerts) alert.status = 'resolved';
    this.openByKey.delete(openKey(incident.routingKey, incident.incidentKey));
    this.log(incident, 'resolve_log_entry', ctx, resolution === undefined ? {} : { note: resolution });
    this.emit('incident.resolved', incident, ctx.agent);
  }

  /** PD: setting a resolved incident to triggered/acknowledged reopens it (REST updateIncident, `status`). */
  reopen(incident: SimIncident, ctx: ActionContext, to: 'triggered' | 'acknowledged'): void {
    if (incident.status !== 'resolved') return;
    const key = openKey(incident.routingKey, incident.incidentKey);
    if (this.openByKey.has(key)) {
      throw new PagerDutyError(400, 2001, 'Invalid Input Provided', [
        'Another open incident already has this incident key',
      ]);
    }
    this.setStatus(incident, to, ctx);
    incident.resolvedAt = null;
    for (const alert of incident.alerts) alert.status = 'triggered';
    this.openByKey.set(key, incident.id);
    if (to === 'triggered') {
      incident.escalationLevel = 1;
      this.assign(incident, this.directory.onCallUsers(incident.escalationPolicyId, 1), 'escalation_policy');
    }
    this.emit('incident.reopened', incident, ctx.agent);
  }

  escalate(incident: SimIncident, ctx: ActionContext, level?: number): void {
    this.assertOpen(incident);
    const target = level ?? incident.escalationLevel + 1;
    const max = this.directory.maxLevel(incident.escalationPolicyId);
    if (!Number.isInteger(target) || target < 1 || target > max) {
      throw new PagerDutyError(400, 1006, 'Cannot Escalate', [`Escalation level must be between 1 and ${max}`]);
    }
    incident.escalationLevel = target;
    const assignees = this.directory.onCallUsers(incident.escalationPolicyId, target);
    this.assign(incident, assignees, 'escalation_policy');
    // Escalating hands the incident to new responders, so an acknowledgement no longer holds.
    if (incident.status === 'acknowledged') {
      this.setStatus(incident, 'triggered', ctx);
      incident.acknowledgements = [];
    }
    this.touch(incident);
    this.log(incident, 'escalate_log_entry', ctx, { assigneeIds: assignees });
    this.emit('incident.escalated', incident, ctx.agent);
  }

  reassign(incident: SimIncident, ctx: ActionContext, userIds: string[]): void {
    this.assertOpen(incident);
    for (const id of userIds) {
      if (!this.directory.user(id))
        throw new PagerDutyError(400, 1007, 'Assigned To User Not Found', [`User ${id} not found`]);
    }
    if (userIds.length === 0)
      throw new PagerDutyError(400, 2001, 'Invalid Input Provided', ['Assignments must not be empty']);
    this.assign(incident, userIds, 'direct_assignment');
    if (incident.status === 'acknowledged') {
      this.setStatus(incident, 'triggered', ctx);
      incident.acknowledgements = [];
    }
    this.touch(incident);
    this.log(incident, 'assign_log_entry', ctx, { assigneeIds: userIds });
    this.emit('incident.reassigned', incident, ctx.agent);
  }

  delegate(incident: SimIncident, ctx: ActionContext, escalationPolicyId: string): void {
    this.assertOpen(incident);
    if (!this.directory.escalationPolicy(escalationPolicyId)) {
      throw new PagerDutyError(400, 1014, 'Escalation Policy Not Found', [
        `Escalation policy ${escalationPolicyId} not found`,
      ]);
    }
    incident.escalationPolicyId = escalationPolicyId;
    incident.escalationLevel = 1;
    const assignees = this.directory.onCallUsers(escalationPolicyId, 1);
    this.assign(incident, assignees, 'escalation_policy');
    if (incident.status === 'acknowledged') {
      this.setStatus(incident, 'triggered', ctx);
      incident.acknowledgements = [];
    }
    this.touch(incident);
    this.log(incident, 'delegate_log_entry', ctx, { assigneeIds: assignees });
    this.emit('incident.delegated', incident, ctx.agent);
  }

  setPriority(incident: SimIncident, ctx: ActionContext, priorityId: string | null): void {
    if (priorityId !== null && !this.directory.priority(priorityId)) {
      throw new PagerDutyError(400, 1020, 'Invalid Priority', [`Priority ${priorityId} not found`]);
    }
    if (incident.priorityId === priorityId) return;
    incident.priorityId = priorityId;
    this.touch(incident);
    this.emit('incident.priority_updated', incident, ctx.agent);
  }

  setTitle(incident: SimIncident, title: string): void {
    incident.title = title;
    this.touch(incident);
  }

  setUrgency(incident: SimIncident, urgency: Urgency): void {
    incident.urgency = urgency;
    this.touch(incident);
  }

  addNote(incident: SimIncident, userId: string, content: string): SimNote {
    const note: SimNote = {
      id: this.ids.next('N'),
      incidentId: incident.id,
      userId,
      content,
      createdAt: this.isoNow(),
    };
    this.noteList.push(note);
    this.log(
      incident,
      'annotate_log_entry',
      { agent: { kind: 'user', userId }, channel: 'website' },
      { note: content },
    );
    this.emit('incident.annotated', incident, { kind: 'user', userId }, null, note);
    return note;
  }

  reset(): void {
    this.incidentList.length = 0;
    this.logEntryList.length = 0;
    this.noteList.length = 0;
    this.openByKey.clear();
    this.createdPerDedupKey.clear();
  }

  // ---- internals ----

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private assertOpen(incident: SimIncident): void {
    if (incident.status === 'resolved') throw new PagerDutyError(400, 1001, 'Incident Already Resolved');
  }

  private setStatus(incident: SimIncident, status: IncidentStatus, ctx: ActionContext): void {
    const at = this.isoNow();
    incident.status = status;
    incident.lastStatusChangeAt = at;
    incident.lastStatusChangeBy = ctx.agent;
    incident.updatedAt = at;
  }

  private touch(incident: SimIncident): void {
    incident.updatedAt = this.isoNow();
  }

  private assign(incident: SimIncident, userIds: string[], via: SimIncident['assignedVia']): void {
    const at = this.isoNow();
    incident.assignments = userIds.map((userId) => ({ userId, at }));
    incident.assignedVia = via;
  }

  private log(
    incident: SimIncident,
    type: LogEntryType,
    ctx: ActionContext,
    extra: { assigneeIds?: string[]; note?: string; overview?: boolean },
  ): SimLogEntry {
    const entry: SimLogEntry = {
      id: this.ids.next('L'),
      type,
      createdAt: this.isoNow(),
      incidentId: incident.id,
      agent: ctx.agent,
      channel: ctx.channel,
      overview: extra.overview ?? true,
      ...(extra.assigneeIds === undefined ? {} : { assigneeIds: extra.assigneeIds }),
      ...(extra.note === undefined ? {} : { note: extra.note }),
    };
    this.logEntryList.push(entry);
    return entry;
  }

  private emit(
    eventType: WebhookEventType,
    incident: SimIncident,
    agent: Agent,
    client: IncidentChange['client'] = null,
    note?: SimNote,
  ): void {
    this.onChange({
      eventType,
      incidentId: incident.id,
      agent,
      occurredAt: this.isoNow(),
      client,
      ...(note ? { note } : {}),
    });
  }
}

function openKey(routingKey: string, dedupKey: string): string {
  return `${routingKey}\u0000${dedupKey}`;
}
