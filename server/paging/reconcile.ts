/**
 * Reconciliation: what webhooks missed (COSS down, subscription off, deliveries out of attempts) comes back from
 * PagerDuty's log entries. One node at a time polls GET /log_entries since the stored cursor (a lease row, so a
 * node that dies hands over when its lease expires) and applies the entries of incidents COSS paged through the
 * same idempotent path as webhooks: a change already applied by a webhook is recognised and reports nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import { LeasedLoop } from '../cluster/leased-loop.ts';
import type { Database } from '../db/database.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import type { ChangeKind, IncidentChange } from './incident-change.ts';
import { applyIncidentChange } from './incident-sync.ts';
import type { IncidentResolver } from './incident-resolver.ts';
import type { LogEntry, PagerDutyReader } from '../integrations/pagerduty/rest-reads.ts';

export const CURSOR_NAME = 'log_entries';
const LEASE_NAME = 'reconcile';
/** Entries can become visible a little after their time; each poll looks this far behind the cursor. */
const OVERLAP_MS = 60_000;
/** Where the first poll starts. */
const FIRST_LOOKBACK_MS = 60 * 60_000;

const KIND_OF_ENTRY: Record<string, ChangeKind> = {
  trigger_log_entry: 'triggered',
  acknowledge_log_entry: 'acknowledged',
  unacknowledge_log_entry: 'unacknowledged',
  resolve_log_entry: 'resolved',
  escalate_log_entry: 'escalated',
  assign_log_entry: 'reassigned',
  delegate_log_entry: 'delegated',
  annotate_log_entry: 'annotated',
};

/** A log entry as an IncidentChange; null for entries that change nothing COSS shows. */
export function changeFromLogEntry(entry: LogEntry): IncidentChange | null {
  const kind = KIND_OF_ENTRY[entry.type];
  if (kind === undefined || !entry.incident) return null;
  // The escalation policy's own assignment at trigger time is automatic noise, not a reassignment.
  if (kind === 'reassigned' && entry.channel?.type === 'auto') return null;
  if (kind === 'annotated' && (entry.note === undefined || entry.note === '')) return null;
  const occurredAt = new Date(entry.created_at);
  if (Number.isNaN(occurredAt.getTime())) return null;
  return {
    kind,
    source: 'log_entry',
    sourceId: entry.id,
    incidentId: entry.incident.id,
    incidentKey: null,
    incidentNumber: null,
    serviceId: null,
    escalationPolicy: null,
    status: null,
    assignees: entry.assignees ? entry.assignees.map((a) => ({ id: a.id, name: a.summary ?? a.id })) : null,
    escalationLevel: null,
    agent: entry.agent?.summary ?? null,
    occurredAt,
    note: kind === 'annotated' ? (entry.note ?? null) : null,
  };
}

export interface ReconcilerOptions {
  db: Database;
  log: FastifyBaseLogger;
  config: PagerDutyConfig;
  reader: PagerDutyReader;
  resolver: IncidentResolver;
  onCommitted: (seq: number) => void;
  now?: () => number;
}

export interface PollResult {
  /** false when another node holds the lease */
  ran: boolean;
  entries: number;
  applied: number;
  reported: number;
}

export class Reconciler {
  private readonly loop: LeasedLoop<PollResult>;
  private readonly now: () => number;

  constructor(private readonly options: ReconcilerOptions) {
    this.now = options.now ?? Date.now;
    this.loop = new LeasedLoop({
      db: options.db,
      table: 'pagerduty_leases',
      name: LEASE_NAME,
      intervalMs: options.config.reconcileIntervalMs,
      run: () => this.poll(),
      onError: (error) => options.log.warn({ err: error }, 'PagerDuty reconciliation failed'),
    });
  }

  get enabled(): boolean {
    return this.options.config.apiToken !== undefined && this.options.config.reconcileIntervalMs > 0;
  }

  /** Polls every reconcileIntervalMs (first poll soon after start) when a token is configured. */
  start(): void {
    if (this.enabled) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One poll (also what tests call); concurrent calls on one node share it. */
  pollOnce(): Promise<PollResult> {
    return this.loop.once();
  }

  private async poll(): Promise<PollResult> {
    const result: PollResult = { ran: false, entries: 0, applied: 0, reported: 0 };
    if (this.options.config.apiToken === undefined) return result;
    if (!(await this.loop.takeLease())) return result;
    result.ran = true;
    const { db, reader, resolver } = this.options;
    const until = new Date(this.now());
    const stored = (
      await db.query<{ value: string }>('SELECT value FROM pagerduty_cursor WHERE name = $1', [CURSOR_NAME])
    ).rows[0];
    const cursor = stored ? new Date(stored.value) : new Date(until.getTime() - FIRST_LOOKBACK_MS);
    const since = new Date(Math.min(cursor.getTime() - OVERLAP_MS, until.getTime()));
    const entries = await reader.logEntriesBetween(since, until);
    result.entries = entries.length;

    // Incidents already linked to a page, and for the rest, whether their dedup key is one COSS paged with.
    const known = new Map<string, boolean>();
    for (const entry of entries) {
      if (this.loop.stopped) break;
      const change = changeFromLogEntry(entry);
      if (!change) continue;
      let relevant = known.get(change.incidentId);
      if (relevant === undefined) {
        relevant = await resolver.isLinked(change.incidentId);
        if (!relevant) {
          const incident = await resolver.incident(change.incidentId);
          const key = incident?.incident_key ?? null;
          relevant =
            key !== null &&
            (await db.query('SELECT 1 FROM pages WHERE dedup_key = $1 AND incident_id IS NULL LIMIT 1', [key])).rows
              .length > 0;
        }
        known.set(change.incidentId, relevant);
      }
      if (!relevant) continue;
      await resolver.enrich(change);
      const applied = await db.transaction((tx) => applyIncidentChange(tx, change));
      result.applied += 1;
      if (applied.reported) result.reported += 1;
      if (applied.lastSeq !== null) this.options.onCommitted(applied.lastSeq);
    }
    if (!this.loop.stopped) {
      await db.query(
        `INSERT INTO pagerduty_cursor (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
        [CURSOR_NAME, until.toISOString()],
      );
    }
    return result;
  }
}
