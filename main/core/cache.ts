/**
 * The offline cache: everything the console shows, on disk (in the injected data directory), so the
 * renderer is interactive from cache at start-up and stays useful while COSS is away. Versioned and bounded.
 *
 * Write order is what keeps it consistent: customer files first, then the meta file with `lastSeq`. A crash in
 * between leaves data newer than `lastSeq`, and replaying those events again is harmless (alerts are replaced
 * whole, messages and pages are keyed by id).
 *
 * Files are JSON replaced atomically (durable-json-file.ts; the same files conf wrote before). While running, the
 * core flushes in the background (`flushInBackground`): a customer of 5,000 alerts is about 4 MB, and writing it
 * with fsync on the event loop (as conf did) held every request, keystrokes included, for ~70 ms each time.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AlertSchema, type Alert } from '../../shared/alert.ts';
import { RoomMessageSchema, type RoomMessage } from '../../shared/room.ts';
import { OnCallEntrySchema, PageStateSchema, TargetSchema } from '../../shared/host/contract.ts';
import { CustomerRecordSchema, MeSchema, type CustomerRecord, type Me } from './coss-client.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { NotesBundleSchema, emptyNotesBundle, type NotesBundle } from './notes-bundle.ts';

/** Bump when the cache's shape changes: an older cache is dropped and rebuilt from COSS. */
export const CACHE_SCHEMA_VERSION = 1;

/**
 * Bounds on what is history. Active alerts have none: the cache holds only alerts that are not resolved (a resolve
 * removes one), and an operator must see every one of those, whatever the count.
 */
export const CACHE_LIMITS = { roomMessages: 500, pagesPerCustomer: 500 } as const;

export const CachedPageSchema = PageStateSchema.extend({
  alertNumber: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CachedPage = z.infer<typeof CachedPageSchema>;

const OnCallSchema = z.array(OnCallEntrySchema);

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
  /** absent in files written before it was kept */
  onCallProblem: z.string().nullable().optional(),
  notes: NotesBundleSchema,
});
export type CustomerData = {
  alerts: Map<number, Alert>;
  pages: Map<string, CachedPage>;
  room: RoomMessage[];
  targets: z.infer<typeof TargetSchema>[];
  onCall: z.infer<typeof OnCallSchema>;
  /** why no one on call is known (no paging target, or COSS's words), null when COSS named them */
  onCallProblem: string | null;
  notes: NotesBundle;
  /** bumped whenever `alerts` changes through the cache, so derived views (the sorted queue) know to rebuild */
  alertsRevision: number;
};

function emptyCustomer(slug: string): CustomerData {
  return {
    alerts: new Map(),
    pages: new Map(),
    room: [],
    targets: [],
    onCall: [],
    onCallProblem: null,
    notes: emptyNotesBundle(slug),
    alertsRevision: 0,
  };
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
  private readonly files = new Map<string, DurableJsonFile>();
  /** the meta as of the customer data being written: never a `lastSeq` ahead of the customers on disk */
  private metaToWrite: Meta;
  private background: Promise<void> | null = null;
  private backgroundAgain = false;
  /** counts synchronous flushes, so a background flush that overlapped one does not write an older meta after it */
  private syncFlushes = 0;

  /** Loads synchronously from `dataDir/cache/`: the console shows this before any network answer. */
  constructor(private readonly dataDir: string) {
    mkdirSync(join(dataDir, 'cache'), { recursive: true });
    const parsed = MetaSchema.safeParse(this.file('meta').read());
    this.meta = parsed.success
      ? parsed.data
      : { schemaVersion: CACHE_SCHEMA_VERSION, cossUrl: '', lastSeq: 0, syncedAt: null, me: null, customers: [] };
    this.metaToWrite = this.meta;
    if (!parsed.success) return;
    for (const customer of this.meta.customers) {
      const data = CustomerDataSchema.safeParse(this.file(`customer-${fileKey(customer.slug)}`).read());
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
        onCallProblem: data.data.onCallProblem ?? null,
        notes: data.data.notes,
        alertsRevision: 0,
      });
    }
  }

  /** `cache/<name>.json`; its snapshot is what the cache holds when a write starts. */
  private file(name: string): DurableJsonFile {
    let file = this.files.get(name);
    if (file === undefined) {
      // Sliced: the snapshot's arrays are fresh copies of alerts and pages, which are replaced, never changed in place.
      file = new DurableJsonFile(join(this.dataDir, 'cache', `${name}.json`), () => this.snapshot(name), {
        slicedArrays: true,
      });
      this.files.set(name, file);
    }
    return file;
  }

  private snapshot(name: string): unknown {
    if (name === 'meta') return { ...this.metaToWrite };
    const slug = name.slice('customer-'.length);
    const data = [...this.customers.entries()].find(([held]) => fileKey(held) === slug)?.[1];
    if (!data) return {};
    return {
      schemaVersion: CACHE_SCHEMA_VERSION,
      alerts: [...data.alerts.values()],
      pages: [...data.pages.values()],
      // Changed in place by addRoomMessage: copied, so a write in slices reads it as it was.
      room: [...data.room],
      targets: data.targets,
      onCall: data.onCall,
      onCallProblem: data.onCallProblem,
      notes: data.notes,
    };
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
    data.alertsRevision += 1;
    this.touch(slug);
  }

  /** Stores an active alert, or drops it once resolved; returns the previous version. */
  putAlert(alert: Alert): Alert | undefined {
    const data = this.customer(alert.customer);
    const previous = data.alerts.get(alert.number);
    if (alert.status === 'resolved') data.alerts.delete(alert.number);
    else data.alerts.set(alert.number, alert);
    data.alertsRevision += 1;
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

  /**
   * Adds a room message (ignoring one already held), keeping the last N of its room in id order: the customer's room
   * and the internal room each keep theirs, so a busy internal room never pushes the customer's history out.
   */
  addRoomMessage(message: RoomMessage): boolean {
    const data = this.customer(message.customer);
    if (data.room.some((held) => held.id === message.id)) return false;
    data.room.push(message);
    data.room.sort((a, b) => a.id - b.id);
    const room = message.room ?? 'customer';
    const inRoom = (line: RoomMessage) => (line.room ?? 'customer') === room;
    let over = data.room.filter(inRoom).length - CACHE_LIMITS.roomMessages;
    if (over > 0) data.room = data.room.filter((line) => !(inRoom(line) && over-- > 0));
    this.touch(message.customer);
    return true;
  }

  /** Writes what changed now, synchronously: customers first, then meta (see the file comment). */
  flush(): void {
    this.syncFlushes += 1;
    const slugs = [...this.dirty];
    this.dirty.clear();
    for (const slug of slugs) this.file(`customer-${fileKey(slug)}`).saveSync();
    if (this.metaDirty || slugs.length > 0) {
      this.metaDirty = false;
      this.metaToWrite = { ...this.meta };
      this.file('meta').saveSync();
    }
  }

  /**
   * Writes what changed in the background, in the same order; one flush at a time (a request meanwhile runs one
   * more). Only the serialising of the data runs on the event loop; writing and fsync run on libuv's threads.
   */
  flushInBackground(): Promise<void> {
    if (this.background !== null) {
      this.backgroundAgain = true;
      return this.background;
    }
    this.background = (async () => {
      do {
        this.backgroundAgain = false;
        await this.writeChanged();
      } while (this.backgroundAgain);
    })().finally(() => {
      this.background = null;
    });
    return this.background;
  }

  /** Resolves when no background flush is running. */
  async settled(): Promise<void> {
    while (this.background !== null) await this.background.catch(() => undefined);
  }

  private async writeChanged(): Promise<void> {
    const syncFlushes = this.syncFlushes;
    const slugs = [...this.dirty];
    this.dirty.clear();
    const metaNeeded = this.metaDirty || slugs.length > 0;
    this.metaDirty = false;
    // Taken with the customers' snapshots (which their writes take now, as they start).
    const meta = { ...this.meta };
    const written = await Promise.allSettled(slugs.map((slug) => this.file(`customer-${fileKey(slug)}`).save()));
    const failed = slugs.filter((_, index) => written[index]?.status === 'rejected');
    if (failed.length > 0) {
      // Not on disk: written again next time, and meta waits so it never runs ahead of them.
      for (const slug of failed) this.dirty.add(slug);
      this.metaDirty ||= metaNeeded;
      throw (written.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
    }
    if (!metaNeeded || syncFlushes !== this.syncFlushes) return;
    this.metaToWrite = meta;
    await this.file('meta').save();
  }

  get isDirty(): boolean {
    return this.metaDirty || this.dirty.size > 0;
  }
}
