/** Customers by id and slug, for the hot paths (ingest, stream); reloaded when an unknown one is asked for. */
import type { Customer } from '../../shared/customer.ts';
import type { Sql } from '../db/database.ts';
import { listCustomers } from './directory.ts';

export class CustomerCache {
  private byId = new Map<number, Customer>();
  private bySlug = new Map<string, Customer>();
  private loadedAt = 0;

  constructor(private readonly db: Sql) {}

  /** Reloads every customer (there are tens to hundreds, not millions). */
  async reload(): Promise<void> {
    const customers = await listCustomers(this.db);
    this.byId = new Map(customers.map((customer) => [customer.id, customer]));
    this.bySlug = new Map(customers.map((customer) => [customer.slug, customer]));
    this.loadedAt = Date.now();
  }

  /** Slug of a customer id; undefined until the next reload if the customer is brand new. */
  slugOf(id: number): string | undefined {
    return this.byId.get(id)?.slug;
  }

  byIdCached(id: number): Customer | undefined {
    return this.byId.get(id);
  }

  /** A customer by slug, reloading at most once a second on a miss. */
  async bySlugFresh(slug: string): Promise<Customer | undefined> {
    const hit = this.bySlug.get(slug);
    if (hit || Date.now() - this.loadedAt < 1000) return hit;
    await this.reload();
    return this.bySlug.get(slug);
  }

  /** A customer by id, reloading at most once a second on a miss. */
  async byIdFresh(id: number): Promise<Customer | undefined> {
    const hit = this.byId.get(id);
    if (hit || Date.now() - this.loadedAt < 1000) return hit;
    await this.reload();
    return this.byId.get(id);
  }

  all(): Customer[] {
    return [...this.byId.values()];
  }
}
