/**
 * The delivery outbox's worker: claims due deliveries of one outbox, waits for each one's pacing slot, and hands
 * it to the consumer, which makes the call and records the outcome. All state lives in the database, so any number
 * of nodes can run a worker and a node can die at any moment (claim.ts says how).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { claimDue } from './claim.ts';
import type { ClaimedDelivery, OutboxTable } from './outbox-table.ts';

/** What one outbound system brings to the worker. */
export interface DeliveryConsumer {
  /** names the outbox in logs, e.g. "pagerduty outbox" */
  name: string;
  table: OutboxTable;
  /** the time between two paced deliveries to one key */
  spacingMs: number;
  /** how long the work on a claimed row may take once its slot comes (the lease beyond the wait) */
  workMs(delivery: ClaimedDelivery): number;
  /** makes the call(s) and records the outcome; a throw means recording failed, and the lease brings it back */
  deliver(delivery: ClaimedDelivery): Promise<void>;
}

export interface DeliveryWorkerOptions {
  db: Database;
  log: Pick<FastifyBaseLogger, 'error' | 'warn'>;
  /** how often to look for due rows when nobody calls wake(); default 250 ms */
  pollIntervalMs?: number;
  /** rows claimed and not yet recorded on this node (waiting for their pacing slot or in flight); default 16 */
  maxInFlight?: number;
  /** how far ahead a pacing slot may be claimed (the row is then sent at its slot); default 1000 ms */
  lookaheadMs?: number;
}

export class DeliveryWorker {
  private readonly pollIntervalMs: number;
  private readonly maxInFlight: number;
  private readonly lookaheadMs: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private lastClaimErrorAt = 0;

  constructor(
    private readonly consumer: DeliveryConsumer,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.maxInFlight = options.maxInFlight ?? 16;
    this.lookaheadMs = options.lookaheadMs ?? 1000;
  }

  /** Starts polling; rows written before the start (or by other nodes) are picked up by the poll. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Look for due rows now: call after committing outbox rows. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tickLoop();
  }

  /** Stops claiming and waits for the deliveries in flight (and their results) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Deliveries claimed and not yet recorded on this node. */
  get busy(): number {
    return this.inFlight.size;
  }

  private async tickLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.tick();
      } while (this.again && !this.stopped);
    } finally {
      this.ticking = null;
    }
  }

  private async tick(): Promise<void> {
    const capacity = this.maxInFlight - this.inFlight.size;
    if (capacity <= 0 || this.stopped) return;
    let claimed: ClaimedDelivery[];
    try {
      claimed = await claimDue(this.options.db, this.consumer.table, {
        capacity,
        lookaheadMs: this.lookaheadMs,
        spacingMs: this.consumer.spacingMs,
        workMs: (delivery) => this.consumer.workMs(delivery),
      });
    } catch (error) {
      // The database is unreachable or busy: the next tick tries again. Say so now and then, not every 250 ms.
      if (Date.now() - this.lastClaimErrorAt > 10_000) {
        this.lastClaimErrorAt = Date.now();
        this.options.log.warn({ err: error }, `${this.consumer.name}: claiming due rows failed; will retry`);
      }
      return;
    }
    for (const delivery of claimed) this.launch(delivery);
  }

  private launch(delivery: ClaimedDelivery): void {
    const task = (async () => {
      const wait = delivery.sendAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.consumer.deliver(delivery);
    })()
      .catch((error: unknown) => {
        // Recording failed (database down): the lease runs out and the row is sent again; the dedup key folds it.
        this.options.log.error(
          { err: error, outbox: delivery.id },
          `${this.consumer.name}: recording a result failed; the row will be retried`,
        );
      })
      .finally(() => {
        this.inFlight.delete(task);
        if (!this.stopped) this.wake();
      });
    this.inFlight.add(task);
  }
}
