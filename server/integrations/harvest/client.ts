/**
 * Harvest API v2, the calls the time outbox needs: the account's timer mode, find a time entry by its external
 * reference, create one (running or with hours), stop and restart it. Every request carries the three headers
 * Harvest requires (FACTS.md §1). Failures are classified as the PagerDuty clients do (call-outcome.ts).
 */
import { z } from 'zod';
import { failureOf, final, ok, request, type FetchLike, type HttpAnswer, type Outcome } from '../call-outcome.ts';
import type { HarvestConfig } from './config.ts';

/** The fields of a time entry COSS reads; Harvest sends many more (FACTS.md §3), which are ignored. */
const TimeEntrySchema = z.object({
  id: z.number(),
  hours: z.coerce.number(),
  is_running: z.boolean(),
  notes: z.string().nullable().optional(),
});
export type HarvestTimeEntry = z.infer<typeof TimeEntrySchema>;

const TimeEntryListSchema = z.object({
  time_entries: z.array(TimeEntrySchema),
  next_page: z.number().nullable().optional(),
});

/** What a new entry carries; `hours` and the times are the two create variants (FACTS.md §3). */
export interface NewTimeEntry {
  user_id: number;
  project_id: number;
  task_id: number;
  spent_date: string;
  notes: string;
  external_reference: { id: string; group_id: string; permalink?: string };
  hours?: number;
  started_time?: string;
  ended_time?: string;
}

/** How long the account's timer mode is trusted before it is read again. */
const COMPANY_CACHE_MS = 10 * 60 * 1000;

export class HarvestClient {
  private readonly fetchImpl: FetchLike;
  private company: { wantsTimestampTimers: boolean; fetchedAt: number } | null = null;

  constructor(
    private readonly config: HarvestConfig,
    fetchImpl?: FetchLike,
    private readonly now: () => number = Date.now,
  ) {
    this.fetchImpl = fetchImpl ?? fetch;
  }

  /** Whether the account tracks time by start and end times (Company API `wants_timestamp_timers`), cached. */
  async wantsTimestampTimers(): Promise<Outcome<boolean>> {
    if (this.company && this.now() - this.company.fetchedAt < COMPANY_CACHE_MS) {
      return ok(this.company.wantsTimestampTimers);
    }
    const answer = await this.call('GET', '/v2/company');
    if ('kind' in answer) return answer;
    if (!isSuccess(answer)) return failureOf(answer, reasonOf(answer));
    const wants = (answer.body as { wants_timestamp_timers?: unknown } | null)?.wants_timestamp_timers === true;
    this.company = { wantsTimestampTimers: wants, fetchedAt: this.now() };
    return ok(wants);
  }

  /**
   * The entries of Harvest user `userId` that reference `externalId`, all pages. This is how a create whose answer
   * was lost is found before it is sent again.
   */
  async findEntries(externalId: string, userId: number): Promise<Outcome<HarvestTimeEntry[]>> {
    const found: HarvestTimeEntry[] = [];
    for (let page = 1; page <= 50; page += 1) {
      const query = new URLSearchParams({
        external_reference_id: externalId,
        user_id: String(userId),
        page: String(page),
        per_page: '100',
      });
      const answer = await this.call('GET', `/v2/time_entries?${query.toString()}`);
      if ('kind' in answer) return answer;
      if (!isSuccess(answer)) return failureOf(answer, reasonOf(answer));
      const parsed = TimeEntryListSchema.safeParse(answer.body);
      if (!parsed.success) return final('Harvest answered the time entry list in an unexpected shape', answer.status);
      found.push(...parsed.data.time_entries);
      if (!parsed.data.next_page) break;
    }
    return ok(found);
  }

  async getEntry(id: number): Promise<Outcome<HarvestTimeEntry>> {
    return this.entryCall('GET', `/v2/time_entries/${id}`);
  }

  async createEntry(entry: NewTimeEntry): Promise<Outcome<HarvestTimeEntry>> {
    return this.entryCall('POST', '/v2/time_entries', entry);
  }

  async stopEntry(id: number): Promise<Outcome<HarvestTimeEntry>> {
    return this.entryCall('PATCH', `/v2/time_entries/${id}/stop`);
  }

  async restartEntry(id: number): Promise<Outcome<HarvestTimeEntry>> {
    return this.entryCall('PATCH', `/v2/time_entries/${id}/restart`);
  }

  private async entryCall(method: string, path: string, body?: unknown): Promise<Outcome<HarvestTimeEntry>> {
    const answer = await this.call(method, path, body);
    if ('kind' in answer) return answer;
    if (!isSuccess(answer)) return failureOf(answer, reasonOf(answer));
    const parsed = TimeEntrySchema.safeParse(answer.body);
    if (!parsed.success) return final('Harvest answered with a time entry in an unexpected shape', answer.status);
    return ok(parsed.data);
  }

  private call(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.config.token}`,
      'Harvest-Account-Id': this.config.accountId,
      'User-Agent': this.config.userAgent,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return request(
      this.fetchImpl,
      `${this.config.url}${path}`,
      { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) },
      this.config.requestTimeoutMs,
    );
  }
}

function isSuccess(answer: HttpAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/**
 * Harvest's words for a refusal. The error body is not documented (FACTS.md §6), so `message`, `error_description`
 * and `error` are all read, and the status alone is the fallback.
 */
function reasonOf(answer: HttpAnswer): string {
  const body = answer.body as { message?: unknown; error_description?: unknown; error?: unknown } | string | null;
  const words =
    typeof body === 'string'
      ? body.slice(0, 200)
      : [body?.message, body?.error_description, body?.error].find((x): x is string => typeof x === 'string');
  return `Harvest answered ${answer.status}${words ? `: ${words}` : ''}`;
}
