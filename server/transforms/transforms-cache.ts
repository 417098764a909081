/**
 * The transforms ingest runs, per customer: the global ones first, then the customer's, each in position order, their
 * matches compiled once. Entries expire after `ttlMs`; a change on any node also invalidates through the event log
 * (`transform.changed`, heard in app.ts as note rules' `notes.rules-changed` is), so the TTL only bounds staleness
 * if that event is missed.
 */
import { runnableTransforms, type RunnableTransform } from '../../shared/transforms.ts';
import type { Sql } from '../db/database.ts';
import { listTransforms } from './transform-changes.ts';

interface Entry {
  transforms: RunnableTransform[];
  expires: number;
}

export class TransformsCache {
  private global: Entry | null = null;
  private entries = new Map<number, Entry>();

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 30_000,
  ) {}

  /** What runs for the customer's events, in order: global, then the customer's own. */
  async get(customerId: number): Promise<RunnableTransform[]> {
    const now = Date.now();
    if (this.global === null || this.global.expires <= now) {
      this.global = { transforms: runnableTransforms(await listTransforms(this.db, null)), expires: now + this.ttlMs };
    }
    let own = this.entries.get(customerId);
    if (own === undefined || own.expires <= now) {
      own = {
        transforms: runnableTransforms(await listTransforms(this.db, { id: customerId, slug: '' })),
        expires: now + this.ttlMs,
      };
      this.entries.set(customerId, own);
    }
    return this.global.transforms.length === 0 ? own.transforms : [...this.global.transforms, ...own.transforms];
  }

  /** Drops one customer's transforms, or (null) the global ones. */
  invalidate(customerId: number | null): void {
    if (customerId === null) this.global = null;
    else this.entries.delete(customerId);
  }
}
