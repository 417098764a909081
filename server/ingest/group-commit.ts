/**
 * Group commit: requests that arrive while a transaction is in flight wait and go together in the next one.
 * Each caller's promise settles only after its transaction commits (2xx only after commit), and a full queue
 * is refused at once rather than growing without bound. One caller's bad items must not fail the others: a shared
 * transaction that fails for any reason but an unavailable database is rerun caller by caller.
 * Several transactions may be in flight at once; with `keysOf`, two of them never share an identity key, and a
 * request never overtakes an earlier one with a key in common, so each identity's changes commit in submit order.
 */

/** Thrown to a caller when the queue is full; the HTTP layer answers 503 with Retry-After. */
export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('ingest queue is full');
  }
}

export interface GroupCommitOptions<Item, Outcome> {
  /** Commits `items` in one transaction and returns one outcome per item, in order. */
  commit: (items: Item[]) => Promise<Outcome[]>;
  /** Most items in one transaction. */
  maxBatch: number;
  /** Most items waiting (not yet in a transaction) before new work is refused. */
  maxQueued: number;
  /** Transactions in flight at once; more overlap network and fsync on PostgreSQL. */
  concurrency: number;
  /** Whether a failed commit may be retried (deadlock, serialization failure, lost connection). */
  isRetryable?: (error: unknown) => boolean;
  /**
   * Whether an error would fail any transaction (the database is unavailable) rather than be caused by some item.
   * Any other failure of a shared transaction reruns its callers apart, so only the culprit gets the error.
   */
  failsEveryone?: (error: unknown) => boolean;
  /**
   * The identities an item touches. Without it any transactions may overlap (fine at concurrency 1); with it, a
   * request waits while a transaction in flight holds one of its keys, and so does every later one that shares a key.
   */
  keysOf?: (item: Item) => readonly string[];
}

interface Pending<Item, Outcome> {
  items: Item[];
  keys: readonly string[];
  resolve: (outcomes: Outcome[]) => void;
  reject: (error: unknown) => void;
}

/** Batches submitted items into shared transactions. */
export class GroupCommitter<Item, Outcome> {
  private queue: Array<Pending<Item, Outcome>> = [];
  private queuedItems = 0;
  private inFlight = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  /** keys of the transactions in flight, with how many hold each */
  private readonly busy = new Map<string, number>();

  constructor(private readonly options: GroupCommitOptions<Item, Outcome>) {}

  /** Items waiting for a transaction, not those in flight: what a health check or overload signal reads. */
  get depth(): number {
    return this.queuedItems;
  }

  /** Resolves with the outcomes after the transaction holding `items` commits. */
  submit(items: Item[]): Promise<Outcome[]> {
    if (this.closed) return Promise.reject(new QueueFullError(5));
    if (items.length === 0) return Promise.resolve([]);
    if (this.queuedItems + items.length > this.options.maxQueued && this.queuedItems > 0) {
      return Promise.reject(new QueueFullError(1));
    }
    return new Promise((resolve, reject) => {
      const keys = this.options.keysOf ? [...new Set(items.flatMap(this.options.keysOf))] : [];
      this.queue.push({ items, keys, resolve, reject });
      this.queuedItems += items.length;
      this.pump();
    });
  }

  /** Stops taking work and resolves once everything accepted so far has committed or failed. */
  async drain(): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      const size = batch.reduce((sum, pending) => sum + pending.items.length, 0);
      const keys = batch.flatMap((pending) => pending.keys);
      for (const key of keys) this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
      this.queuedItems -= size;
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        for (const key of keys) {
          const held = (this.busy.get(key) ?? 1) - 1;
          if (held === 0) this.busy.delete(key);
          else this.busy.set(key, held);
        }
        this.inFlight -= 1;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) {
          for (const wake of this.idleWaiters.splice(0)) wake();
        }
      });
    }
  }

  /**
   * The next transaction's requests, oldest first. A request is never split across transactions; one larger than
   * maxBatch goes alone. A request with a key that a transaction in flight holds is passed over, and its keys then
   * hold back every later request that shares one, so no request overtakes an earlier one on the same identity.
   */
  private takeBatch(): Array<Pending<Item, Outcome>> {
    const batch: Array<Pending<Item, Outcome>> = [];
    const kept: Array<Pending<Item, Outcome>> = [];
    const passed = new Set<string>();
    let size = 0;
    let index = 0;
    for (; index < this.queue.length; index += 1) {
      const next = this.queue[index] as Pending<Item, Outcome>;
      if (size > 0 && size + next.items.length > this.options.maxBatch) break;
      if (next.keys.some((key) => this.busy.has(key) || passed.has(key))) {
        for (const key of next.keys) passed.add(key);
        kept.push(next);
        continue;
      }
      batch.push(next);
      size += next.items.length;
    }
    if (batch.length > 0) this.queue = [...kept, ...this.queue.slice(index)];
    return batch;
  }

  private async run(batch: Array<Pending<Item, Outcome>>): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.commitWithRetries(batch.flatMap((pending) => pending.items));
    } catch (error) {
      const isolate =
        batch.length > 1 &&
        !(this.options.isRetryable?.(error) ?? false) &&
        !(this.options.failsEveryone?.(error) ?? false);
      if (!isolate) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One caller's items broke the shared transaction: each caller gets a transaction of its own, in turn.
      for (const pending of batch) {
        await this.commitWithRetries(pending.items).then(pending.resolve, pending.reject);
      }
      return;
    }
    let offset = 0;
    for (const pending of batch) {
      pending.resolve(outcomes.slice(offset, offset + pending.items.length));
      offset += pending.items.length;
    }
  }

  private async commitWithRetries(items: Item[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.options.commit(items);
      } catch (error) {
        if (attempt >= 4 || !(this.options.isRetryable?.(error) ?? false)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }
}
