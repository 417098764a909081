/**
 * A change to a PagerDuty incident as COSS sees it, and the pure decision of what it means: whether it is news
 * given what COSS last applied, and the words the room is told. A change is applied at most once however often it
 * is seen (webhooks and log entries name the same change with slightly different times), so identity is the
 * resulting state, and order is PagerDuty's time.
 */
import type { IncidentEventKind } from '../integrations/pagerduty/webhook-schemas.ts';

/** What happened to an incident: the kinds of PagerDuty's incident events, whichever way they arrive. */
export type ChangeKind = IncidentEventKind;
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** One change to one incident, from a webhook or a log entry. Unknown parts are null. */
export interface IncidentChange {
  kind: ChangeKind;
  source: 'webhook' | 'log_entry';
  /** event id or log entry id, for the audit trail */
  sourceId: string;
  incidentId: string;
  incidentKey: string | null;
  incidentNumber: number | null;
  serviceId: string | null;
  escalationPolicy: { id: string; name: string | null } | null;
  /** the incident's status after the change, when the source says */
  status: IncidentStatus | null;
  assignees: Array<{ id: string; name: string }> | null;
  escalationLevel: number | null;
  /** who did it (agent summary) */
  agent: string | null;
  occurredAt: Date;
  note: string | null;
  /** priority name after a priority change; null = none; undefined = not part of this change */
  priority?: string | null;
}

/** What COSS last applied of an incident (a pagerduty_incidents row). */
export interface IncidentState {
  status: IncidentStatus | null;
  statusAt: Date | null;
  assignment: string;
  assignedAt: Date | null;
  escalationPolicyId: string | null;
  priority: string | null;
  priorityAt: Date | null;
}

export interface Decision {
  report: boolean;
  /** why nothing is reported, or what is */
  reason: string;
  /** the bot line's "was <what>" */
  what: string | null;
  next: Partial<IncidentState>;
}

const STATUS_AFTER: Partial<Record<ChangeKind, IncidentStatus>> = {
  triggered: 'triggered',
  acknowledged: 'acknowledged',
  unacknowledged: 'triggered',
  resolved: 'resolved',
  reopened: 'triggered',
};

const by = (agent: string | null) => (agent ? ` by ${agent}` : '');
export const assigneeNames = (assignees: IncidentChange['assignees']) =>
  (assignees ?? []).map((a) => a.name).join(', ');
export const assignmentKey = (assignees: IncidentChange['assignees']) =>
  [...new Set((assignees ?? []).map((a) => a.id))].sort().join(',');

/** Whether `change` is new given `state`, and what it makes of it. Pure; the heart of idempotency. */
export function decide(state: IncidentState, change: IncidentChange): Decision {
  const at = change.occurredAt;
  const older = (previous: Date | null) => previous !== null && at.getTime() < previous.getTime();
  const skip = (reason: string): Decision => ({ report: false, reason, what: null, next: {} });
  switch (change.kind) {
    case 'triggered':
    case 'acknowledged':
    case 'unacknowledged':
    case 'resolved':
    case 'reopened': {
      const target =
        change.kind === 'reopened' ? (change.status ?? 'triggered') : (STATUS_AFTER[change.kind] as IncidentStatus);
      if (change.kind === 'triggered' && state.status !== null) return skip('already known');
      if (older(state.statusAt)) return skip('superseded');
      if (state.status === target) return skip(`already ${target}`);
      // The bot already said "I've successfully sent event …" when Events API v2 took the trigger; PagerDuty's
      // echo of it would only repeat that, so it updates the state silently.
      const what = change.kind === 'triggered' ? null : `${change.kind}${by(change.agent)}`;
      return { report: true, reason: change.kind, what, next: { status: target, statusAt: at } };
    }
    case 'escalated':
    case 'reassigned':
    case 'delegated': {
      const key = assignmentKey(change.assignees);
      if (older(state.assignedAt)) return skip('superseded');
      const samePolicy = change.escalationPolicy === null || change.escalationPolicy.id === state.escalationPolicyId;
      if (state.assignedAt !== null && key === state.assignment && (change.kind !== 'delegated' || samePolicy)) {
        return skip('already assigned');
      }
      const next: Partial<IncidentState> = { assignment: key, assignedAt: at };
      // PagerDuty drops an acknowledgement when it hands the incident to someone else.
      const status = change.status ?? (state.status === 'acknowledged' ? 'triggered' : state.status);
      if (status !== state.status && !older(state.statusAt)) Object.assign(next, { status, statusAt: at });
      if (change.escalationPolicy) next.escalationPolicyId = change.escalationPolicy.id;
      const who = assigneeNames(change.assignees);
      const what =
        change.kind === 'escalated'
          ? change.escalationLevel !== null
            ? `escalated to level ${change.escalationLevel}`
            : who
              ? `escalated to ${who}`
              : 'escalated'
          : change.kind === 'reassigned'
            ? `reassigned to ${who || 'nobody'}`
            : `delegated to ${change.escalationPolicy?.name ?? change.escalationPolicy?.id ?? 'another escalation policy'}${by(change.agent)}`;
      return { report: true, reason: change.kind, what, next };
    }
    case 'priority_updated': {
      const priority = change.priority ?? null;
      if (older(state.priorityAt)) return skip('superseded');
      if (state.priorityAt !== null && state.priority === priority) return skip('priority unchanged');
      const what = priority ? `priority set to ${priority}${by(change.agent)}` : `priority removed${by(change.agent)}`;
      return { report: true, reason: change.kind, what, next: { priority, priorityAt: at } };
    }
    case 'annotated': {
      // Notes are deduplicated by content and time in applyIncidentChange (they have no state to compare).
      const note = change.note ?? '';
      const shown = note.length > 2000 ? `${note.slice(0, 2000)}…` : note;
      return { report: true, reason: 'annotated', what: `annotated${by(change.agent)}: "${shown}"`, next: {} };
    }
  }
}
