/**
 * A job that one node of a cluster runs at a time, every interval: the node holding a named lease row (holder and
 * expiry, taken by compare-and-set) runs it; the others look again each interval and take over when the holder's
 * lease lapses, three intervals (at least 30 s) after its last run. The PagerDuty reconciler, the heartbeat monitor
 * and the maintenance window evaluator each run on one; their state is in the database, so a holder may die at any
 * moment.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/database.ts';

/** The tables of lease rows: the generic one, and the PagerDuty reconciler's, which came first. */
export type LeaseTable = 'leases' | 'pagerduty_leases';

export interface LeasedLoopOptions<T> {
  db: Sql;
  table: LeaseTable;
  /** the lease row's name: one holder per name in the cluster */
  name: string;
  /** how often the job runs; 0 turns the timer off (tests call `once`) */
  intervalMs: number;
  /** one run; it takes the lease itself (`takeLease`), so it can act on having lost it */
  run: () => Promise<T>;
  /** a run that threw: reported, and the loop goes on */
  onError: (error: unknown) => void;
}

export class LeasedLoop<T> {
  readonly holder = `node-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | null = null;
  private halted = false;

  constructor(private readonly options: LeasedLoopOptions<T>) {}

  /** true once `stop` was called: a long run checks it between steps */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    const interval = this.options.intervalMs;
    if (interval <= 0) return;
    this.halted = false;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.once()
          .then(
            () => undefined,
            (error: unknown) => this.options.onError(error),
          )
          .then(() => {
            if (!this.halted) tick();
          });
      }, interval);
      this.timer.unref();
    };
    tick();
  }

  /** Stops the timer, waits for a run in progress and gives the lease back, so another node need not wait it out. */
  async stop(): Promise<void> {
    this.halted = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    await this.options.db
      .query(`DELETE FROM ${this.options.table} WHERE name = $1 AND holder = $2`, [this.options.name, this.holder])
      .catch(() => undefined);
  }

  /** One run (also what tests call); concurrent calls on one node share it. */
  once(): Promise<T> {
    this.running ??= this.options.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Takes or renews the lease; false when another node holds it. */
  async takeLease(): Promise<boolean> {
    const { db, table, name, intervalMs } = this.options;
    const seconds = Math.max(30, Math.ceil((intervalMs * 3) / 1000));
    const result = await db.query(
      `INSERT INTO ${table} (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
         WHERE ${table}.holder = EXCLUDED.holder OR ${table}.expires_at < now()
       RETURNING holder`,
      [name, this.holder, seconds],
    );
    return result.rows.length > 0;
  }
}
