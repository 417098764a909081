/**
 * The offline cache: everything the console shows, on disk (conf, in the injected data directory), so the
 * renderer is interactive from cache at start-up and stays useful while COSS is away. Versioned and bounded.
 *
 * Write order is what keeps it consistent: customer files first, then the meta file with `lastSeq`. A crash in
 * between leaves data newer than `lastSeq`, and replaying those events again is harmless (alerts are replaced
 * whole, messages and pages are keyed by id).
 */
import Conf from 'conf';
import { z } from 'zod';
import { AlertSchema, type Alert } from '../../shared/alert.ts';
import { RoomMessageSchema, type RoomMessage } from '../../shared/room.ts';
import { PageStateSchema, TargetSchema } from '../../shared/host/contract.ts';
import { CustomerRecordSchema, MeSchema, type CustomerRecord, type Me } from './coss-client.ts';
import { NotesBundleSchema, emptyNotesBundle, type NotesBundle } from './notes-bundle.ts';

/** Bump when the cache's shape changes: an older cache is dropped and rebuilt from COSS. */
export const CACHE_SCHEMA_VERSION = 1;

export const CACHE_LIMITS = { alertsPerCustomer: 5000, roomMessages: 500, pagesPerCustomer: 500 } as const;

export const CachedPageSchema = PageStateSchema.extend({ alertNumber: z.number().int().nullable(), createdAt: z.string() });
export type CachedPage = z.infer<typeof CachedPageSchema>;

const OnCallSchema = z.array(z.object({ target: z.string(), targetName: z.string(), people: z.array(z.string()) }));

const MetaSchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  cossUrl: z.string(),
  lastSeq: z.number().int().min(0),
  syncedAt: z.string().nullable(),
  me: MeSchema.nullable(),
  customers: z.array(CustomerRecordSchema),
});
type Meta = z.infer<typeof MetaSchema>;

const CustomerDataSchema = z.object({
  schemaVersion: z.literal(CACHE_SCHEMA_VERSION),
  alerts: z.array(AlertSchema),
  pages: z.array(CachedPageSchema),
  room: z.array(RoomMessageSchema),
  targets: z.array(TargetSchema),
  onCall: OnCallSchema,
  notes: NotesBundleSchema,
});
export type CustomerData = {
  alerts: Map<number, Alert>;
  pages: Map<string, CachedPage>;
  room: RoomMessage[];
  targets: z.infer<typeof TargetSchema>[];
  onCall: z.infer<typeof OnCallSchema>;
  notes: NotesBundle;
};

function emptyCustomer(slug: string): CustomerData {
  return { alerts: new Map(), pages: new Map(), room: [], targets: [], onCall: [], notes: emptyNotesBundle(slug) };
}

/** File-name-safe form of a slug (slugs are already [a-z0-9-], this guards against a hostile server). */
function fileKey(slug: string): string {
  return slug.replace(/[^a-z0-9-]/g, '_');
}

export class ConsoleCache {
  private meta: Meta;
  private readonly customers = new Map<string, CustomerData>();
  private readonly dirty = new Set<string>();
  private metaDirty = false;
  private readonly metaStore: Conf<Record<string, unknown>>;

  /** Loads synchronously from `dataDir/cache/`: the console shows this before any network answer. */
  constructor(private readonly dataDir: string) {
    this.metaStore = this.store('meta');
    const parsed = MetaSchema.safeParse(this.metaStore.store);
    this.meta = parsed.success
      ? parsed.data
      : { schemaVersion: CACHE_SCHEMA_VERSION, cossUrl: '', lastSeq: 0, syncedAt: null, me: null, customers: [] };
    if (!parsed.success) return;
    for (const customer of this.meta.customers) {
      const data = CustomerDataSchema.safeParse(this.store(`customer-${fileKey(customer.slug)}`).store);
      if (!data.success) {
        // A damaged customer file cannot be trusted against lastSeq: start over from COSS.
        this.reset(this.meta.cossUrl);
        return;
      }
      this.customers.set(customer.slug, {
        alerts: new Map(data.data.alerts.map((alert) => [alert.number, alert])),
        pages: new Map(data.data.pages.map((page) => [page.dedupKey, page])),
        room: data.data.room,
        targets: data.data.targets,
        onCall: data.data.onCall,
        notes: data.data.notes,
      });
    }
  }

  private store(name: string): Conf<Record<string, unknown>> {
    return new Conf<Record<string, unknown>>({
      cwd: `${this.dataDir}/cache`,
      configName: name,
      projectName: 'coss-console',
      clearInvalidConfig: true,
      accessPropertiesByDotNotation: false,
    });
  }

  get cossUrl(): string {
    return this.meta.cossUrl;
  }
  get lastSeq(): number {
    return this.meta.lastSeq;
  }
  get syncedAt(): string | null {
    return this.meta.syncedAt;
  }
  get me(): Me | null {
    return this.meta.me;
  }
  get customerList(): readonly CustomerRecord[] {
    return this.meta.customers;
  }

  /** Forgets everything: another COSS, or a cache that no longer fits `lastSeq`. */
  reset(cossUrl: string): void {
    for (const slug of this.customers.keys()) this.dirty.add(slug);
    this.customers.clear();
    this.meta = { schemaVersion: CACHE_SCHEMA_VERSION, cossUrl, lastSeq: 0, syncedAt: null, me: null, customers: [] };
    this.metaDirty = true;
  }

  setLastSeq(seq: number): void {
    if (seq === this.meta.lastSeq) return;
    this.meta.lastSeq = seq;
    this.metaDirty = true;
  }

  markSynced(at: string): void {
    this.meta.syncedAt = at;
    this.metaDirty = true;
  }

  setMe(me: Me): void {
    this.meta.me = me;
    this.metaDirty = true;
  }

  setCustomers(customers: CustomerRecord[]): void {
    this.meta.customers = customers;
    for (const customer of customers) this.customer(customer.slug);
    this.metaDirty = true;
  }

  /** The customer's cached data (created empty on first use). */
  customer(slug: string): CustomerData {
    let data = this.customers.get(slug);
    if (!data) {
      data = emptyCustomer(slug);
      this.customers.set(slug, data);
    }
    return data;
  }

  hasCustomer(slug: string): boolean {
    return this.meta.customers.some((customer) => customer.slug === slug);
  }

  /** Marks a customer changed; the next flush writes it. */
  touch(slug: string): void {
    this.dirty.add(slug);
  }

  replaceAlerts(slug: string, alerts: Alert[]): void {
    const data = this.customer(slug);
    data.alerts = new Map(alerts.map((alert) => [alert.number, alert]));
    this.bound(data);
    this.touch(slug);
  }

  /** Stores an active alert, or drops it once resolved; returns the previous version. */
  putAlert(alert: Alert): Alert | undefined {
    const data = this.customer(alert.customer);
    const previous = data.alerts.get(alert.number);
    if (alert.status === 'resolved') data.alerts.delete(alert.number);
    else data.alerts.set(alert.number, alert);
    this.bound(data);
    this.touch(alert.customer);
    return previous;
  }

  findAlert(number: number): Alert | undefined {
    for (const data of this.customers.values()) {
      const alert = data.alerts.get(number);
      if (alert) return alert;
    }
    return undefined;
  }

  putPage(slug: string, page: CachedPage): CachedPage | undefined {
    const data = this.customer(slug);
    const previous = data.pages.get(page.dedupKey);
    data.pages.delete(page.dedupKey);
    data.pages.set(page.dedupKey, page);
    while (data.pages.size > CACHE_LIMITS.pagesPerCustomer) data.pages.delete(data.pages.keys().next().value as string);
    this.touch(slug);
    return previous;
  }

  /** Adds a room message (ignoring one already held), keeping the last N in id order. */
  addRoomMessage(message: RoomMessage): boolean {
    const data = this.customer(message.customer);
    if (data.room.some((held) => held.id === message.id)) return false;
    data.room.push(message);
    data.room.sort((a, b) => a.id - b.id);
    if (data.room.length > CACHE_LIMITS.roomMessages) data.room.splice(0, data.room.length - CACHE_LIMITS.roomMessages);
    this.touch(message.customer);
    return true;
  }

  /** Writes what changed: customers first, then meta (see the file comment). */
  flush(): void {
    for (const slug of this.dirty) {
      const data = this.customers.get(slug);
      const store = this.store(`customer-${fileKey(slug)}`);
      if (!data) {
        store.clear();
        continue;
      }
      store.store = {
        schemaVersion: CACHE_SCHEMA_VERSION,
        alerts: [...data.alerts.values()],
        pages: [...data.pages.values()],
        room: data.room,
        targets: data.targets,
        onCall: data.onCall,
        notes: data.notes,
      };
    }
    const wroteCustomers = this.dirty.size > 0;
    this.dirty.clear();
    if (this.metaDirty || wroteCustomers) {
      this.metaStore.store = { ...this.meta };
      this.metaDirty = false;
    }
  }

  get isDirty(): boolean {
    return this.metaDirty || this.dirty.size > 0;
  }

  /** Keeps the most recently seen alerts when a customer has more than the limit. */
  private bound(data: CustomerData): void {
    if (data.alerts.size <= CACHE_LIMITS.alertsPerCustomer) return;
    const keep = [...data.alerts.values()]
      .sort((a, b) => (a.lastSeen < b.lastSeen ? 1 : -1))
      .slice(0, CACHE_LIMITS.alertsPerCustomer);
    data.alerts = new Map(keep.map((alert) => [alert.number, alert]));
  }
}
