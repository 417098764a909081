/**
 * REST API v2, the calls the outbox needs: find an incident by its dedup key (incident_key), update it (status,
 * escalation level, escalation policy, priority by name) and add a note. Writes carry `From:` the acting
 * operator's PagerDuty email, so PagerDuty records who acted. Errors are classified like the Events API's.
 */
import { failureOf, final, ok, request, type FetchLike, type HttpAnswer, type Outcome } from '../call-outcome.ts';

export const PAGERDUTY_REST_ACCEPT = 'application/vnd.pagerduty+json;version=2';
/** How long a fetched priority list is trusted before a miss fetches it again. */
const PRIORITY_CACHE_MS = 10 * 60 * 1000;

export interface RestClientOptions {
  /** config.apiUrl, e.g. https://api.pagerduty.com (no trailing slash) */
  apiUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface IncidentRef {
  id: string;
  number: number | null;
  status: string | null;
}

export interface IncidentChanges {
  status?: 'acknowledged' | 'resolved' | undefined;
  escalationLevel?: number | undefined;
  escalationPolicyId?: string | undefined;
  priorityName?: string | undefined;
}

export class RestClient {
  private readonly fetchImpl: FetchLike;
  private readonly now: () => number;
  private priorities: { byName: Map<string, string>; fetchedAt: number } | null = null;

  constructor(private readonly options: RestClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /**
   * The incident PagerDuty opened for `dedupKey` (on `serviceId` when known, since dedup keys are per service):
   * the open one if any, else the newest. null when PagerDuty has none (yet: a trigger may still be queued there).
   */
  async findIncident(dedupKey: string, serviceId: string | null): Promise<Outcome<IncidentRef | null>> {
    const query = new URLSearchParams();
    query.set('incident_key', dedupKey);
    for (const status of ['triggered', 'acknowledged', 'resolved']) query.append('statuses[]', status);
    if (serviceId) query.append('service_ids[]', serviceId);
    query.set('date_range', 'all');
    query.set('limit', '100');
    const answer = await this.call('GET', `/incidents?${query.toString()}`, null);
    if ('kind' in answer) return answer;
    if (!isSuccess(answer)) return failureOf(answer, restErrorReason(answer));
    const incidents = ((answer.body as { incidents?: unknown } | null)?.incidents ?? []) as unknown[];
    const refs = incidents.map(incidentRef).filter((ref): ref is IncidentRef => ref !== null);
    const newestFirst = refs.sort((a, b) => (b.number ?? 0) - (a.number ?? 0));
    return ok(newestFirst.find((ref) => ref.status !== 'resolved') ?? newestFirst[0] ?? null);
  }

  /** PUT /incidents/{id} with the changes; a priority is given by name and looked up (cached). */
  async updateIncident(incidentId: string, from: string, changes: IncidentChanges): Promise<Outcome<IncidentRef>> {
    const incident: Record<string, unknown> = { type: 'incident_reference' };
    if (changes.status !== undefined) incident.status = changes.status;
    if (changes.escalationLevel !== undefined) incident.escalation_level = changes.escalationLevel;
    if (changes.escalationPolicyId !== undefined) {
      incident.escalation_policy = { id: changes.escalationPolicyId, type: 'escalation_policy_reference' };
    }
    if (changes.priorityName !== undefined) {
      const priority = await this.priorityId(changes.priorityName);
      if (priority.kind !== 'ok') return priority;
      if (priority.value === null) return final(`PagerDuty has no priority named ${changes.priorityName}`);
      incident.priority = { id: priority.value, type: 'priority_reference' };
    }
    const answer = await this.call('PUT', `/incidents/${encodeURIComponent(incidentId)}`, from, { incident });
    if ('kind' in answer) return answer;
    if (!isSuccess(answer)) return failureOf(answer, restErrorReason(answer));
    return ok(
      incidentRef((answer.body as { incident?: unknown } | null)?.incident) ?? {
        id: incidentId,
        number: null,
        status: null,
      },
    );
  }

  /** POST /incidents/{id}/notes. */
  async addNote(incidentId: string, from: string, content: string): Promise<Outcome<{ noteId: string | null }>> {
    const answer = await this.call('POST', `/incidents/${encodeURIComponent(incidentId)}/notes`, from, {
      note: { content },
    });
    if ('kind' in answer) return answer;
    if (!isSuccess(answer)) return failureOf(answer, restErrorReason(answer));
    const id = (answer.body as { note?: { id?: unknown } } | null)?.note?.id;
    return ok({ noteId: typeof id === 'string' ? id : null });
  }

  /** A priority's id by its name (P1…), from GET /priorities; fetched again on a miss once the cache is old. */
  async priorityId(name: string): Promise<Outcome<string | null>> {
    const cached = this.priorities;
    if (cached && (cached.byName.has(name) || this.now() - cached.fetchedAt < PRIORITY_CACHE_MS)) {
      return ok(cached.byName.get(name) ?? null);
    }
    const byName = new Map<string, string>();
    for (let offset = 0; offset < 1000; offset += 100) {
      const answer = await this.call('GET', `/priorities?limit=100&offset=${offset}`, null);
      if ('kind' in answer) return answer;
      if (!isSuccess(answer)) return failureOf(answer, restErrorReason(answer));
      const body = answer.body as { priorities?: Array<{ id?: unknown; name?: unknown }>; more?: unknown } | null;
      for (const priority of body?.priorities ?? []) {
        if (typeof priority.id === 'string' && typeof priority.name === 'string')
          byName.set(priority.name, priority.id);
      }
      if (body?.more !== true) break;
    }
    this.priorities = { byName, fetchedAt: this.now() };
    return ok(byName.get(name) ?? null);
  }

  private call(method: string, path: string, from: string | null, body?: unknown) {
    const headers: Record<string, string> = {
      Accept: PAGERDUTY_REST_ACCEPT,
      Authorization: `Token token=${this.options.token}`,
      'Content-Type': 'application/json',
    };
    if (from !== null) headers.From = from;
    return request(
      this.fetchImpl,
      `${this.options.apiUrl}${path}`,
      { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      this.options.timeoutMs,
    );
  }
}

function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

function incidentRef(value: unknown): IncidentRef | null {
  if (typeof value !== 'object' || value === null) return null;
  const {
    id,
    incident_number: number,
    status,
  } = value as { id?: unknown; incident_number?: unknown; status?: unknown };
  if (typeof id !== 'string') return null;
  return { id, number: typeof number === 'number' ? number : null, status: typeof status === 'string' ? status : null };
}

/** "PagerDuty answered 400: Invalid Input Provided (2001): …" from {error:{message, code, errors}}. */
export function restErrorReason(answer: HttpAnswer): string {
  const error = (answer.body as { error?: { message?: unknown; code?: unknown; errors?: unknown } } | null)?.error;
  if (typeof error === 'object' && error !== null) {
    const message = typeof error.message === 'string' ? error.message : '';
    const code = typeof error.code === 'number' ? ` (${error.code})` : '';
    const details = Array.isArray(error.errors)
      ? error.errors.filter((e): e is string => typeof e === 'string').join('; ')
      : '';
    const text = [`${message}${code}`.trim(), details].filter((part) => part !== '').join(': ');
    if (text !== '') return `PagerDuty answered ${answer.status}: ${text}`.slice(0, 1000);
  }
  return `PagerDuty answered ${answer.status}`;
}
