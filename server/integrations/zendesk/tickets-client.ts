/**
 * Zendesk's Ticketing API, the calls COSS makes: create a ticket (`POST /api/v2/tickets`) and find one by
 * external_id, which is how a create whose answer was lost is found before it is sent again. OAuth bearer auth
 * (FACTS.md §2).
 *
 * The lookup is the uncertain part: FACTS.md documents Create and Show (`{ticket: …}`) and the `external_id` field,
 * but no lookup endpoint and no list envelope. Two readings stay open, and findByExternalId is tolerant of both:
 * - List Tickets filtered, `GET /api/v2/tickets?external_id=…`, answered `{tickets: […]}` (what the simulator serves);
 * - the Search API, `GET /api/v2/search?query=type:ticket external_id:"…"`, answered `{results: […]}`.
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

  /**
   * The ticket carrying `externalId`, or null when Zendesk has none (the oldest, should there be several). The
   * filtered list is asked first and read under `tickets` or `results`; only tickets whose external_id is the one
   * asked for count. The search is asked when the list refuses the filter (400, 404, 422) or ignored it (it listed
   * tickets of other external ids): the search index lags behind creates, so it is the fallback, not the rule.
   */
  async findByExternalId(externalId: string): Promise<Outcome<CreatedTicket | null>> {
    const listed = await this.lookup(`/api/v2/tickets?external_id=${encodeURIComponent(externalId)}`, externalId);
    if (listed.kind === 'ok' && !listed.value.filterIgnored) return ok(listed.value.found);
    if (listed.kind === 'final' && !LIST_REFUSED.has(listed.status ?? 0)) return listed;
    if (listed.kind === 'retry') return listed;
    const query = `type:ticket external_id:"${externalId.replace(/"/g, '')}"`;
    const searched = await this.lookup(`/api/v2/search?query=${encodeURIComponent(query)}`, externalId);
    return searched.kind === 'ok' ? ok(searched.value.found) : searched;
  }

  /** One lookup call: the oldest ticket with `externalId`, and whether the answer held tickets of other ids. */
  private async lookup(
    path: string,
    externalId: string,
  ): Promise<Outcome<{ found: CreatedTicket | null; filterIgnored: boolean }>> {
    const answer = await this.call('GET', path);
    if ('kind' in answer) return answer;
    if (answer.status !== 200) return failureOf(answer, zendeskErrorReason(answer));
    const body = (answer.body ?? {}) as { tickets?: unknown; results?: unknown };
    const list = Array.isArray(body.tickets) ? body.tickets : Array.isArray(body.results) ? body.results : [];
    const exact: CreatedTicket[] = [];
    const unlabelled: CreatedTicket[] = [];
    let others = false;
    for (const item of list) {
      const ticket = ticketOf(item);
      if (ticket === null) continue;
      const { external_id: theirs, result_type: type } = item as { external_id?: unknown; result_type?: unknown };
      if (type !== undefined && type !== 'ticket') continue;
      if (theirs === externalId) exact.push(ticket);
      else if (theirs === undefined) unlabelled.push(ticket);
      else others = true;
    }
    // A ticket shown without the field is taken at the filter's word, unless the answer shows the filter ignored.
    const found = (others ? exact : [...exact, ...unlabelled]).sort((a, b) => a.id - b.id);
    return ok({ found: found[0] ?? null, filterIgnored: others && found.length === 0 });
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

/** The list's answers that mean "no such filter here": then the search is asked instead. */
const LIST_REFUSED = new Set([400, 404, 422]);

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
