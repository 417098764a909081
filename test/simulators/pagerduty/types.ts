/**
 * Public configuration and state types of the PagerDuty simulator.
 * Field names follow PagerDuty's own vocabulary (routing key, escalation policy, dedup key) so a test reads
 * like the PagerDuty docs it is checking against.
 */

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';
export type EventSeverity = 'critical' | 'error' | 'warning' | 'info';
export type Urgency = 'high' | 'low';

/** Webhooks v3 incident event types the simulator emits (PagerDuty developer docs, "v3 Overview"). */
export const WEBHOOK_EVENT_TYPES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.escalated',
  'incident.reassigned',
  'incident.annotated',
  'incident.priority_updated',
  'incident.delegated',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A PagerDuty service with one Events API v2 integration; its integration key is the routing key. */
export interface ServiceConfig {
  id: string;
  name: string;
  /** 32 alphanumeric characters, as PagerDuty issues them. */
  routingKey: string;
  escalationPolicyId: string;
}

export interface UserConfig {
  id: string;
  name: string;
  email: string;
}

export interface EscalationPolicyConfig {
  id: string;
  name: string;
}

/** Who is on call for which escalation policy level; levels are 1-based as in PagerDuty. */
export interface OnCallConfig {
  userId: string;
  escalationPolicyId: string;
  escalationLevel: number;
  /** Absent for a user targeted directly by the escalation rule (a "permanent" on-call without start/end). */
  scheduleId?: string;
  scheduleName?: string;
  /** ISO 8601; only meaningful with a schedule. */
  start?: string;
  end?: string;
}

export interface PriorityConfig {
  id: string;
  name: string;
  description?: string;
}

export interface WebhookSubscriberConfig {
  url: string;
  /** One secret, or several during a rotation: every secret yields one `v1=` signature. */
  secret?: string;
  secrets?: string[];
  /** Subscription id sent as X-Webhook-Subscription; generated when absent. */
  id?: string;
  /** Event types this subscription wants; all when absent. */
  events?: WebhookEventType[];
  /** Like a `service_reference` filter: only incidents of this service. */
  serviceId?: string;
}

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export interface WebhookDeliveryOptions {
  /** PagerDuty waits 5 s for a 2xx; tests use a few ms. */
  timeoutMs?: number;
  /** Delay before retry n (1-based); attempts = length + 1. PagerDuty makes 5 attempts over ~20 minutes. */
  retryDelaysMs?: number[];
}

export type FaultKind = '429' | '500' | '503' | 'timeout' | 'reset';
export type FaultPhase = 'before' | 'after';
export type FaultTarget = 'events' | 'rest';

export interface FaultConfig {
  /** Probability in [0, 1] that a request gets a fault. */
  rate: number;
  kinds: FaultKind[];
  /** Same seed and same request order give the same faults. */
  seed?: number;
  /**
   * `before`: the request is not processed (nothing changes). `after`: the request IS processed and then the
   * response is lost or replaced by an error, as when a proxy fails after the backend committed. `both`: drawn.
   */
  phase?: FaultPhase | 'both';
  /** Which API gets faults; Events API only by default. */
  targets?: FaultTarget[];
}

export interface FaultRecord {
  seq: number;
  target: FaultTarget;
  method: string;
  path: string;
  kind: FaultKind;
  phase: FaultPhase;
  /** Events API only: what the request carried, so tests can tie a fault to an event. */
  dedupKey?: string;
}

export interface PagerDutySimulatorOptions {
  services?: ServiceConfig[];
  users?: UserConfig[];
  escalationPolicies?: EscalationPolicyConfig[];
  onCalls?: OnCallConfig[];
  priorities?: PriorityConfig[];
  /** REST API tokens accepted in `Authorization: Token token=<token>`. */
  apiTokens?: string[];
  webhooks?: WebhookSubscriberConfig[];
  webhookDelivery?: WebhookDeliveryOptions;
  /** Per routing key; PagerDuty documents ~120 events per minute over a sliding 60 s window. */
  eventsRateLimit?: RateLimitConfig;
  /** Per API token; PagerDuty documents 960 requests per minute. */
  restRateLimit?: RateLimitConfig;
  /**
   * PagerDuty's docs make the versioned Accept header optional (the token's version applies without it).
   * true: answer 406 unless Accept is `application/vnd.pagerduty+json;version=2`, to prove a client sends it.
   */
  requireVersionedAccept?: boolean;
  /** Sent as Retry-After on Events API 429s; PagerDuty documents none, so none by default. */
  eventsRetryAfterSeconds?: number;
  faults?: FaultConfig;
  /** Milliseconds since the epoch; inject to move time (rate-limit windows, since/until) without waiting. */
  now?: () => number;
  host?: string;
  port?: number;
}

/** Who did something: a user (web UI, REST with From) or the service itself (Events API). */
export type Agent = { kind: 'user'; userId: string } | { kind: 'service'; serviceId: string };

export interface SimAlert {
  dedupKey: string;
  status: 'triggered' | 'resolved';
  summary: string;
  source: string;
  severity: EventSeverity;
  createdAt: string;
  /** Trigger events merged into this alert by dedup (1 = only the creating event). */
  triggerEvents: number;
}

export interface SimIncident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  incidentKey: string;
  serviceId: string;
  routingKey: string;
  escalationPolicyId: string;
  escalationLevel: number;
  assignedVia: 'escalation_policy' | 'direct_assignment';
  assignments: { userId: string; at: string }[];
  acknowledgements: { agent: Agent; at: string }[];
  priorityId: string | null;
  urgency: Urgency;
  createdAt: string;
  updatedAt: string;
  lastStatusChangeAt: string;
  lastStatusChangeBy: Agent;
  resolvedAt: string | null;
  alerts: SimAlert[];
  firstTriggerLogEntryId: string;
  client: { name: string; url?: string } | null;
}

export type LogEntryType =
  | 'trigger_log_entry'
  | 'acknowledge_log_entry'
  | 'unacknowledge_log_entry'
  | 'resolve_log_entry'
  | 'escalate_log_entry'
  | 'assign_log_entry'
  | 'delegate_log_entry'
  | 'annotate_log_entry';

export type ChannelType = 'api' | 'website' | 'auto';

export interface SimLogEntry {
  id: string;
  type: LogEntryType;
  createdAt: string;
  incidentId: string;
  agent: Agent;
  channel: ChannelType;
  assigneeIds?: string[];
  /** Resolution text or note content. */
  note?: string;
  /** Part of the `is_overview=true` subset (everything except automatic assignment at trigger time). */
  overview: boolean;
}

export interface SimNote {
  id: string;
  incidentId: string;
  userId: string;
  content: string;
  createdAt: string;
}

/** One Events API request that was accepted (202), with the wall-clock time it arrived. */
export interface AcceptedEvent {
  seq: number;
  receivedAt: number;
  routingKey: string;
  eventAction: EventAction;
  dedupKey: string;
  incidentId: string | null;
  outcome: 'created' | 'deduplicated' | 'acknowledged' | 'resolved' | 'ignored';
  /** the request body as received */
  body: unknown;
}

/** Every request to /v2/enqueue, whatever became of it. */
export interface EnqueueAttempt {
  seq: number;
  receivedAt: number;
  status: number | 'reset' | 'timeout';
  routingKey?: string;
  dedupKey?: string;
  eventAction?: string;
  fault?: { kind: FaultKind; phase: FaultPhase };
}

export interface RestRequestRecord {
  seq: number;
  receivedAt: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  status: number | 'reset' | 'timeout';
}

export interface DeliveryAttempt {
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  /** X-Webhook-Id: unique per webhook, repeated on every attempt (PagerDuty "At-Least-Once Delivery"). */
  webhookId: string;
  subscriptionId: string;
  url: string;
  eventId: string;
  eventType: WebhookEventType;
  incidentId: string;
  /** The exact bytes sent and signed. */
  body: string;
  headers: Record<string, string>;
  attempts: DeliveryAttempt[];
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
}
