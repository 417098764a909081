/**
 * The HTTP face of the simulator: Harvest API v2's request rules (FACTS.md §1, §2, §6) and the time-entry
 * endpoints (§3), with faults applied before or after the change.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerRecord, isPlainObject, readBody, resetConnection, sendJson } from '../pagerduty/http-util.ts';
import type { SlidingWindowLimiter } from '../pagerduty/rate-limiter.ts';
import type { FaultInjector } from './faults.ts';
import { HarvestError, type TimeEntryStore } from './time-entry-store.ts';
import type { ExternalReference, RequestRecord, SimTimeEntry } from './types.ts';

export interface ApiContext {
  store: TimeEntryStore;
  faults: FaultInjector;
  limiter: SlidingWindowLimiter;
  requests: RequestRecord[];
  now: () => number;
  accountId: number;
  strictUserAgent: boolean;
  nextSeq: () => number;
}

/** "per_page … the default and maximum is 2000" (FACTS.md §5, current revision). */
const MAX_PER_PAGE = 2000;

type Body = Record<string, unknown>;

export async function handleRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers = headerRecord(req);
  const method = req.method ?? 'GET';
  const body = method === 'GET' ? '' : await readBody(req).catch(() => '\u0000');
  const record: RequestRecord = {
    seq: ctx.nextSeq(),
    receivedAt: ctx.now(),
    method,
    path: url.pathname,
    query: url.search,
    headers,
    body,
    status: 0,
  };
  ctx.requests.push(record);
  const send = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
    record.status = status;
    sendJson(res, status, payload, extra);
  };

  const userAgent = headers['user-agent'];
  if (userAgent === undefined || userAgent.trim() === '' || (ctx.strictUserAgent && !namesContact(userAgent))) {
    send(400, { message: 'User-Agent must name the application and a link or email address' });
    return;
  }
  const token = bearer(headers['authorization']) ?? url.searchParams.get('access_token');
  const account = headers['harvest-account-id'] ?? url.searchParams.get('account_id');
  const user = ctx.store.users.find((u) => u.token !== undefined && u.token === token);
  // Harvest's answer for a bad token or account is not in FACTS.md; 401 is the HTTP meaning of "not authenticated".
  if (user === undefined || account !== String(ctx.accountId)) {
    send(401, {
      error: 'invalid_token',
      error_description: 'The access token provided is expired, revoked, malformed or invalid for other reasons.',
    });
    return;
  }
  const rate = ctx.limiter.take(token ?? '', ctx.now());
  if (!rate.allowed) {
    send(429, { message: 'Too Many Requests' }, { 'Retry-After': String(Math.max(1, Math.ceil(rate.resetMs / 1000))) });
    return;
  }
  const fault = ctx.faults.decide(method, url.pathname);
  if (fault !== null) record.fault = fault;
  if (fault?.phase === 'before') {
    record.status = applyFault(res, fault.kind);
    return;
  }
  let status: number;
  let payload: unknown;
  try {
    [status, payload] = route(ctx, method, url, body, user.id);
  } catch (err) {
    if (!(err instanceof HarvestError)) throw err;
    [status, payload] = [err.status, { message: err.message }];
  }
  if (fault?.phase === 'after') {
    record.status = applyFault(res, fault.kind);
    return;
  }
  send(status, payload);
}

function route(ctx: ApiContext, method: string, url: URL, rawBody: string, userId: number): [number, unknown] {
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/v2/company' && method === 'GET')
    return [200, { name: 'COSS NOC', is_active: true, wants_timestamp_timers: ctx.store.wantsTimestampTimers }];
  if (path === '/v2/time_entries' && method === 'GET') return [200, list(ctx, url)];
  if (path === '/v2/time_entries' && method === 'POST') {
    const body = parseBody(rawBody);
    const entry = ctx.store.create({
      userId: optionalInt(body, 'user_id') ?? userId,
      projectId: requiredInt(body, 'project_id'),
      taskId: requiredInt(body, 'task_id'),
      spentDate: requiredDate(body, 'spent_date'),
      notes: optionalString(body, 'notes'),
      hours: optionalNumber(body, 'hours'),
      startedTime: optionalString(body, 'started_time'),
      endedTime: optionalString(body, 'ended_time'),
      externalReference: externalReference(body['external_reference']),
    });
    return [201, shape(ctx, entry)];
  }
  const match = /^\/v2\/time_entries\/(\d+)(\/stop|\/restart|\/external_reference)?$/.exec(path);
  if (match) {
    const id = Number(match[1]);
    const action = match[2];
    if (action === '/stop' && method === 'PATCH') return [200, shape(ctx, ctx.store.stop(id))];
    if (action === '/restart' && method === 'PATCH') return [200, shape(ctx, ctx.store.restart(id))];
    if (action === '/external_reference' && method === 'DELETE') {
      ctx.store.update(id, { externalReference: null });
      return [200, {}];
    }
    if (action === undefined && method === 'GET') return [200, shape(ctx, ctx.store.get(id))];
    if (action === undefined && method === 'DELETE') {
      ctx.store.delete(id);
      return [200, {}];
    }
    if (action === undefined && method === 'PATCH') {
      const body = parseBody(rawBody);
      const hours = optionalNumber(body, 'hours');
      return [
        200,
        shape(
          ctx,
          ctx.store.update(id, {
            ...('notes' in body ? { notes: optionalString(body, 'notes') } : {}),
            ...(hours === null ? {} : { hours }),
            ...('external_reference' in body
              ? { externalReference: externalReference(body['external_reference']) }
              : {}),
          }),
        ),
      ];
    }
  }
  throw new HarvestError(404, 'Not found');
}

function list(ctx: ApiContext, url: URL): unknown {
  const q = url.searchParams;
  const perPage = q.has('per_page') ? Number(q.get('per_page')) : MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
    throw new HarvestError(422, `per_page must be between 1 and ${MAX_PER_PAGE}`);
  const page = q.has('page') ? Number(q.get('page')) : 1;
  if (!Number.isInteger(page) || page < 1) throw new HarvestError(422, 'page is not valid');
  const intFilter = (name: string, value: (e: SimTimeEntry) => number) => {
    const raw = q.get(name);
    return raw === null ? () => true : (e: SimTimeEntry) => String(value(e)) === raw;
  };
  const filters = [
    intFilter('user_id', (e) => e.userId),
    intFilter('project_id', (e) => e.projectId),
    intFilter('task_id', (e) => e.taskId),
    (e: SimTimeEntry) => !q.has('external_reference_id') || e.externalReference?.id === q.get('external_reference_id'),
    (e: SimTimeEntry) => !q.has('is_running') || String(e.timerStartedAt !== null) === q.get('is_running'),
    (e: SimTimeEntry) => !q.has('from') || e.spentDate >= (q.get('from') ?? ''),
    (e: SimTimeEntry) => !q.has('to') || e.spentDate <= (q.get('to') ?? ''),
  ];
  const matching = ctx.store
    .all()
    .filter((e) => filters.every((f) => f(e)))
    .sort((a, b) => b.spentDate.localeCompare(a.spentDate) || b.id - a.id);
  const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
  const slice = matching.slice((page - 1) * perPage, page * perPage);
  return {
    // "user_assignment, task_assignment and invoice are not returned in list responses" (FACTS.md §3).
    time_entries: slice.map((e) => {
      const { user_assignment: _u, task_assignment: _t, invoice: _i, ...rest } = shape(ctx, e);
      return rest;
    }),
    per_page: perPage,
    total_pages: totalPages,
    total_entries: matching.length,
    page,
    next_page: page < totalPages ? page + 1 : null,
    previous_page: page > 1 ? page - 1 : null,
    links: {
      first: pageLink(url, 1, perPage),
      next: page < totalPages ? pageLink(url, page + 1, perPage) : null,
      previous: page > 1 ? pageLink(url, page - 1, perPage) : null,
      last: pageLink(url, totalPages, perPage),
    },
  };
}

function pageLink(url: URL, page: number, perPage: number): string {
  const next = new URL(url.href);
  next.searchParams.set('page', String(page));
  next.searchParams.set('per_page', String(perPage));
  return `${next.pathname}${next.search}`;
}

function shape(ctx: ApiContext, e: SimTimeEntry): Record<string, unknown> {
  const user = ctx.store.users.find((u) => u.id === e.userId);
  const project = ctx.store.projects.find((p) => p.id === e.projectId);
  const task = project?.tasks.find((t) => t.id === e.taskId);
  const hours = ctx.store.hours(e);
  return {
    id: e.id,
    spent_date: e.spentDate,
    user: { id: e.userId, name: user ? `${user.firstName} ${user.lastName}` : null },
    client: project ? { id: project.client.id, name: project.client.name } : null,
    project: project ? { id: project.id, name: project.name } : null,
    task: task ? { id: task.id, name: task.name } : null,
    user_assignment: { id: e.userId * 10 + e.projectId },
    task_assignment: { id: e.projectId * 10 + e.taskId },
    external_reference: e.externalReference,
    invoice: null,
    hours,
    hours_without_timer: Math.round(e.storedHours * 100) / 100,
    rounded_hours: hours,
    notes: e.notes,
    is_locked: false,
    locked_reason: null,
    is_closed: false,
    is_billed: false,
    timer_started_at: e.timerStartedAt === null ? null : new Date(e.timerStartedAt).toISOString(),
    started_time: e.startedTime,
    ended_time: e.endedTime,
    is_running: e.timerStartedAt !== null,
    billable: true,
    budgeted: false,
    billable_rate: null,
    cost_rate: null,
    created_at: new Date(e.createdAt).toISOString(),
    updated_at: new Date(e.updatedAt).toISOString(),
  };
}

function applyFault(res: ServerResponse, kind: string): RequestRecord['status'] {
  switch (kind) {
    case 'reset':
      resetConnection(res);
      return 'reset';
    case 'timeout':
      return 'timeout';
    case '429':
      sendJson(res, 429, { message: 'Too Many Requests' }, { 'Retry-After': '1' });
      return 429;
    default: {
      const status = Number(kind);
      sendJson(res, status, { message: status === 503 ? 'Service Unavailable' : 'Internal Server Error' });
      return status;
    }
  }
}

/** The User-Agent rule: the application's name and a link or an email address (FACTS.md §1). */
function namesContact(userAgent: string): boolean {
  return /\S+@\S+\.\S+/.test(userAgent) || /https?:\/\/\S+/.test(userAgent);
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function parseBody(raw: string): Body {
  let parsed: unknown;
  try {
    parsed = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new HarvestError(400, 'Body is not valid JSON');
  }
  if (!isPlainObject(parsed)) throw new HarvestError(400, 'Body must be a JSON object');
  return parsed;
}

function optionalInt(body: Body, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new HarvestError(422, `${name} is not valid`);
  return n;
}

function requiredInt(body: Body, name: string): number {
  const n = optionalInt(body, name);
  if (n === null) throw new HarvestError(422, `${name} is required`);
  return n;
}

function optionalNumber(body: Body, name: string): number | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new HarvestError(422, `${name} is not valid`);
  return n;
}

function optionalString(body: Body, name: string): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new HarvestError(422, `${name} is not valid`);
  return value;
}

function requiredDate(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (value === null) throw new HarvestError(422, `${name} is required`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new HarvestError(422, `${name} is not a valid date`);
  return value;
}

function externalReference(value: unknown): ExternalReference | null {
  if (value === undefined || value === null) return null;
  if (!isPlainObject(value)) throw new HarvestError(422, 'external_reference is not valid');
  const text = (name: string): string | null => {
    const v = value[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new HarvestError(422, `external_reference.${name} is not valid`);
    return String(v);
  };
  const id = text('id');
  if (id === null) throw new HarvestError(422, 'external_reference.id is required');
  const permalink = text('permalink');
  // Harvest shows the referencing service; the page does not say how it is named, so the permalink's host is used.
  const service = permalink === null ? null : permalinkHost(permalink);
  return { id, group_id: text('group_id'), account_id: text('account_id'), permalink, service, service_icon_url: null };
}

function permalinkHost(permalink: string): string {
  try {
    return new URL(permalink).host;
  } catch {
    throw new HarvestError(422, 'external_reference.permalink is not a valid URL');
  }
}
