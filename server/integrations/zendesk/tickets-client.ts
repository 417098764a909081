/**
 * Zendesk's Ticketing API, the two calls COSS makes: create a ticket (`POST /api/v2/tickets`) and find one by
 * external_id (`GET /api/v2/tickets?external_id=`, Zendesk's List Tickets filter), which is how a create whose
 * answer was lost is found before it is sent again. OAuth bearer auth (FACTS.md §2).
 */
import { failureOf, ok, request, type FetchLike, type HttpAnswer, type Outcome } from '../call-outcome.ts';

/** The ticket fields COSS sends (FACTS.md §3); ids come from the customer's Zendesk directory. */
export interface TicketBody {
  subject: string;
  comment: { body: string; public: boolean };
  priority: 'urgent' | 'high' | 'normal' | 'low';
  type: 'incident';
  tags: string[];
  external_id: string;
  group_id?: number;
  organization_id?: number;
  requester_id?: number;
}

export interface CreatedTicket {
  id: number;
  status: string | null;
}

export interface TicketsClientOptions {
  url: string;
  token: string;
  timeoutMs: number;
  fetch?: FetchLike;
}

export class TicketsClient {
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: TicketsClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  /**
   * Creates the ticket. The Idempotency-Key (the external_id) lets Zendesk fold a resend itself where it honours
   * the header (FACTS.md §3); COSS does not count on it and looks the ticket up first (findByExternalId).
   */
  async create(ticket: TicketBody): Promise<Outcome<CreatedTicket>> {
    const answer = await this.call('POST', '/api/v2/tickets', JSON.stringify({ ticket }), {
      'Idempotency-Key': ticket.external_id,
    });
    if ('kind' in answer) return answer;
    if (answer.status >= 200 && answer.status < 300) {
      const created = ticketOf((answer.body as { ticket?: unknown } | null)?.ticket);
      return created ? ok(created) : failureOf({ ...answer, status: 502 }, 'Zendesk answered without a ticket id');
    }
    return failureOf(answer, zendeskErrorReason(answer));
  }

  /** The ticket carrying `externalId`, or null when Zendesk has none (the oldest, should there be several). */
  async findByExternalId(externalId: string): Promise<Outcome<CreatedTicket | null>> {
    const answer = await this.call('GET', `/api/v2/tickets?external_id=${encodeURIComponent(externalId)}`);
    if ('kind' in answer) return answer;
    if (answer.status !== 200) return failureOf(answer, zendeskErrorReason(answer));
    const list = (answer.body as { tickets?: unknown } | null)?.tickets;
    const found = (Array.isArray(list) ? list : [])
      .map(ticketOf)
      .filter((ticket): ticket is CreatedTicket => ticket !== null)
      .sort((a, b) => a.id - b.id);
    return ok(found[0] ?? null);
  }

  private call(method: string, path: string, body?: string, extra: Record<string, string> = {}) {
    return request(
      this.fetchImpl,
      `${this.options.url}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${this.options.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...extra,
        },
        ...(body === undefined ? {} : { body }),
      },
      this.options.timeoutMs,
    );
  }
}

function ticketOf(value: unknown): CreatedTicket | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, status } = value as { id?: unknown; status?: unknown };
  const number = typeof id === 'string' ? Number(id) : id;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) return null;
  return { id: number, status: typeof status === 'string' ? status : null };
}

/**
 * Zendesk's words for a refusal. Its 422 body is documented nowhere we could read (FACTS.md §4), so both envelopes
 * are read: `{error, description, details: {field: [{description}]}}` (the Ruby client's) and
 * `{errors: [{title, detail}]}` (the OpenAPI copy's); a plain-text body (a 429 may be one) is quoted as it is.
 */
export function zendeskErrorReason(answer: HttpAnswer): string {
  const body = answer.body;
  const words: string[] = [];
  if (typeof body === 'object' && body !== null) {
    const { error, description, details, errors } = body as Record<string, unknown>;
    if (details && typeof details === 'object') {
      for (const entries of Object.values(details as Record<string, unknown>)) {
        for (const entry of Array.isArray(entries) ? entries : []) {
          const text = (entry as { description?: unknown } | null)?.description;
          if (typeof text === 'string') words.push(text);
        }
      }
    }
    for (const entry of Array.isArray(errors) ? errors : []) {
      const { detail, title } = (entry ?? {}) as { detail?: unknown; title?: unknown };
      if (typeof detail === 'string') words.push(detail);
      else if (typeof title === 'string') words.push(title);
    }
    if (words.length === 0 && typeof description === 'string') words.push(description);
    if (words.length === 0 && typeof error === 'string') words.push(error);
  } else if (typeof body === 'string' && body.trim() !== '') {
    words.push(body.trim().slice(0, 200));
  }
  return (
    words.length > 0 ? `Zendesk answered ${answer.status}: ${words.join('; ')}` : `Zendesk answered ${answer.status}`
  ).slice(0, 1000);
}
