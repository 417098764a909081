/**
 * The Ticketing API subset COSS uses (FACTS.md §1–§5): `POST /api/v2/tickets`, `GET /api/v2/tickets?external_id=`
 * and `GET /api/v2/tickets/{id}`, the `.json` suffix optional. Order of checks: bearer token (401) → rate limit
 * (429 + Retry-After) → before-fault → body (400) → validation (422) → apply → after-fault → 201.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerRecord, isPlainObject, readBody, resetConnection, sendJson } from '../pagerduty/http-util.ts';
import type { FaultDecision } from './faults.ts';
import type { ZendeskState } from './state.ts';
import type { ErrorEnvelope, RequestRecord, SimTicket, TicketPriority, TicketType } from './types.ts';

const PRIORITIES: readonly string[] = ['urgent', 'high', 'normal', 'low'];
const TYPES: readonly string[] = ['problem', 'incident', 'question', 'task'];

/** Handles one request to the simulator. */
export async function handleTickets(state: ZendeskState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\.json$/, '');
  const body = await readBody(req);
  const record: RequestRecord = {
    seq: state.requests.length + 1,
    method: req.method ?? 'GET',
    path,
    query: url.search,
    headers: headerRecord(req),
    body,
    status: 200,
  };
  state.requests.push(record);
  const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    sendJson(res, status, payload, { ...state.rateHeaders(), ...headers });
  };

  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined || !state.tokens.includes(token)) {
    // Zendesk's words for a missing or wrong credential.
    answer(401, { error: "Couldn't authenticate you" });
    return;
  }
  const throttled = state.takeRate(token);
  if (throttled !== null) {
    // FACTS.md §5: a 429 body may be plain text, not JSON; clients must not depend on it.
    record.status = 429;
    res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': String(throttled), ...state.rateHeaders() });
    res.end('Too Many Requests');
    return;
  }
  const fault = state.faults.decide(record.method, path);
  if (fault?.phase === 'before') {
    applyFault(res, record, fault);
    return;
  }

  let status: number;
  let payload: unknown;
  let headers: Record<string, string> = {};
  const byId = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
  const idempotencyKey = req.headers['idempotency-key'];
  const replay = typeof idempotencyKey === 'string' ? state.idempotent.get(idempotencyKey) : undefined;
  if (path === '/api/v2/tickets' && req.method === 'POST' && replay) {
    status = replay.status;
    payload = replay.payload;
    headers = {
      'x-idempotency-lookup': 'hit',
      ...(replay.ticketId === undefined ? {} : { Location: state.ticketUrl(replay.ticketId) }),
    };
  } else if (path === '/api/v2/tickets' && req.method === 'POST') {
    const created = createTicket(state, body);
    status = created.status;
    payload = created.payload;
    if (created.ticket) headers = { Location: state.ticketUrl(created.ticket.id) };
    if (typeof idempotencyKey === 'string' && status < 300) {
      state.idempotent.set(idempotencyKey, { status, payload, ticketId: created.ticket?.id });
      headers = { ...headers, 'x-idempotency-lookup': 'miss' };
    }
  } else if (path === '/api/v2/tickets' && req.method === 'GET') {
    // List Tickets filtered by external_id; FACTS.md names no lookup endpoint, this one is Zendesk's "List Tickets".
    const externalId = url.searchParams.get('external_id');
    const tickets = state.tickets.filter((t) => externalId === null || t.externalId === externalId);
    status = 200;
    payload = {
      tickets: tickets.map((t) => state.ticketJson(t)),
      next_page: null,
      previous_page: null,
      count: tickets.length,
    };
  } else if (byId && req.method === 'GET') {
    const ticket = state.tickets.find((t) => t.id === Number(byId[1]));
    status = ticket ? 200 : 404;
    payload = ticket ? { ticket: state.ticketJson(ticket) } : { error: 'RecordNotFound', description: 'Not found' };
  } else {
    status = 404;
    payload = { error: 'InvalidEndpoint', description: 'Not found' };
  }
  if (fault) {
    applyFault(res, record, fault);
    return;
  }
  answer(status, payload, headers);
}

function applyFault(res: ServerResponse, record: RequestRecord, fault: FaultDecision): void {
  switch (fault.kind) {
    case 'timeout':
      record.status = 'timeout';
      return; // never answer: the client's deadline must fire
    case 'reset':
      record.status = 'reset';
      resetConnection(res);
      return;
    case '429':
      record.status = 429;
      res.writeHead(429, { 'Content-Type': 'text/plain', 'Retry-After': '1' });
      res.end('Too Many Requests');
      return;
    default:
      record.status = Number(fault.kind);
      sendJson(res, Number(fault.kind), { error: 'ServiceUnavailable', description: 'try again later' });
  }
}

type Created = { status: number; payload: unknown; ticket?: SimTicket };

function createTicket(state: ZendeskState, raw: string): Created {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { status: 400, payload: { error: 'InvalidJSON', description: 'The request body is not valid JSON' } };
  }
  const ticket = isPlainObject(parsed) ? parsed.ticket : undefined;
  if (!isPlainObject(ticket)) {
    return {
      status: 400,
      payload: { error: 'ParameterMissing', description: 'param is missing or the value is empty: ticket' },
    };
  }
  const problems = validate(state, ticket);
  if (problems.length > 0) return { status: 422, payload: invalid(state.errorEnvelope, problems) };
  const comment = isPlainObject(ticket.comment) ? ticket.comment : {};
  const body = typeof comment.body === 'string' ? comment.body : String(ticket.description);
  const requesterId = typeof ticket.requester_id === 'number' ? ticket.requester_id : state.defaultUserId;
  const created = state.create({
    subject: typeof ticket.subject === 'string' ? ticket.subject : null,
    body,
    public: comment.public !== false,
    priority: (ticket.priority as TicketPriority | undefined) ?? null,
    type: (ticket.type as TicketType | undefined) ?? null,
    // "An array of strings, or a single string" (FACTS.md §3); a single string holds space-separated tags.
    tags: Array.isArray(ticket.tags)
      ? ticket.tags.map(String)
      : typeof ticket.tags === 'string'
        ? ticket.tags.split(/\s+/).filter(Boolean)
        : [],
    externalId: typeof ticket.external_id === 'string' ? ticket.external_id : null,
    groupId: typeof ticket.group_id === 'number' ? ticket.group_id : null,
    organizationId: typeof ticket.organization_id === 'number' ? ticket.organization_id : null,
    requesterId,
  });
  return { status: 201, payload: { ticket: state.ticketJson(created) }, ticket: created };
}

interface Problem {
  field: string;
  description: string;
  error: string;
}

function validate(state: ZendeskState, ticket: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const comment = ticket.comment;
  const hasBody = isPlainObject(comment) && typeof comment.body === 'string' && comment.body.trim() !== '';
  const hasDescription = typeof ticket.description === 'string' && ticket.description.trim() !== '';
  if (!hasBody && !hasDescription) {
    problems.push({ field: 'description', description: 'Description: cannot be blank', error: 'BlankValue' });
  }
  if (ticket.priority != null && !(typeof ticket.priority === 'string' && PRIORITIES.includes(ticket.priority))) {
    problems.push({ field: 'priority', description: 'Priority: is not included in the list', error: 'InvalidValue' });
  }
  if (ticket.type != null && !(typeof ticket.type === 'string' && TYPES.includes(ticket.type))) {
    problems.push({ field: 'type', description: 'Type: is not included in the list', error: 'InvalidValue' });
  }
  if (ticket.requester_id !== undefined && !state.userIds.includes(Number(ticket.requester_id))) {
    problems.push({ field: 'requester', description: 'Requester: is invalid', error: 'InvalidValue' });
  }
  return problems;
}

function invalid(envelope: ErrorEnvelope, problems: Problem[]): unknown {
  if (envelope === 'errors') {
    return {
      errors: problems.map((p) => ({
        code: p.error,
        title: 'Record validation errors',
        detail: p.description,
        status: '422',
        source: { pointer: `/ticket/${p.field}` },
      })),
    };
  }
  const details: Record<string, Array<{ description: string; error: string }>> = {};
  for (const p of problems) (details[p.field] ??= []).push({ description: p.description, error: p.error });
  return { error: 'RecordInvalid', description: 'Record validation errors', details };
}
