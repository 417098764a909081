/**
 * The few REST v2 reads that bring PagerDuty's state back into COSS: log entries (reconciliation), one incident
 * (to learn the dedup key of an incident a log entry names), and on-calls. Writes live in the outbox worker's
 * client; these are GETs only, safe to retry.
 */
import { z } from 'zod';
import type { PagerDutyConfig } from './config.ts';
import { errorMessage } from '../../../shared/error-message.ts';

export const PAGERDUTY_ACCEPT = 'application/vnd.pagerduty+json;version=2';

/** A REST call that failed; `status` is null when no answer arrived. */
export class PagerDutyReadError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'PagerDutyReadError';
  }
}

const Reference = z.looseObject({ id: z.string(), summary: z.string().optional(), type: z.string().optional() });

export const LogEntrySchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  created_at: z.string(),
  agent: Reference.nullable().optional(),
  channel: z.looseObject({ type: z.string().optional() }).nullable().optional(),
  incident: Reference.nullable().optional(),
  assignees: z.array(Reference).optional(),
  note: z.string().optional(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

const LogEntriesPage = z.looseObject({ log_entries: z.array(LogEntrySchema), more: z.boolean().optional() });

export const IncidentSchema = z.looseObject({
  id: z.string(),
  incident_number: z.number().int().optional(),
  status: z.string().optional(),
  incident_key: z.string().nullable().optional(),
  service: Reference.nullable().optional(),
  escalation_policy: Reference.nullable().optional(),
  assignments: z.array(z.looseObject({ assignee: Reference })).optional(),
  priority: Reference.nullable().optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const OnCallSchema = z.looseObject({
  escalation_level: z.number().int(),
  user: Reference,
  escalation_policy: Reference.optional(),
  schedule: Reference.nullable().optional(),
  start: z.string().nullable().optional(),
  end: z.string().nullable().optional(),
});
export type OnCall = z.infer<typeof OnCallSchema>;

const OnCallsPage = z.looseObject({ oncalls: z.array(OnCallSchema), more: z.boolean().optional() });

/** GETs against REST v2 with the configured token. */
export class PagerDutyReader {
  constructor(
    private readonly config: PagerDutyConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get enabled(): boolean {
    return this.config.apiToken !== undefined;
  }

  /** GET `path` with `query` (arrays become repeated `name[]` parameters) and parse the answer with `schema`. */
  async get<S extends z.ZodType>(
    path: string,
    query: Record<string, string | string[]>,
    schema: S,
  ): Promise<z.infer<S>> {
    const token = this.config.apiToken;
    if (token === undefined)
      throw new PagerDutyReadError('no PagerDuty API token is configured (PAGERDUTY_API_TOKEN)', null);
    const url = new URL(this.config.apiUrl + path);
    for (const [name, value] of Object.entries(query)) {
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
      else url.searchParams.set(name, value);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        headers: { Accept: PAGERDUTY_ACCEPT, Authorization: `Token token=${token}` },
        signal: AbortSignal.timeout(this.config.requestTimeoutMs),
      });
    } catch (error) {
      throw new PagerDutyReadError(`PagerDuty did not answer GET ${path}: ${errorMessage(error)}`, null);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after') ?? response.headers.get('ratelimit-reset') ?? NaN);
      throw new PagerDutyReadError(
        `PagerDuty answered ${response.status} to GET ${path}: ${text.slice(0, 200)}`,
        response.status,
        Number.isFinite(retryAfter) ? retryAfter : null,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PagerDutyReadError(`PagerDuty answered GET ${path} with something that is not JSON`, response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new PagerDutyReadError(
        `unexpected answer to GET ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        response.status,
      );
    }
    return parsed.data;
  }

  /** Every log entry in [since, until], oldest first (PagerDuty lists newest first; `until` keeps pages stable). */
  async logEntriesBetween(since: Date, until: Date, maxEntries = 10_000): Promise<LogEntry[]> {
    const entries: LogEntry[] = [];
    for (let offset = 0; ;) {
      const page = await this.get(
        '/log_entries',
        {
          since: since.toISOString(),
          until: until.toISOString(),
          is_overview: 'false',
          limit: '100',
          offset: String(offset),
        },
        LogEntriesPage,
      );
      entries.push(...page.log_entries);
      offset += page.log_entries.length;
      if (!page.more || page.log_entries.length === 0 || entries.length >= maxEntries) break;
    }
    // Sort by time; entries of the same instant keep PagerDuty's order reversed (oldest first).
    return entries
      .map((entry, index) => ({ entry, index, at: Date.parse(entry.created_at) }))
      .sort((a, b) => a.at - b.at || b.index - a.index)
      .map(({ entry }) => entry);
  }

  async incident(id: string): Promise<Incident | null> {
    try {
      return (await this.get(`/incidents/${encodeURIComponent(id)}`, {}, z.looseObject({ incident: IncidentSchema })))
        .incident;
    } catch (error) {
      if (error instanceof PagerDutyReadError && error.status === 404) return null;
      throw error;
    }
  }

  /** Who is on call for one escalation policy now, earliest shift per level and user. */
  async onCalls(escalationPolicyId: string): Promise<OnCall[]> {
    const all: OnCall[] = [];
    for (let offset = 0; ;) {
      const page = await this.get(
        '/oncalls',
        { 'escalation_policy_ids[]': [escalationPolicyId], earliest: 'true', limit: '100', offset: String(offset) },
        OnCallsPage,
      );
      all.push(...page.oncalls);
      offset += page.oncalls.length;
      if (!page.more || page.oncalls.length === 0 || all.length >= 1000) break;
    }
    return all;
  }
}
