/**
 * Keeping the cache in step with COSS: choosing the COSS for the current settings, the first REST snapshot, the
 * stream with resume-by-seq, reloading when COSS's log went back in time, and the connection state the banner shows.
 */
import { backoffDelayMs, type BackoffPolicy } from '../../shared/backoff.ts';
import { ConnectionStateSchema, type ConnectionState } from '../../shared/host/connection.ts';
import type { ConnectionOrigin } from '../../shared/host/contract.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { can } from '../../shared/permissions.ts';
import type { AlertChangeEvents } from './alert-change-events.ts';
import type { ConsoleCache } from './cache.ts';
import type { CacheWriter } from './cache-writer.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { ConnectionEvents } from './connection-events.ts';
import { createCossClient, type CossClient } from './coss-client.ts';
import { buildNotesBundle, withAlertNotes } from './notes-bundle.ts';
import type { NotifyEvent } from './notification-policy.ts';
import { PagerDutyFallback } from './pagerduty-fallback.ts';
import type { SecretStore } from './secret-store.ts';
import { SECRET_NAMES, type SettingsStore, type StoredSettings } from './settings.ts';
import { applyStreamEvent, toCachedPage } from './stream-apply.ts';
import {
  DEFAULT_RECONNECT_BACKOFF,
  StreamConnection,
  type StreamState,
  type WebSocketFactory,
} from './stream-connection.ts';
import { errorMessage } from '../../shared/error-message.ts';
import {
  DEFAULT_PROBE_INTERVAL_MS,
  EndpointRotation,
  probeCossHealth,
  type EndpointTuning,
} from './endpoint-failover.ts';

/** The COSS deployment to talk to. */
export interface CossTarget {
  url: string;
  token: string;
  /** the embedded local COSS with sample data */
  local: boolean;
  /** where the address came from, which Settings shows: the operator must know what they are connected to */
  origin: ConnectionOrigin;
  /**
   * Further addresses of the same deployment (other regions on the same database and event log), tried in this
   * order when the one in use stops answering; `url` is the preferred one the console goes back to.
   */
  alternates?: string[];
}

/** How the console reaches COSS, as the host configures it. */
export interface SyncOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Which COSS to use for these settings; the host starts the embedded one when `cossUrl` is empty. */
  resolveTarget: (settings: StoredSettings, token: string | null) => Promise<CossTarget | null>;
  random?: () => number;
  createSocket?: WebSocketFactory;
  backoff?: BackoffPolicy;
  heartbeatTimeoutMs?: number;
  offlineAfterAttempts?: number;
  requestTimeoutMs?: number;
  /** when to move to the next endpoint and back (tests shorten the probe interval) */
  endpoints?: EndpointTuning;
  /** asks an endpoint's health check; tests pass their own */
  probeHealth?: (url: string) => Promise<{ healthy: boolean; reason: string }>;
}

/** What the sync works on and tells, passed in by the composition. */
export interface SyncParts {
  cache: ConsoleCache;
  clock: Clock;
  connection: ConnectionEvents;
  changes: AlertChangeEvents;
  writer: CacheWriter;
  notify: (event: NotifyEvent) => void;
  showRoomMessage: (message: RoomMessage) => void;
  /** one of the customer's heartbeats changed in COSS: whoever shows them asks again */
  heartbeatsChanged: (customer: string) => void;
  /** actions waiting in the outbox, for the banner */
  pendingActions: () => number;
  /** the stream went live (again): the outbox can send */
  onLive: () => void;
}

const ROOM_FETCH = 200;

export class ConsoleSync {
  private target: CossTarget | null = null;
  /** the target's endpoints in order, and which one is in use */
  private rotation: EndpointRotation | null = null;
  private probeTimer: TimerHandle | undefined;
  private cossClient: CossClient | null = null;
  private pagerDuty: PagerDutyFallback | null = null;
  private stream: StreamConnection | null = null;
  private streamState: StreamState | null = null;
  /** reloads forced by COSS's log being behind this cache, since the stream was last live */
  private resyncs = 0;
  private bootstrapAttempt = 0;
  private bootstrapTimer: TimerHandle | undefined;
  private stopped = true;
  private generation = 0;

  constructor(
    private readonly options: SyncOptions,
    private readonly parts: SyncParts,
  ) {}

  /** The REST client of the COSS connected to, if any. */
  get client(): CossClient | null {
    return this.cossClient;
  }

  /** Direct PagerDuty, when Settings turn it on. */
  get fallback(): PagerDutyFallback | null {
    return this.pagerDuty;
  }

  get isLive(): boolean {
    return this.streamState?.status === 'live';
  }

  /** Where the console is connected, for Settings: the endpoint in use, among the deployment's endpoints. */
  get connectedTo(): { url: string; origin: ConnectionOrigin; endpoints: string[]; endpointIndex: number } | null {
    const { target, rotation } = this;
    if (target === null) return null;
    return {
      url: rotation?.current ?? target.url,
      origin: target.origin,
      endpoints: [...(rotation?.urls ?? [target.url])],
      endpointIndex: rotation?.currentIndex ?? 0,
    };
  }

  /** Connects in the background; the cached console serves meanwhile. */
  start(): void {
    this.stopped = false;
    // Not awaited: starting an embedded COSS or reaching a slow one must not hold up the cached console.
    void this.connect().catch((error: unknown) => this.parts.connection.fail(errorMessage(error)));
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    this.stream?.stop();
    this.stream = null;
    this.parts.clock.clearTimeout(this.bootstrapTimer);
    this.parts.clock.clearTimeout(this.probeTimer);
  }

  /** The connection as the banner shows it. */
  connectionState(): ConnectionState {
    const { cache, connection } = this.parts;
    const stream = this.streamState;
    const bootstrapping = this.stream === null && this.target !== null;
    let status: ConnectionState['status'];
    let attempt = 0;
    if (this.target === null) status = 'offline';
    else if (stream) {
      status = stream.status;
      attempt = stream.attempt;
    } else if (bootstrapping && this.bootstrapAttempt > 0) {
      status = this.bootstrapAttempt >= (this.options.offlineAfterAttempts ?? 6) ? 'offline' : 'reconnecting';
      attempt = status === 'reconnecting' ? this.bootstrapAttempt : 0;
    } else status = 'connecting';
    return ConnectionStateSchema.parse({
      status,
      attempt,
      cossUrl: this.rotation?.current ?? this.target?.url ?? cache.cossUrl,
      ...(this.rotation ? { endpoints: [...this.rotation.urls], endpointIndex: this.rotation.currentIndex } : {}),
      local: this.target?.local ?? false,
      lastSeq: cache.lastSeq,
      syncedAt: cache.syncedAt,
      pendingActions: this.parts.pendingActions(),
      lastError: stream?.lastError ?? connection.lastError,
    });
  }

  /** (Re)connects with the current settings: used at start and when Settings change the COSS or token. */
  async connect(): Promise<void> {
    const { cache, clock, connection } = this.parts;
    this.generation += 1;
    const generation = this.generation;
    this.stream?.stop();
    this.stream = null;
    this.streamState = null;
    clock.clearTimeout(this.bootstrapTimer);
    clock.clearTimeout(this.probeTimer);
    const settings = this.options.settings.value;
    const token = await this.options.secrets.get(SECRET_NAMES.cossToken);
    const pagerDutyToken = await this.options.secrets.get(SECRET_NAMES.pagerDutyToken);
    this.pagerDuty = settings.pagerDutyFallback
      ? new PagerDutyFallback(this.options.settings.pagerDutyConfig(pagerDutyToken))
      : null;
    let target: CossTarget | null;
    try {
      target = await this.options.resolveTarget(settings, token);
    } catch (error) {
      target = null;
      connection.lastError = `Could not start COSS: ${errorMessage(error)}`;
    }
    if (generation !== this.generation) return;
    this.target = target;
    this.rotation = target
      ? new EndpointRotation(
          [target.url, ...(target.alternates ?? []).filter((url) => url !== target.url)],
          this.options.endpoints,
        )
      : null;
    if (!target) {
      this.cossClient = null;
      connection.lastError ??= 'No COSS is configured: open Settings and enter its URL and your API token.';
      connection.changed();
      return;
    }
    if (!this.rotation?.urls.includes(cache.cossUrl)) {
      // Another deployment: its seqs and numbers mean nothing against this cache. (Any endpoint of the same
      // deployment serves the same log, so a cache kept while on another region stays good.)
      cache.reset(target.url);
      this.parts.changes.queue(null);
    }
    this.cossClient = this.clientFor(target.url, target.token);
    connection.lastError = null;
    this.bootstrapAttempt = 0;
    connection.changed();
    if (cache.lastSeq > 0) this.openStream(generation);
    else await this.bootstrap(generation);
  }

  /** Drops the stream as if the network had failed: for tests and "reconnect now". */
  cutStream(): void {
    this.stream?.cut();
  }

  /** First contact with an empty cache: a REST snapshot, then the stream from its head. */
  private async bootstrap(generation: number): Promise<void> {
    const client = this.cossClient;
    if (!client || generation !== this.generation || this.stopped) return;
    try {
      await this.snapshot(client);
    } catch (error) {
      if (generation !== this.generation) return;
      this.bootstrapAttempt += 1;
      this.parts.connection.fail(errorMessage(error));
      const from = this.rotation?.current;
      const to = this.rotation?.failed() ?? null;
      if (to !== null) {
        this.useCurrentEndpoint(`COSS at ${from} did not answer (${errorMessage(error)}); moved to ${to}.`, 0);
        return;
      }
      this.retryBootstrap(generation, this.bootstrapAttempt);
      return;
    }
    if (generation !== this.generation) return;
    this.parts.connection.lastError = null;
    this.openStream(generation);
  }

  private retryBootstrap(generation: number, attempt: number): void {
    const delay =
      attempt === 0
        ? 0
        : backoffDelayMs(attempt, this.options.backoff ?? DEFAULT_RECONNECT_BACKOFF, this.options.random);
    this.parts.clock.clearTimeout(this.bootstrapTimer);
    this.bootstrapTimer = this.parts.clock.setTimeout(() => void this.bootstrap(generation), delay);
  }

  private async snapshot(client: CossClient): Promise<void> {
    const { cache, clock } = this.parts;
    const me = await client.me();
    const customers = await client.customers();
    const perCustomer = await Promise.all(
      customers.map(async (customer) => ({
        slug: customer.slug,
        alerts: await client.alerts(customer.slug),
        room: [
          ...(await client.roomMessages(customer.slug, ROOM_FETCH)),
          // Staff see the internal room too; the cache keeps both rooms' lines, each marked with its room.
          ...(can(me.role, 'room.internal') ? await client.roomMessages(customer.slug, ROOM_FETCH, 'internal') : []),
        ],
        pages: await client.pages(customer.slug),
      })),
    );
    cache.setMe(me);
    cache.setCustomers(customers);
    let head = Number.POSITIVE_INFINITY;
    for (const { slug, alerts, room, pages } of perCustomer) {
      head = Math.min(head, alerts.head);
      cache.replaceAlerts(slug, alerts.alerts);
      const data = cache.customer(slug);
      for (const alert of alerts.alerts) data.notes = withAlertNotes(data.notes, alert);
      for (const message of room) cache.addRoomMessage(message);
      for (const page of [...pages].reverse()) cache.putPage(slug, toCachedPage(page));
    }
    // The smallest head: replaying a few events twice is harmless, missing one is not.
    cache.setLastSeq(Number.isFinite(head) ? head : 0);
    cache.markSynced(new Date(clock.now()).toISOString());
    await this.refreshDirectory(client);
    this.parts.changes.queue(null);
    this.parts.writer.schedule();
  }

  /** What the stream does not carry: customers, targets, note rules, who is on call. Best effort. */
  private async refreshDirectory(client: CossClient): Promise<void> {
    const { cache } = this.parts;
    const customers = await client.customers();
    const known = new Set(cache.customerList.map((customer) => customer.slug));
    cache.setCustomers(customers);
    await Promise.all(
      customers.map(async (customer) => {
        const data = cache.customer(customer.slug);
        if (!known.has(customer.slug)) cache.replaceAlerts(customer.slug, (await client.alerts(customer.slug)).alerts);
        data.targets = await client.targets(customer.slug);
        await this.refreshRules(client, customer.slug);
        try {
          const answer = await client.onCall(customer.slug);
          data.onCall = answer.targets.map((target) => ({
            target: target.target,
            targetName: target.name,
            people: target.oncall.map((person) => person.name),
            ...(target.error ? { problem: target.error.message } : {}),
          }));
          data.onCallProblem = answer.targets.length === 0 ? 'no paging target in this room' : null;
        } catch (error) {
          // On-call needs PagerDuty on the COSS side; the last names known stay, and COSS's words say why no fresh ones.
          data.onCallProblem = `COSS could not say: ${errorMessage(error)}`;
        }
        cache.touch(customer.slug);
      }),
    );
    this.parts.changes.queue(null);
    this.parts.writer.schedule();
  }

  private async refreshRules(client: CossClient, slug: string): Promise<void> {
    const { cache, clock } = this.parts;
    const rules = await client.noteRules(slug);
    const data = cache.customer(slug);
    data.notes = buildNotesBundle(slug, rules, new Date(clock.now()).toISOString(), data.notes);
    cache.touch(slug);
  }

  private clientFor(url: string, token: string): CossClient {
    return createCossClient({ baseUrl: url, token, timeoutMs: this.options.requestTimeoutMs ?? 10_000 });
  }

  /**
   * Moves the console back to the preferred endpoint when the operator asks. It is asked for its health first, so a
   * request while it is still down says why nothing changed instead of dropping a working connection.
   */
  async usePreferredEndpoint(): Promise<{ moved: boolean; message: string }> {
    const rotation = this.rotation;
    if (!rotation || rotation.urls.length < 2)
      return { moved: false, message: 'Only one COSS endpoint is configured: there is no other to move to.' };
    if (rotation.onPreferred)
      return { moved: false, message: `Already on the preferred COSS endpoint ${rotation.preferred}.` };
    const generation = this.generation;
    const from = rotation.current;
    const answer = await (this.options.probeHealth ?? probeCossHealth)(rotation.preferred);
    if (!answer.healthy)
      return {
        moved: false,
        message: `Stayed on ${from}: the preferred COSS endpoint ${rotation.preferred} is not ready (${answer.reason}).`,
      };
    if (generation !== this.generation || this.rotation !== rotation || rotation.onPreferred)
      return { moved: false, message: `Already on the preferred COSS endpoint ${rotation.preferred}.` };
    rotation.moveTo(0);
    this.useCurrentEndpoint(null, 0);
    return { moved: true, message: `Moved back to the preferred COSS endpoint ${rotation.preferred} from ${from}.` };
  }

  /**
   * Uses the rotation's current endpoint from now on: a new REST client (actions and their retries go there, with
   * their idempotency keys), and the stream resumed by seq from what the cache holds (or the snapshot retried).
   * `priorFailures` carries the backoff over when the move is a failover, so a deployment down everywhere is not
   * hammered; `note` is the banner's reason (null when moving back to a healthy preferred endpoint).
   */
  private useCurrentEndpoint(note: string | null, priorFailures: number): void {
    const { target, rotation } = this;
    if (!target || !rotation || this.stopped) return;
    const { clock, connection } = this.parts;
    this.generation += 1;
    const generation = this.generation;
    this.stream?.stop();
    this.stream = null;
    this.streamState = null;
    clock.clearTimeout(this.bootstrapTimer);
    this.cossClient = this.clientFor(rotation.current, target.token);
    connection.lastError = note;
    connection.changed();
    this.scheduleProbe(generation);
    if (this.parts.cache.lastSeq > 0) this.openStream(generation, priorFailures);
    else void this.bootstrap(generation);
  }

  /** Away from the preferred endpoint, its health is asked every interval; healthy again, the console moves back. */
  private scheduleProbe(generation: number): void {
    const { clock } = this.parts;
    clock.clearTimeout(this.probeTimer);
    if (!this.rotation || this.rotation.onPreferred || this.stopped) return;
    const interval = this.options.endpoints?.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
    this.probeTimer = clock.setTimeout(() => void this.probePreferred(generation), interval);
  }

  private async probePreferred(generation: number): Promise<void> {
    const rotation = this.rotation;
    if (!rotation || generation !== this.generation || this.stopped) return;
    const answer = await (this.options.probeHealth ?? probeCossHealth)(rotation.preferred);
    if (generation !== this.generation || this.stopped || this.rotation !== rotation) return;
    if (rotation.probed(answer.healthy)) this.useCurrentEndpoint(null, 0);
    else this.scheduleProbe(generation);
  }

  /** A failed stream attempt: after enough of them on this endpoint, the next one is tried. */
  private streamFailed(generation: number, stream: StreamConnection): void {
    const rotation = this.rotation;
    if (!rotation || generation !== this.generation || this.stream !== stream) return;
    const from = rotation.current;
    const reason = stream.current.lastError ?? 'no answer';
    const to = rotation.failed();
    if (to === null) return;
    this.useCurrentEndpoint(`COSS at ${from} stopped answering (${reason}); moved to ${to}.`, stream.failureCount);
  }

  private openStream(generation: number, priorFailures = 0): void {
    const target = this.target;
    const url = this.rotation?.current ?? target?.url;
    if (!target || url === undefined || generation !== this.generation || this.stopped) return;
    const { cache, clock, connection, writer } = this.parts;
    const { random, createSocket, backoff, heartbeatTimeoutMs, offlineAfterAttempts } = this.options;
    const stream: StreamConnection = new StreamConnection({
      baseUrl: url,
      token: target.token,
      lastSeq: cache.lastSeq,
      clock,
      priorFailures,
      onFailure: () => this.streamFailed(generation, stream),
      ...(random ? { random } : {}),
      ...(createSocket ? { createSocket } : {}),
      ...(backoff ? { backoff } : {}),
      ...(heartbeatTimeoutMs ? { heartbeatTimeoutMs } : {}),
      ...(offlineAfterAttempts ? { offlineAfterAttempts } : {}),
      onEvent: (event) => {
        const applied = applyStreamEvent(cache, event, clock.now());
        for (const { customer, change } of applied.changes) this.parts.changes.queue(customer, change);
        for (const notification of applied.notifications) this.parts.notify(notification);
        if (applied.roomMessage) this.parts.showRoomMessage(applied.roomMessage);
        if (applied.heartbeatsChanged !== null) this.parts.heartbeatsChanged(applied.heartbeatsChanged);
        const client = this.cossClient;
        if (applied.rulesChanged !== null && client)
          void this.refreshRules(client, applied.rulesChanged).then(
            () => writer.schedule(),
            () => undefined,
          );
        writer.schedule();
      },
      onState: (state) => {
        const wasLive = this.streamState?.status === 'live';
        this.streamState = state;
        // Up to date until the moment the stream dropped.
        if (wasLive && state.status !== 'live') cache.markSynced(new Date(clock.now()).toISOString());
        connection.changed();
      },
      onResyncNeeded: () => this.resync(generation),
      onLive: () => {
        this.resyncs = 0;
        this.rotation?.live();
        cache.markSynced(new Date(clock.now()).toISOString());
        writer.schedule();
        this.parts.onLive();
        const client = this.cossClient;
        if (client) void this.refreshDirectory(client).catch(() => undefined);
      },
    });
    this.stream = stream;
    stream.start();
  }

  /**
   * COSS's log is behind this cache (its database was reset or restored from an older backup): the cached alerts,
   * seqs and numbers belong to another history, so everything is reloaded from a snapshot. If that happens again
   * before a stream goes live (say two deployments answer at one address), the reloads back off instead of looping.
   */
  private resync(generation: number): void {
    if (!this.target || generation !== this.generation || this.stopped) return;
    this.stream?.stop();
    this.stream = null;
    this.streamState = null;
    this.parts.cache.reset(this.target.url);
    this.parts.changes.queue(null);
    this.parts.connection.fail(
      'COSS’s event log is behind this console’s copy (its database was reset or replaced): reloading everything from COSS.',
    );
    this.resyncs += 1;
    this.retryBootstrap(generation, this.resyncs - 1);
  }
}
