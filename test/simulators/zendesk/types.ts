/** Shapes of the Zendesk simulator: its tickets, its options and what it records for tests to assert on. */

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';
export type TicketType = 'problem' | 'incident' | 'question' | 'task';
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export interface SimComment {
  id: number;
  body: string;
  public: boolean;
  authorId: number;
  createdAt: string;
}

export interface SimTicket {
  id: number;
  subject: string | null;
  description: string;
  priority: TicketPriority | null;
  type: TicketType | null;
  status: TicketStatus;
  tags: string[];
  externalId: string | null;
  groupId: number | null;
  organizationId: number | null;
  requesterId: number;
  submitterId: number;
  comments: SimComment[];
  createdAt: string;
  updatedAt: string;
}

export type FaultKind = '429' | '500' | '503' | 'timeout' | 'reset';
export type FaultPhase = 'before' | 'after';

export interface FaultConfig {
  /** probability in [0, 1] that a request gets a fault */
  rate: number;
  kinds: FaultKind[];
  /** same seed and same request order give the same faults */
  seed?: number;
  /**
   * `before`: the request is not applied. `after`: it IS applied (the ticket exists) and then the answer is lost
   * or replaced by an error, as when a proxy fails after Zendesk committed. `both`: drawn per request.
   */
  phase?: FaultPhase | 'both';
  /** only requests of these methods get faults (e.g. ['POST']: creates lose answers, lookups work); default all */
  methods?: string[];
}

export interface FaultRecord {
  seq: number;
  method: string;
  path: string;
  kind: FaultKind;
  phase: FaultPhase;
}

/**
 * Zendesk's 422 body is not documented on a page we could read (FACTS.md §4): the Ruby client expects
 * `{error, description, details}`, the OpenAPI copy declares `{errors: [{code, title, detail, ...}]}`.
 */
export type ErrorEnvelope = 'details' | 'errors';

export interface ZendeskSimulatorOptions {
  /** OAuth access tokens accepted as `Authorization: Bearer …`; default [DEFAULT_TOKEN] */
  tokens?: string[];
  /** user ids that exist (requester_id must be one of them, else 422); default DEFAULT_USER_IDS */
  userIds?: number[];
  /** requests per minute per token before 429 + Retry-After (FACTS.md §5: 200–2500 by plan); default 700 */
  rateLimitPerMinute?: number;
  errorEnvelope?: ErrorEnvelope;
  faults?: FaultConfig;
  /** first ticket id; default 4821 */
  firstTicketId?: number;
  now?: () => number;
}

export interface RequestRecord {
  seq: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  status: number | 'timeout' | 'reset';
}

/** One webhook sent by the simulator, as the receiver saw it. */
export interface SentWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** the receiver's answer; null when the connection failed */
  status: number | null;
}
