/**
 * REST API v2 subset (rest.openapi.json): incidents, notes, log entries, on-calls, users, services, priorities.
 *
 * Headers, per PagerDuty's developer docs:
 * - `Authorization: Token token=<key>` exactly, else 401 ("this format must be followed precisely").
 * - `Accept: application/vnd.pagerduty+json;version=2` selects the version, but without it the token's version
 *   applies, so by default any Accept is taken; `requireVersionedAccept` makes it mandatory (406 otherwise).
 * - `From: <email of a user>` on incident writes, else 400.
 * - 960 requests/minute per token; every answer carries ratelimit-limit/-remaining/-reset, and 429 has code 2020.
 * Errors use PagerDuty's `{error:{message, code, errors}}`.
 *
 * Long on purpose: one handler per REST endpoint the contract test checks against PagerDuty's OpenAPI file, with the
 * documented headers and errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorCore } from './core.ts';
import type { FaultDecision } from './faults.ts';
import { headerRecord, isPlainObject, readBody, resetConnection, sendJson } from './http-util.ts';
import { PagerDutyError, type ActionContext } from './incident-store.ts';
import * as shapes from './rest-shapes.ts';
import type { Json, JsonObject } from './rest-shapes.ts';
import type { IncidentStatus, OnCallConfig, RestRequestRecord, SimIncident } from './types.ts';

export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';
export const MAX_BULK_INCIDENT_UPDATES = 250;
const INCIDENT_STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Query parameters each operation understands, by the spec's operationId; the contract test checks that every
 * name here is one the spec declares for that operation, so the simulator cannot invent parameters.
 */
export const REST_QUERY_PARAMETERS: Record<string, readonly string[]> = {
  listIncidents: [
    'limit',
    'offset',
    'total',
    'date_range',
    'incident_key',
    'service_ids[]',
    'user_ids[]',
    'urgencies[]',
    'statuses[]',
    'since',
    'until',
  ],
  getIncident: [],
  updateIncident: [],
  updateIncidents: [],
  listIncidentNotes: [],
  createIncidentNote: [],
  listLogEntries: ['limit', 'offset', 'total', 'since', 'until', 'is_overview'],
  listOnCalls: [
    'limit',
    'offset',
    'total',
    'user_ids[]',
    'escalation_policy_ids[]',
    'schedule_ids[]',
    'since',
    'until',
    'earliest',
  ],
  listUsers: ['query', 'limit', 'offset', 'total'],
  listServices: ['query', 'limit', 'offset', 'total'],
  listPriorities: ['limit', 'offset', 'total'],
};

interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

interface RestResult {
  status: number;
  body: JsonObject;
}

interface Route {
  method: string;
  pattern: RegExp;
  write: boolean;
  handle: (core: SimulatorCore, req: RestRequest, params: string[]) => RestResult;
}

function error(status: number, code: number, message: string, errors: string[] = []): PagerDutyError {
  return new PagerDutyError(status, code, message, errors);
}

function errorBody(err: PagerDutyError): JsonObject {
  return { error: { message: err.message, code: err.code, ...(err.errors.length > 0 ? { errors: err.errors } : {}) } };
}

// ---- query helpers ----

/** PagerDuty takes `name[]=a&name[]=b`; the bare name is accepted too, as PagerDuty's clients send both. */
function arrayParam(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)];
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw error(400, 2001, 'Invalid Input Provided', [`${name} must be an integer >= ${min}`]);
  return Number(raw);
}

function boolParam(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null) return false;
  if (raw !== 'true' && raw !== 'false')
    throw error(400, 2001, 'Invalid Input Provided', [`${name} must be true or false`]);
  return raw === 'true';
}

function timeParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw error(400, 2004, "Invalid time values in 'since' and/or 'until' parameters", [`${name} is not a date-time`]);
  return t;
}

function timeRange(
  query: URLSearchParams,
  defaultSince: number,
  defaultUntil: number,
): { since: number; until: number } {
  const since = timeParam(query, 'since', defaultSince);
  const until = timeParam(query, 'until', defaultUntil);
  if (until < since) throw error(400, 2005, 'Invalid Query Date Range', ['until must not be before since']);
  return { since, until };
}

/** Classic offset pagination (developer docs "Pagination"): `total` is null unless `total=true`. */
function paginate(query: URLSearchParams, key: string, items: Json[], maxLimit = 100): JsonObject {
  const limit = Math.min(intParam(query, 'limit', 25, 1), maxLimit);
  const offset = intParam(query, 'offset', 0, 0);
  const page = items.slice(offset, offset + limit);
  return {
    [key]: page,
    limit,
    offset,
    more: offset + limit < items.length,
    total: boolParam(query, 'total') ? items.length : null,
  };
}

function parseJsonBody(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw error(400, 2001, 'Invalid Input Provided', ['Request body is not valid JSON']);
  }
  if (!isPlainObject(parsed)) throw error(400, 2001, 'Invalid Input Provided', ['Request body must be a JSON object']);
  return parsed;
}

/** The From header names the acting user; PagerDuty requires it on incident writes. */
function requester(core: SimulatorCore, req: RestRequest): ActionContext {
  const from = req.headers['from'];
  if (from === undefined || from.trim() === '') {
    throw error(400, 2001, 'Invalid Input Provided', [
      'You must specify a user\'s email address in the "From" header to perform this action',
    ]);
  }
  const user = core.directory.userByEmail(from);
  if (!user) throw error(400, 1008, 'Requester User Not Found', [`No user with email ${from}`]);
  return { agent: { kind: 'user', userId: user.id }, channel: 'api' };
}

function incidentOr404(core: SimulatorCore, id: string): SimIncident {
  const inc = core.store.get(id);
  if (!inc) throw error(404, 2100, 'Not Found', [`Incident ${id} not found`]);
  return inc;
}

// ---- incident updates ----

function referenceId(value: unknown, what: string): string {
  if (!isPlainObject(value) || typeof value['id'] !== 'string')
    throw error(400, 2001, 'Invalid Input Provided', [`${what} must be a reference with an id`]);
  return value['id'];
}

/** Validate one update before touching anything, so a bad field changes nothing. */
function planUpdate(core: SimulatorCore, raw: unknown): (inc: SimIncident, ctx: ActionContext) => void {
  if (!isPlainObject(raw)) throw error(400, 2001, 'Invalid Input Provided', ['incident must be an object']);
  const type = raw['type'];
  if (type !== 'incident' && type !== 'incident_reference') {
    throw error(400, 2001, 'Invalid Input Provided', ["incident type must be 'incident' or 'incident_reference'"]);
  }
  const status = raw['status'];
  if (status !== undefined && !INCIDENT_STATUSES.includes(status as IncidentStatus))
    throw error(400, 1003, 'Invalid Status Provided');
  const level = raw['escalation_level'];
  if (level !== undefined && (typeof level !== 'number' || !Number.isInteger(level))) {
    throw error(400, 2001, 'Invalid Input Provided', ['escalation_level must be an integer']);
  }
  let assigneeIds: string[] | undefined;
  if (raw['assignments'] !== undefined) {
    const list = raw['assignments'];
    if (!Array.isArray(list)) throw error(400, 2001, 'Invalid Input Provided', ['assignments must be an array']);
    assigneeIds = list.map((a: unknown) =>
      referenceId(isPlainObject(a) ? a['assignee'] : undefined, 'assignments[].assignee'),
    );
  }
  let priorityId: string | null | undefined;
  const pr = raw['priority'];
  if (pr === null) priorityId = null;
  else if (typeof pr === 'string') {
    priorityId = core.directory.priorityByName(pr)?.id;
    if (priorityId === undefined) throw error(400, 1020, 'Invalid Priority', [`No priority named ${pr}`]);
  } else if (pr !== undefined) priorityId = referenceId(pr, 'priority');
  const policyId =
    raw['escalation_policy'] === undefined ? undefined : referenceId(raw['escalation_policy'], 'escalation_policy');
  const urgency = raw['urgency'];
  if (urgency !== undefined && urgency !== 'high' && urgency !== 'low')
    throw error(400, 2001, 'Invalid Input Provided', ['urgency must be high or low']);
  const title = raw['title'];
  if (title !== undefined && (typeof title !== 'string' || title.trim() === ''))
    throw error(400, 2001, 'Invalid Input Provided', ['title must be a non-empty string']);
  const resolution = typeof raw['resolution'] === 'string' ? raw['resolution'] : undefined;

  return (inc, ctx) => {
    const store = core.store;
    if (typeof title === 'string') store.setTitle(inc, title);
    if (urgency !== undefined) store.setUrgency(inc, urgency);
    if (priorityId !== undefined) store.setPriority(inc, ctx, priorityId);
    if (policyId !== undefined) store.delegate(inc, ctx, policyId);
    if (assigneeIds !== undefined) store.reassign(inc, ctx, assigneeIds);
    if (typeof level === 'number') store.escalate(inc, ctx, level);
    if (status === 'acknowledged') store.acknowledge(inc, ctx);
    else if (status === 'resolved') store.resolve(inc, ctx, resolution);
    else if (status === 'triggered') {
      if (inc.status === 'resolved') store.reopen(inc, ctx, 'triggered');
      else store.unacknowledge(inc, ctx);
    }
  };
}

// ---- handlers ----

function listIncidents(core: SimulatorCore, req: RestRequest): RestResult {
  const q = req.query;
  const statuses = arrayParam(q, 'statuses');
  for (const s of statuses) {
    if (!INCIDENT_STATUSES.includes(s as IncidentStatus))
      throw error(400, 2001, 'Invalid Input Provided', [`Invalid status: ${s}`]);
  }
  const all = q.get('date_range') === 'all';
  if (q.get('date_range') !== null && !all)
    throw error(400, 2001, 'Invalid Input Provided', ['date_range must be all']);
  // "Maximum range is 6 months and default is 1 month."
  const now = core.now();
  const { since, until } = timeRange(q, now - 30 * DAY_MS, now);
  const key = q.get('incident_key');
  const serviceIds = arrayParam(q, 'service_ids');
  const userIds = arrayParam(q, 'user_ids');
  const urgencies = arrayParam(q, 'urgencies');
  const items = core.store
    .incidents()
    .filter((i) => statuses.length === 0 || statuses.includes(i.status))
    .filter((i) => key === null || i.incidentKey === key)
    .filter((i) => serviceIds.length === 0 || serviceIds.includes(i.serviceId))
    .filter((i) => userIds.length === 0 || i.assignments.some((a) => userIds.includes(a.userId)))
    .filter((i) => urgencies.length === 0 || urgencies.includes(i.urgency))
    .filter((i) => {
      if (all) return true;
      const created = Date.parse(i.createdAt);
      return created >= since && created <= until;
    })
    .map((i) => shapes.incident(core.shapes, i));
  return { status: 200, body: paginate(q, 'incidents', items) };
}

function getIncident(core: SimulatorCore, _req: RestRequest, [id]: string[]): RestResult {
  return { status: 200, body: { incident: shapes.incident(core.shapes, incidentOr404(core, id ?? '')) } };
}

function updateIncident(core: SimulatorCore, req: RestRequest, [id]: string[]): RestResult {
  const ctx = requester(core, req);
  const inc = incidentOr404(core, id ?? '');
  const body = parseJsonBody(req.body);
  if (body['incident'] === undefined) throw error(400, 2001, 'Invalid Input Provided', ['incident is required']);
  planUpdate(core, body['incident'])(inc, ctx);
  return { status: 200, body: { incident: shapes.incident(core.shapes, inc) } };
}

function updateIncidents(core: SimulatorCore, req: RestRequest): RestResult {
  const ctx = requester(core, req);
  const body = parseJsonBody(req.body);
  const list = body['incidents'];
  if (!Array.isArray(list)) throw error(400, 2001, 'Invalid Input Provided', ['incidents must be an array']);
  // The spec lists 413 RequestEntityTooLarge for this operation; PagerDuty caps bulk updates at 250.
  if (list.length > MAX_BULK_INCIDENT_UPDATES) {
    throw error(413, 2001, 'Request Entity Too Large', [
      `At most ${MAX_BULK_INCIDENT_UPDATES} incidents can be updated at once`,
    ]);
  }
  const planned = list.map((item: unknown) => {
    const id = isPlainObject(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
    if (id === undefined) throw error(400, 2001, 'Invalid Input Provided', ['every incident needs an id']);
    const inc = core.store.get(id);
    if (!inc) throw error(400, 1004, 'Invalid ID Provided', [`Incident ${id} not found`]);
    return { inc, apply: planUpdate(core, item) };
  });
  for (const p of planned) p.apply(p.inc, ctx);
  const items = planned.map((p) => shapes.incident(core.shapes, p.inc));
  return { status: 200, body: { incidents: items, limit: items.length, offset: 0, more: false, total: null } };
}

function listNotes(core: SimulatorCore, _req: RestRequest, [id]: string[]): RestResult {
  const inc = incidentOr404(core, id ?? '');
  return { status: 200, body: { notes: core.store.notes(inc.id).map((n) => shapes.note(core.shapes, n)) } };
}

function createNote(core: SimulatorCore, req: RestRequest, [id]: string[]): RestResult {
  const ctx = requester(core, req);
  const inc = incidentOr404(core, id ?? '');
  const body = parseJsonBody(req.body);
  const note = body['note'];
  const content = isPlainObject(note) ? note['content'] : undefined;
  if (typeof content !== 'string' || content.trim() === '')
    throw error(400, 2001, 'Invalid Input Provided', ['note.content is required']);
  if (ctx.agent.kind !== 'user') throw error(400, 2001, 'Invalid Input Provided');
  const created = core.store.addNote(inc, ctx.agent.userId, content);
  // The spec documents 200 (not 201) for createIncidentNote.
  return { status: 200, body: { note: shapes.note(core.shapes, created) } };
}

function listLogEntries(core: SimulatorCore, req: RestRequest): RestResult {
  const q = req.query;
  const now = core.now();
  const { since, until } = timeRange(q, now - 30 * DAY_MS, now);
  const overview = boolParam(q, 'is_overview');
  const items = core.store
    .logEntries()
    .filter((e) => !overview || e.overview)
    .filter((e) => {
      const t = Date.parse(e.createdAt);
      return t >= since && t <= until;
    })
    .slice()
    .reverse() // newest first, as PagerDuty lists log entries
    .map((e) => shapes.logEntry(core.shapes, e));
  return { status: 200, body: paginate(q, 'log_entries', items) };
}

function listOnCalls(core: SimulatorCore, req: RestRequest): RestResult {
  const q = req.query;
  const now = core.now();
  const { since, until } = timeRange(q, now, now);
  const policyIds = arrayParam(q, 'escalation_policy_ids');
  const scheduleIds = arrayParam(q, 'schedule_ids');
  const userIds = arrayParam(q, 'user_ids');
  const earliest = boolParam(q, 'earliest');
  // A scheduled shift without configured times runs from a day before the simulator started to a week after.
  const withTimes: OnCallConfig[] = core.directory.onCalls.map((o) =>
    o.scheduleId === undefined
      ? o
      : {
          ...o,
          start: o.start ?? new Date(core.startedAt - DAY_MS).toISOString(),
          end: o.end ?? new Date(core.startedAt + 7 * DAY_MS).toISOString(),
        },
  );
  let matches = withTimes
    .filter((o) => policyIds.length === 0 || policyIds.includes(o.escalationPolicyId))
    .filter((o) => scheduleIds.length === 0 || (o.scheduleId !== undefined && scheduleIds.includes(o.scheduleId)))
    .filter((o) => userIds.length === 0 || userIds.includes(o.userId))
    .filter(
      (o) =>
        (o.start === undefined || Date.parse(o.start) <= until) && (o.end === undefined || Date.parse(o.end) >= since),
    );
  if (earliest) {
    // "only the earliest on-call for each combination of escalation policy, escalation level, and user"
    const best = new Map<string, OnCallConfig>();
    for (const o of matches) {
      const k = `${o.escalationPolicyId}|${o.escalationLevel}|${o.userId}`;
      const seen = best.get(k);
      if (!seen || Date.parse(o.start ?? '1970-01-01') < Date.parse(seen.start ?? '1970-01-01')) best.set(k, o);
    }
    matches = [...best.values()];
  }
  matches.sort(
    (a, b) => a.escalationPolicyId.localeCompare(b.escalationPolicyId) || a.escalationLevel - b.escalationLevel,
  );
  return {
    status: 200,
    body: paginate(
      q,
      'oncalls',
      matches.map((o) => shapes.oncall(core.shapes, o)),
    ),
  };
}

function matchesQuery(q: string | null, ...fields: string[]): boolean {
  if (q === null || q === '') return true;
  return fields.some((f) => f.toLowerCase().includes(q.toLowerCase()));
}

function listUsers(core: SimulatorCore, req: RestRequest): RestResult {
  const q = req.query.get('query');
  const items = core.directory.users
    .filter((u) => matchesQuery(q, u.name, u.email))
    .map((u) => shapes.user(core.shapes, u));
  return { status: 200, body: paginate(req.query, 'users', items) };
}

function listServices(core: SimulatorCore, req: RestRequest): RestResult {
  const q = req.query.get('query');
  const items = core.directory.services
    .filter((s) => matchesQuery(q, s.name))
    .map((s) => shapes.service(core.shapes, s.id));
  return { status: 200, body: paginate(req.query, 'services', items) };
}

function listPriorities(core: SimulatorCore, req: RestRequest): RestResult {
  const items = core.directory.priorities.map((p) => shapes.priority(core.shapes, p.id));
  return { status: 200, body: paginate(req.query, 'priorities', items) };
}

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/incidents$/, write: false, handle: listIncidents },
  { method: 'PUT', pattern: /^\/incidents$/, write: true, handle: updateIncidents },
  { method: 'GET', pattern: /^\/incidents\/([^/]+)$/, write: false, handle: getIncident },
  { method: 'PUT', pattern: /^\/incidents\/([^/]+)$/, write: true, handle: updateIncident },
  { method: 'GET', pattern: /^\/incidents\/([^/]+)\/notes$/, write: false, handle: listNotes },
  { method: 'POST', pattern: /^\/incidents\/([^/]+)\/notes$/, write: true, handle: createNote },
  { method: 'GET', pattern: /^\/log_entries$/, write: false, handle: listLogEntries },
  { method: 'GET', pattern: /^\/oncalls$/, write: false, handle: listOnCalls },
  { method: 'GET', pattern: /^\/users$/, write: false, handle: listUsers },
  { method: 'GET', pattern: /^\/services$/, write: false, handle: listServices },
  { method: 'GET', pattern: /^\/priorities$/, write: false, handle: listPriorities },
];

function token(headers: Record<string, string>): string | null {
  const match = /^Token token=(\S+)$/.exec(headers['authorization'] ?? '');
  return match?.[1] ?? null;
}

function acceptsVersion2(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept
    .split(',')
    .map((part) => part.replace(/\s+/g, '').toLowerCase())
    .some((part) => part === PAGERDUTY_ACCEPT);
}

function applyRestFault(
  res: ServerResponse,
  fault: FaultDecision,
  rateHeaders: Record<string, string>,
): RestRequestRecord['status'] {
  switch (fault.kind) {
    case 'reset':
      resetConnection(res);
      return 'reset';
    case 'timeout':
      return 'timeout';
    case '429':
      sendJson(
        res,
        429,
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        { ...rateHeaders, 'ratelimit-remaining': '0' },
      );
      return 429;
    case '500':
      sendJson(
        res,
        500,
        { error: { message: 'An internal error has occurred. PagerDuty team has been notified.', code: 2000 } },
        rateHeaders,
      );
      return 500;
    case '503':
      sendJson(res, 503, { error: { message: 'Service Unavailable', code: 2000 } }, rateHeaders);
      return 503;
  }
}

export async function handleRest(
  core: SimulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = headerRecord(req);
  const record: RestRequestRecord = {
    seq: core.nextSeq(),
    receivedAt: core.now(),
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search,
    headers,
    status: 0,
  };
  core.restRequests.push(record);
  const body = req.method === 'GET' ? '' : await readBody(req).catch(() => '\u0000');

  const send = (status: number, payload: JsonObject, extra: Record<string, string> = {}): void => {
    record.status = status;
    sendJson(res, status, payload, extra);
  };

  const apiToken = token(headers);
  if (apiToken === null || !core.directory.apiTokens.includes(apiToken)) {
    send(401, errorBody(error(401, 2006, 'Authentication failed')));
    return;
  }
  if (core.requireVersionedAccept && !acceptsVersion2(headers['accept'])) {
    send(406, errorBody(error(406, 2001, 'Not Acceptable', [`Accept must be ${PAGERDUTY_ACCEPT}`])));
    return;
  }
  const rate = core.restLimiter.take(apiToken, core.now());
  const rateHeaders = {
    'ratelimit-limit': String(rate.limit),
    'ratelimit-remaining': String(rate.remaining),
    'ratelimit-reset': String(Math.ceil(rate.resetMs / 1000)),
  };
  if (!rate.allowed) {
    send(429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }, rateHeaders);
    return;
  }

  const route = ROUTES.find((r) => r.pattern.test(url.pathname) && r.method === req.method);
  if (!route) {
    send(404, errorBody(error(404, 2100, 'Not Found')), rateHeaders);
    return;
  }
  const fault = core.faults.decide('rest', record.method, url.pathname);
  if (fault?.phase === 'before') {
    record.status = applyRestFault(res, fault, rateHeaders);
    return;
  }
  const params = (route.pattern.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  let result: RestResult;
  try {
    result = route.handle(
      core,
      { method: record.method, path: url.pathname, query: url.searchParams, headers, body },
      params,
    );
  } catch (err) {
    if (!(err instanceof PagerDutyError)) throw err;
    result = { status: err.httpStatus, body: errorBody(err) };
  }
  if (fault?.phase === 'after') {
    record.status = applyRestFault(res, fault, rateHeaders);
    return;
  }
  send(result.status, result.body, rateHeaders);
}
