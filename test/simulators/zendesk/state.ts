/**
 * The simulator's state: tickets, accepted tokens and users, the request log and the rate window, shared by the
 * HTTP handler and the test helpers (acting as an agent in Zendesk).
 */
import { FaultInjector } from './faults.ts';
import type {
  ErrorEnvelope,
  RequestRecord,
  SimTicket,
  TicketPriority,
  TicketStatus,
  TicketType,
  ZendeskSimulatorOptions,
} from './types.ts';

export const DEFAULT_TOKEN = 'zd-oauth-access-token-for-tests';
export const DEFAULT_USER_IDS = [9001, 9002, 9003];

export interface NewTicket {
  subject: string | null;
  body: string;
  public: boolean;
  priority: TicketPriority | null;
  type: TicketType | null;
  tags: string[];
  externalId: string | null;
  groupId: number | null;
  organizationId: number | null;
  requesterId: number;
}

export class ZendeskState {
  readonly tickets: SimTicket[] = [];
  /**
   * Create answers by Idempotency-Key (FACTS.md §3: a create retried with the same key is safe; the first answer
   * says `x-idempotency-lookup: miss`). How long Zendesk keeps a key, and what a reused key with another body does,
   * could not be read: here keys last the simulator's life and a reuse replays the first answer.
   */
  readonly idempotent = new Map<string, { status: number; payload: unknown; ticketId: number | undefined }>();
  readonly requests: RequestRecord[] = [];
  readonly faults: FaultInjector;
  readonly tokens: string[];
  readonly userIds: number[];
  readonly errorEnvelope: ErrorEnvelope;
  readonly now: () => number;
  rateLimitPerMinute: number;
  /** the next n requests answer 429 with this Retry-After, whatever the window says */
  forcedThrottle: { count: number; retryAfterSeconds: number } = { count: 0, retryAfterSeconds: 0 };
  baseUrl = 'http://127.0.0.1';
  private nextTicketId: number;
  private nextCommentId = 1;
  private window: { startedAt: number; used: number } = { startedAt: 0, used: 0 };

  constructor(options: ZendeskSimulatorOptions) {
    this.tokens = options.tokens ?? [DEFAULT_TOKEN];
    this.userIds = options.userIds ?? DEFAULT_USER_IDS;
    this.errorEnvelope = options.errorEnvelope ?? 'details';
    this.rateLimitPerMinute = options.rateLimitPerMinute ?? 700;
    this.faults = new FaultInjector(options.faults ?? null);
    this.nextTicketId = options.firstTicketId ?? 4821;
    this.now = options.now ?? Date.now;
  }

  get defaultUserId(): number {
    return this.userIds[0] ?? 1;
  }

  ticketUrl(id: number): string {
    return `${this.baseUrl}/api/v2/tickets/${id}.json`;
  }

  /** Seconds to wait when this request is over the account's per-minute limit (fixed minute window), else null. */
  takeRate(_token: string): number | null {
    if (this.forcedThrottle.count > 0) {
      this.forcedThrottle.count -= 1;
      return this.forcedThrottle.retryAfterSeconds;
    }
    const now = this.now();
    if (now - this.window.startedAt >= 60_000) this.window = { startedAt: now, used: 0 };
    if (this.window.used >= this.rateLimitPerMinute) {
      return Math.max(1, Math.ceil((this.window.startedAt + 60_000 - now) / 1000));
    }
    this.window.used += 1;
    return null;
  }

  /** X-Rate-Limit headers Zendesk puts on every response (FACTS.md §5). */
  rateHeaders(): Record<string, string> {
    return {
      'X-Rate-Limit': String(this.rateLimitPerMinute),
      'X-Rate-Limit-Remaining': String(Math.max(0, this.rateLimitPerMinute - this.window.used)),
    };
  }

  create(input: NewTicket): SimTicket {
    const at = new Date(this.now()).toISOString();
    const ticket: SimTicket = {
      id: this.nextTicketId++,
      subject: input.subject,
      description: input.body,
      priority: input.priority,
      type: input.type,
      status: 'new',
      tags: [...new Set(input.tags)],
      externalId: input.externalId,
      groupId: input.groupId,
      organizationId: input.organizationId,
      requesterId: input.requesterId,
      submitterId: input.requesterId,
      comments: [
        {
          id: this.nextCommentId++,
          body: input.body,
          public: input.public,
          authorId: input.requesterId,
          createdAt: at,
        },
      ],
      createdAt: at,
      updatedAt: at,
    };
    this.tickets.push(ticket);
    return ticket;
  }

  find(id: number): SimTicket {
    const ticket = this.tickets.find((t) => t.id === id);
    if (!ticket) throw new Error(`no Zendesk ticket #${id}`);
    return ticket;
  }

  setStatus(id: number, status: TicketStatus): { ticket: SimTicket; previous: TicketStatus } {
    const ticket = this.find(id);
    const previous = ticket.status;
    ticket.status = status;
    ticket.updatedAt = new Date(this.now()).toISOString();
    return { ticket, previous };
  }

  addComment(id: number, body: string, isPublic: boolean, authorId: number): SimTicket['comments'][number] {
    const ticket = this.find(id);
    const comment = {
      id: this.nextCommentId++,
      body,
      public: isPublic,
      authorId,
      createdAt: new Date(this.now()).toISOString(),
    };
    ticket.comments.push(comment);
    ticket.updatedAt = comment.createdAt;
    return comment;
  }

  /** A ticket as the REST API shows it. */
  ticketJson(ticket: SimTicket): Record<string, unknown> {
    return {
      id: ticket.id,
      url: this.ticketUrl(ticket.id),
      external_id: ticket.externalId,
      type: ticket.type,
      subject: ticket.subject,
      raw_subject: ticket.subject,
      description: ticket.description,
      priority: ticket.priority,
      status: ticket.status,
      requester_id: ticket.requesterId,
      submitter_id: ticket.submitterId,
      assignee_id: null,
      organization_id: ticket.organizationId,
      group_id: ticket.groupId,
      tags: ticket.tags,
      created_at: ticket.createdAt,
      updated_at: ticket.updatedAt,
    };
  }
}
