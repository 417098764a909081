/**
 * The stream hub of one node: follows the event log in seq order and hands each new event to live subscribers.
 * It is woken by local commits and by NOTIFY from other nodes, and polls as well because NOTIFY is lost while a
 * listener is disconnected. The log, not the notification, is the truth.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, ListenConnectionChange } from '../db/database.ts';
import { EVENTS_CHANNEL, headSeq, readEvents, type StoredEvent } from './log.ts';

/** Something that wants every new event (stream connections, caches). */
export interface HubListener {
  onEvents(events: readonly StoredEvent[]): void;
}

export interface StreamHubOptions {
  pageSize?: number;
  pollIntervalMs?: number;
  /** where failed reads and LISTEN losses are reported */
  log: Pick<FastifyBaseLogger, 'warn' | 'info'>;
}

/**
 * What /readyz shows of the hub: reads that failed, and whether NOTIFY wake-ups arrive (polling covers the gaps).
 * Counts only: /readyz is open to anyone, and error texts name hosts; the log has them.
 */
export interface HubHealth {
  readErrors: number;
  listening: boolean;
  listenLosses: number;
}

/** A failed read is logged at most this often while the database stays away; every failure is counted. */
const READ_ERROR_LOG_INTERVAL_MS = 10_000;

/** Follows the event log for this node. */
export class StreamHub {
  private headValue = 0;
  private listeners = new Set<HubListener>();
  /** batches offered by this node's commits that wait for a read of the log before them (see offer) */
  private offered: Array<readonly StoredEvent[]> = [];
  private fetching = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly log: StreamHubOptions['log'];
  private readonly healthValue: HubHealth = { readErrors: 0, listening: false, listenLosses: 0 };
  private lastReadErrorLoggedAt = 0;

  constructor(
    private readonly db: Database,
    options: StreamHubOptions,
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.log = options.log;
  }

  /** Failed reads and the LISTEN connection's state, for /readyz. */
  get health(): Readonly<HubHealth> {
    return this.healthValue;
  }

  /** The newest seq this node has handed out. */
  get head(): number {
    return this.headValue;
  }

  /** Starts following from the current end of the log. */
  async start(): Promise<void> {
    this.headValue = await headSeq(this.db);
    this.unlisten = await this.db.listen(
      EVENTS_CHANNEL,
      (payload) => this.wake(Number(payload)),
      (change) => this.onListenChange(change),
    );
    this.healthValue.listening = true;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    // Stopping must not fail because the database has already gone.
    await this.unlisten?.().catch(() => undefined);
  }

  private onListenChange(change: ListenConnectionChange): void {
    if (change.state === 'lost') {
      this.healthValue.listening = false;
      this.healthValue.listenLosses += 1;
      this.log.warn(
        { err: change.error },
        'stream hub: LISTEN connection lost; polling every %d ms until it is back',
        this.pollIntervalMs,
      );
    } else if (change.state === 'retrying') {
      if (change.attempt % 10 === 1)
        this.log.warn({ err: change.error, attempt: change.attempt }, 'stream hub: LISTEN reconnect failed; retrying');
    } else {
      this.healthValue.listening = true;
      this.log.info('stream hub: LISTEN connection restored');
      // NOTIFYs sent while it was away are lost: catch up from the head now rather than at the next poll.
      this.wake();
    }
  }

  add(listener: HubListener): void {
    this.listeners.add(listener);
  }

  remove(listener: HubListener): void {
    this.listeners.delete(listener);
  }

  /**
   * Takes events this node just committed. When they follow the head directly they go out at once, without a
   * read-back, even while a read is in flight (its rows at or below the head are dropped). When a seq before them has
   * not been handed out (another node or writer committed in between), they wait here and the hub reads the log; the
   * read lets them out. A read-back costs a round trip to the database before the consoles see the alert, and at
   * 1,000 alerts/s most offers used to arrive during one (woken by this node's own NOTIFY) and waited for another.
   */
  offer(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1];
    if (!last || last.seq <= this.headValue) return;
    this.offered.push(events);
    this.takeOffered();
    if (this.offered.length > 0) this.wake(last.seq);
  }

  /** Hands out the offered batches that follow the head, in seq order; drops what a read already handed out. */
  private takeOffered(): void {
    if (this.offered.length === 0) return;
    if (this.offered.length > 1) this.offered.sort((a, b) => (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));
    while (this.offered.length > 0) {
      const batch = this.offered[0] as readonly StoredEvent[];
      const first = batch[0];
      const last = batch[batch.length - 1];
      if (!first || !last || last.seq <= this.headValue) {
        this.offered.shift();
        continue;
      }
      if (first.seq > this.headValue + 1) return; // a gap: the log is read first
      this.offered.shift();
      const fresh = first.seq > this.headValue ? batch : batch.filter((event) => event.seq > this.headValue);
      this.headValue = last.seq;
      this.fanOut(fresh);
    }
  }

  private fanOut(events: readonly StoredEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener.onEvents(events);
      } catch {
        // One broken listener must not stop the others from receiving events.
      }
    }
  }

  /** Reads whatever the log has past the head; `seq` (when known) skips the read if nothing is new. */
  wake(seq?: number): void {
    if (seq !== undefined && Number.isFinite(seq) && seq <= this.headValue) return;
    if (this.fetching) {
      this.again = true;
      return;
    }
    this.fetching = true;
    void this.fetchLoop();
  }

  private async fetchLoop(): Promise<void> {
    try {
      do {
        this.again = false;
        for (;;) {
          const read = await readEvents(this.db, this.headValue, this.pageSize);
          if (read.length === 0) break;
          // An offer may have moved the head while the read was in flight; never hand out an event twice.
          const events = read.filter((event) => event.seq > this.headValue);
          this.headValue = Math.max(this.headValue, read[read.length - 1]?.seq ?? 0);
          if (events.length > 0) this.fanOut(events);
          this.takeOffered();
          if (read.length < this.pageSize) break;
        }
      } while (this.again);
    } catch (error) {
      // The database is unreachable: the next wake-up or poll tries again from the same head. Counted always,
      // logged now and then, so an outage is visible without a line per poll.
      this.healthValue.readErrors += 1;
      if (Date.now() - this.lastReadErrorLoggedAt >= READ_ERROR_LOG_INTERVAL_MS) {
        this.lastReadErrorLoggedAt = Date.now();
        this.log.warn(
          { err: error, head: this.headValue, readErrors: this.healthValue.readErrors },
          'stream hub: reading the event log failed; will retry',
        );
      }
    } finally {
      this.fetching = false;
    }
  }
}
