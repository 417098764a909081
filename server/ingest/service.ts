/** Ingest: normalized events → pipeline → group-committed store + event log. */
import type { NormalizedEvent } from '../../shared/alert.ts';
import type { Database } from '../db/database.ts';
import { isRefusedValueError, isRetryableTransactionError, isUnavailableError } from '../db/errors.ts';
import { appendEvents, storedFrom, type StoredEvent } from '../events/log.ts';
import type { NoteRulesCache } from '../notes/rules-repo.ts';
import { GroupCommitter } from './group-commit.ts';
import { notesStage, runPipeline, type IngestStage } from './pipeline.ts';
import { maintenanceStage } from '../maintenance/ingest-stage.ts';
import { activeWindows, openWindowRows } from '../maintenance/window-rows.ts';
import { runEffects, type IngestEffect } from './effects.ts';
import type { TransformsCache } from '../transforms/transforms-cache.ts';
import { transformNotesStage, transformStage } from '../transforms/ingest-stage.ts';
import { autoPageEffect } from '../transforms/auto-page-effect.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { cardEffect } from '../rooms/card-effect.ts';
import { storeBatch, type IngestOutcome, type PreparedEvent } from './store.ts';

export interface IngestServiceOptions {
  db: Database;
  rules: NoteRulesCache;
  /** the global and customer transforms (server/transforms/); none run without it */
  transforms?: TransformsCache;
  /** what transforms' auto-page actions page with; without it they page nobody */
  pagerduty?: PagerDutyConfig;
  /** called after each commit with the newest seq, to wake this node's stream hub without waiting for NOTIFY */
  onCommitted: (events: StoredEvent[]) => void;
  maxBatch?: number;
  maxQueued?: number;
  concurrency?: number;
  stages?: readonly IngestStage[];
  /** what runs in the alerts' transaction once per opened alert (server/ingest/effects.ts); by default the room card */
  effects?: readonly IngestEffect[];
  now?: () => Date;
}

/** The database refused a value in this request's own events (a 400: the input is at fault, not COSS). */
export class UnstorableEventsError extends Error {
  constructor() {
    super('an event in this request holds a value that cannot be stored; check the limits in docs/ALERTS-API.md');
  }
}

/** One answer per posted event: stored (with its outcome) or dropped by a pipeline stage. */
export type IngestResult = IngestOutcome | { fingerprint: string; number: null; result: 'dropped' };

/** The ingest path shared by every Alerts API format. */
export class IngestService {
  private readonly committer: GroupCommitter<PreparedEvent, IngestOutcome>;
  private readonly stages: readonly IngestStage[];
  private readonly effects: readonly IngestEffect[];
  private readonly now: () => Date;

  constructor(private readonly options: IngestServiceOptions) {
    // Transforms first: a rewritten event class is what note rules and windows see; their notes follow the rules'.
    this.stages = options.stages ?? [transformStage, notesStage, transformNotesStage, maintenanceStage];
    this.now = options.now ?? (() => new Date());
    this.effects = options.effects ?? [
      cardEffect({ now: this.now }),
      ...(options.pagerduty ? [autoPageEffect(options.pagerduty)] : []),
    ];
    this.committer = new GroupCommitter({
      maxBatch: options.maxBatch ?? 2000,
      maxQueued: options.maxQueued ?? 50_000,
      concurrency: options.concurrency ?? (options.db.kind === 'postgres' ? 2 : 1),
      // Transactions in flight at once never share an identity: a clear cannot overtake the raise it follows.
      keysOf: (item) => [`f${item.customerId}\u0000${item.fingerprint}`, `c${item.customerId}\u0000${item.clearKey}`],
      isRetryable: isRetryableTransactionError,
      failsEveryone: isUnavailableError,
      commit: (items) => this.commit(items),
    });
  }

  /** Items accepted but not yet committed. */
  get queueDepth(): number {
    return this.committer.depth;
  }

  /** Stores `events` for `customer`; resolves after commit. */
  async ingest(customer: { id: number; slug: string }, events: readonly NormalizedEvent[]): Promise<IngestResult[]> {
    const rules = await this.options.rules.get(customer.id);
    const transforms = (await this.options.transforms?.get(customer.id)) ?? [];
    const now = this.now();
    const windows = await this.windowsOf(customer.id, now);
    const prepared = runPipeline(this.stages, customer, events, { rules, windows, transforms, now });
    const kept = prepared.filter((event): event is PreparedEvent => event !== null);
    // The group committer reruns a failed shared transaction caller by caller, so an error here is this request's.
    const outcomes = await this.committer.submit(kept).catch((error: unknown) => {
      throw isRefusedValueError(error) ? new UnstorableEventsError() : error;
    });
    let next = 0;
    return prepared.map((event, i) =>
      event === null
        ? { fingerprint: events[i]?.fingerprint ?? '', number: null, result: 'dropped' as const }
        : (outcomes[next++] as IngestOutcome),
    );
  }

  /** The customer's windows in force at `now` (a weekly one at its local hours: the zone is read only then). */
  private async windowsOf(customerId: number, now: Date) {
    const rows = await openWindowRows(this.options.db, customerId, now);
    if (rows.length === 0) return [];
    const zone = (
      await this.options.db.query<{ time_zone: string }>('SELECT time_zone FROM customers WHERE id = $1', [customerId])
    ).rows[0]?.time_zone;
    return activeWindows(rows, () => zone ?? 'UTC', now);
  }

  /** Waits for everything accepted to commit; new work is refused from now on. */
  drain(): Promise<void> {
    return this.committer.drain();
  }

  private async commit(items: PreparedEvent[]): Promise<IngestOutcome[]> {
    const { outcomes, range } = await this.options.db.transaction(async (tx) => {
      const stored = await storeBatch(tx, items);
      const followUps = await runEffects(this.effects, tx, stored.opened);
      const events = followUps.length === 0 ? stored.events : [...stored.events, ...followUps];
      const range = await appendEvents(tx, events);
      return { outcomes: stored.outcomes, range: range ? storedFrom(range, events) : null };
    });
    if (range) this.options.onCommitted(range);
    return outcomes;
  }
}
