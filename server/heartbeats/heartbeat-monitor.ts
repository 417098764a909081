/**
 * The heartbeat monitor: every check interval one node of the cluster (the holder of a lease row, as the PagerDuty
 * reconciler does) looks at every heartbeat, raises the alert of each that went silent and resolves the alert of
 * each that was pinged again. All its state is in the database, so a node may die at any moment and another takes
 * over when the lease lapses.
 *
 * No false alarm after a start: while COSS was down, pings were refused, so a heartbeat is only overdue once it has
 * had its interval and grace since this node started, whatever its last ping says.
 */
import { LeasedLoop } from '../cluster/leased-loop.ts';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import type { IngestService } from '../ingest/service.ts';
import {
  dueAt,
  heartbeatEvent,
  listHeartbeats,
  markMissed,
  markRecovered,
  recordPing,
  type HeartbeatRow,
} from './heartbeat-store.ts';
import { missedEvent, recoveredEvent } from './missed-alert.ts';

const LEASE_NAME = 'heartbeats';

/** What one heartbeat needs at `now`: its alert raised, its alert resolved, or nothing. */
export function verdict(row: HeartbeatRow, now: Date, startedAt: Date): 'raise' | 'clear' | null {
  const due = dueAt(row).getTime();
  if (row.missed_at !== null) return now.getTime() <= due ? 'clear' : null;
  const dueSinceStart = startedAt.getTime() + Number(row.interval_ms) + Number(row.grace_ms);
  return now.getTime() > Math.max(due, dueSinceStart) ? 'raise' : null;
}

export interface HeartbeatMonitorOptions {
  db: Database;
  ingest: IngestService;
  /** where a failed check is reported (the node's logger) */
  log: { warn(details: object, message: string): void };
  /** how often the lease holder looks; 0 turns the timer off (tests call checkOnce) */
  checkIntervalMs: number;
  /** called with the newest seq after a commit that appended events, to wake this node's stream hub */
  onCommitted: (seq: number) => void;
  now?: () => Date;
}

export interface CheckResult {
  /** false when another node holds the lease */
  ran: boolean;
  raised: string[];
  cleared: string[];
}

export class HeartbeatMonitor {
  private readonly startedAt: Date;
  private readonly loop: LeasedLoop<CheckResult>;
  readonly now: () => Date;

  constructor(private readonly options: HeartbeatMonitorOptions) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.loop = new LeasedLoop({
      db: options.db,
      table: 'leases',
      name: LEASE_NAME,
      intervalMs: options.checkIntervalMs,
      run: () => this.check(),
      onError: (error) => options.log.warn({ err: error }, 'heartbeat check failed'),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One look at every heartbeat (also what tests call); concurrent calls on one node share it. */
  checkOnce(): Promise<CheckResult> {
    return this.loop.once();
  }

  /**
   * Records a ping of `name` for `customer` (making the heartbeat on its first), and resolves its alert if it was
   * missed. Answers after commit.
   */
  async ping(
    customer: { id: number; slug: string },
    name: string,
    settings: { intervalMs?: number | undefined; graceMs?: number | undefined; source: 'ping' | 'watchdog' },
  ): Promise<{ row: HeartbeatRow; created: boolean }> {
    const now = this.now();
    const { pinged, range } = await this.options.db.transaction(async (tx) => {
      const pinged = await recordPing(tx, customer.id, name, settings, now);
      const range = await appendEvents(tx, pinged.created ? [heartbeatEvent(pinged.row, now, 'created', null)] : []);
      return { pinged, range };
    });
    if (range) this.options.onCommitted(range.last);
    if (pinged.row.missed_at !== null) {
      await this.recover(pinged.row, 'pinged again', null);
      return { ...pinged, row: { ...pinged.row, missed_at: null, alert_number: null } };
    }
    return pinged;
  }

  /**
   * Resolves the alert of a heartbeat that was missed and has been pinged (or removed), then clears its mark. In
   * that order: a crash between the two leaves the mark, and the next check resolves again (nothing to resolve).
   */
  async recover(row: HeartbeatRow, why: string, actor: string | null, removed = false): Promise<void> {
    const now = this.now();
    await this.options.ingest.ingest({ id: Number(row.customer_id), slug: row.slug }, [recoveredEvent(row, now, why)]);
    if (removed) return;
    await this.commit(async (tx) => {
      const cleared = await markRecovered(tx, row.id);
      return cleared ? [heartbeatEvent(cleared, now, 'recovered', actor)] : [];
    });
  }

  private async check(): Promise<CheckResult> {
    const result: CheckResult = { ran: false, raised: [], cleared: [] };
    if (!(await this.loop.takeLease())) return result;
    result.ran = true;
    const now = this.now();
    for (const row of await listHeartbeats(this.options.db, null)) {
      if (this.loop.stopped) break;
      const action = verdict(row, now, this.startedAt);
      if (action === 'raise') {
        await this.raise(row, now);
        result.raised.push(`${row.slug}/${row.name}`);
      } else if (action === 'clear') {
        // Due again without a ping since the miss: staff gave it a longer interval or grace.
        const pinged = row.last_ping_at !== null && row.missed_at !== null && row.last_ping_at > row.missed_at;
        await this.recover(row, pinged ? 'pinged again' : 'no longer overdue after a change', null);
        result.cleared.push(`${row.slug}/${row.name}`);
      }
    }
    return result;
  }

  /** The alert first, then the mark: a crash between them raises it again next time, and dedup makes it one alert. */
  private async raise(row: HeartbeatRow, now: Date): Promise<void> {
    const [outcome] = await this.options.ingest.ingest({ id: Number(row.customer_id), slug: row.slug }, [
      missedEvent(row, now),
    ]);
    const marked = await this.commit(async (tx) => {
      const missed = await markMissed(tx, row, outcome?.number ?? null, now);
      return missed ? [heartbeatEvent(missed, now, 'missed', null)] : [];
    });
    // Pinged between the read and the mark: the ping saw no mark and resolved nothing, so this resolves.
    if (!marked) await this.recover({ ...row, missed_at: now }, 'pinged again', null, true);
  }

  private async commit(work: (tx: Sql) => Promise<NewEvent[]>): Promise<boolean> {
    const range = await this.options.db.transaction(async (tx) => appendEvents(tx, await work(tx)));
    if (range) this.options.onCommitted(range.last);
    return range !== null;
  }
}
