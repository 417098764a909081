/**
 * Who is on call, per escalation policy, for `.who <target>` and the console. Answers are cached per policy for
 * a minute; concurrent asks share one request, and when PagerDuty cannot be reached a recent answer is served.
 */
import type { PagerDutyReader, OnCall } from './rest-reads.ts';
import { errorMessage } from '../../../shared/error-message.ts';

export interface OnCallEntry {
  level: number;
  name: string;
  /** PagerDuty user id */
  userId: string;
  email?: string;
  /** end of the current shift (ISO-8601); absent when the user is on the policy directly */
  until?: string;
  schedule?: string;
}

/** Why on-call could not be answered; `code` says what to fix. */
export class OnCallError extends Error {
  constructor(
    readonly code: 'no_api_token' | 'no_escalation_policy' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'OnCallError';
  }
}

interface CacheEntry {
  at: number;
  entries: OnCallEntry[];
}

export interface OnCallDirectoryOptions {
  ttlMs?: number;
  /** how old a cached answer may be and still be served when PagerDuty fails */
  staleMs?: number;
  now?: () => number;
}

export class OnCallDirectory {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<OnCallEntry[]>>();
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly reader: PagerDutyReader,
    options: OnCallDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleMs = options.staleMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** On call for a paging target, by level then name. */
  async whoIsOnCall(target: { name: string; escalationPolicyId: string | null }): Promise<OnCallEntry[]> {
    if (!this.reader.enabled) {
      throw new OnCallError(
        'no_api_token',
        'on-call needs a PagerDuty REST API token (PAGERDUTY_API_TOKEN), and none is configured',
      );
    }
    if (!target.escalationPolicyId) {
      throw new OnCallError(
        'no_escalation_policy',
        `${target.name} has no PagerDuty escalation policy in the paging directory`,
      );
    }
    return this.forPolicy(target.escalationPolicyId);
  }

  /** On call for one escalation policy (cached). */
  async forPolicy(policyId: string): Promise<OnCallEntry[]> {
    const cached = this.cache.get(policyId);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.entries;
    let pending = this.inFlight.get(policyId);
    if (!pending) {
      pending = this.fetch(policyId).finally(() => this.inFlight.delete(policyId));
      this.inFlight.set(policyId, pending);
    }
    try {
      return await pending;
    } catch (error) {
      if (cached && this.now() - cached.at < this.staleMs) return cached.entries;
      throw new OnCallError('unavailable', `PagerDuty could not say who is on call: ${errorMessage(error)}`);
    }
  }

  /** The escalation level at which `userIds` are on call for `policyId`, or null when no level matches. */
  async levelOf(policyId: string, userIds: readonly string[]): Promise<number | null> {
    if (!this.reader.enabled || userIds.length === 0) return null;
    const entries = await this.forPolicy(policyId);
    const levels = [...new Set(entries.map((entry) => entry.level))].sort((a, b) => a - b);
    const wanted = new Set(userIds);
    // The level whose on-call users are exactly the assignees; else the lowest level holding any of them.
    const exact = levels.find((level) => {
      const users = new Set(entries.filter((entry) => entry.level === level).map((entry) => entry.userId));
      return users.size === wanted.size && [...wanted].every((id) => users.has(id));
    });
    if (exact !== undefined) return exact;
    return levels.find((level) => entries.some((entry) => entry.level === level && wanted.has(entry.userId))) ?? null;
  }

  /** Forget cached answers (e.g. after a schedule change). */
  invalidate(policyId?: string): void {
    if (policyId === undefined) this.cache.clear();
    else this.cache.delete(policyId);
  }

  private async fetch(policyId: string): Promise<OnCallEntry[]> {
    const entries = (await this.reader.onCalls(policyId)).map(toEntry);
    entries.sort((a, b) => a.level - b.level || a.name.localeCompare(b.name));
    // One user may appear once per schedule; keep the first per level.
    const unique = entries.filter(
      (entry, i) => entries.findIndex((other) => other.level === entry.level && other.userId === entry.userId) === i,
    );
    this.cache.set(policyId, { at: this.now(), entries: unique });
    return unique;
  }
}

function toEntry(oncall: OnCall): OnCallEntry {
  const email = (oncall.user as { email?: unknown }).email;
  return {
    level: oncall.escalation_level,
    name: oncall.user.summary ?? oncall.user.id,
    userId: oncall.user.id,
    ...(typeof email === 'string' ? { email } : {}),
    ...(oncall.end ? { until: oncall.end } : {}),
    ...(oncall.schedule?.summary ? { schedule: oncall.schedule.summary } : {}),
  };
}
