/**
 * The console's brain: holds the cache, the COSS connection (REST + stream), the outbox and the PagerDuty
 * fallback, implements every request of the host contract and emits its events. Both hosts (Electron and the web
 * host) serve this same object; nothing here knows which.
 */
import { SEVERITIES, type Alert } from '../../shared/alert.ts';
import { checkTarget, formatCommand, type Command } from '../../shared/commands/index.ts';
import { compareQueueOrder, indexAfter, mergeSorted } from '../../shared/queue-order.ts';
import { can, canUseTarget, refusal, targetAction, type Action } from '../../shared/permissions.ts';
import { ConnectionStateSchema, type ConnectionState } from '../../shared/host/connection.ts';
import { EXTERNAL_LINK_SCHEMES, isAllowedExternalLink } from '../../shared/external-links.ts';
import type {
  ActionOutcome,
  AlertView,
  HeldActionSettled,
  ConnectionOrigin,
  CustomerSummary,
  HostEventName,
  HostEventPayload,
  HostHandlers,
  HostResult,
  HOST_REQUESTS,
  QueuePosition,
} from '../../shared/host/contract.ts';
import { ALL_CUSTOMERS } from '../../shared/host/contract.ts';

type PageArgs = z.infer<(typeof HOST_REQUESTS)['page.send']['args']>;
import type { RoomMessage } from '../../shared/room.ts';
import type { StreamEvent } from '../../shared/stream.ts';
import { AlertSchema } from '../../shared/alert.ts';
import { ACTED_AT_MAX_AGE_MS, RoomMessageSchema } from '../../shared/room.ts';
import type { z } from 'zod';
import { ConsoleCache, type CachedPage } from './cache.ts';
import { localMinutes, systemClock, type Clock, type TimerHandle } from './clock.ts';
import { CossError, PageRecordSchema, createCossClient, type CossClient, type PageRecord } from './coss-client.ts';
import { ActionOutbox, type OutboxAction, type OutboxEntry, type OutboxFailure, type SendReport } from './action-outbox.ts';
import { HostFailure } from './host-dispatch.ts';
import { buildNotesBundle, searchNotes, withAlertNotes, withComment } from './notes-bundle.ts';
import { decideNotification, type NotificationDecision, type NotifyEvent } from './notification-policy.ts';
import { PagerDutyFallback, PagerDutyError } from './pagerduty-fallback.ts';
import { SECRET_NAMES, type SettingsStore, type StoredSettings } from './settings.ts';
import type { SecretStore } from './secret-store.ts';
import { UndoWindow, type HeldResolve } from './undo-window.ts';
import { backoffDelayMs, type BackoffPolicy } from '../../shared/backoff.ts';
import { DEFAULT_RECONNECT_BACKOFF, StreamConnection, type StreamState, type WebSocketFactory } from './stream-connection.ts';

/** The COSS deployment to talk to. */
export interface CossTarget {
  url: string;
  token: string;
  /** the embedded local COSS with sample data */
  local: boolean;
  /** where the address came from, which Settings shows: the operator must know what they are connected to */
  origin: ConnectionOrigin;
}

/** Shows a desktop notification; `onClick` focuses the alert. Electron's Notification or a test recorder. */
export interface Notifier {
  show(notification: NotificationDecision, onClick: () => void): void;
}

export type HostEventListener = <N extends HostEventName>(name: N, payload: HostEventPayload<N>) => void;

export interface ConsoleCoreOptions {
  dataDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  /** Which COSS to use for these settings; the host starts the embedded one when `cossUrl` is empty. */
  resolveTarget: (settings: StoredSettings, token: string | null) => Promise<CossTarget | null>;
  clock?: Clock;
  random?: () => number;
  createSocket?: WebSocketFactory;
  notifier?: Notifier;
  openExternal?: (url: string) => Promise<boolean>;
  /** the operator's time zone for quiet hours (default: the machine's) */
  timeZone?: string;
  backoff?: BackoffPolicy;
  heartbeatTimeoutMs?: number;
  offlineAfterAttempts?: number;
  /** how often waiting actions are retried while the stream is live but COSS refuses transiently */
  outboxRetryMs?: number;
  requestTimeoutMs?: number;
}

/** Events older than this when they arrive (a long replay) update the cache but do not notify. */
const NOTIFY_MAX_AGE_MS = 10 * 60_000;
const ROOM_FETCH = 200;
/** How long a stopping console waits for held resolves to reach COSS. */
const STOP_SEND_MS = 3000;
/** How long a live console holds back a connection event whose only change is a higher pending-action count. */
const PENDING_ONLY_HOLD_MS = 250;

function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.status === b.status &&
    a.attempt === b.attempt &&
    a.cossUrl === b.cossUrl &&
    a.local === b.local &&
    a.lastSeq === b.lastSeq &&
    a.syncedAt === b.syncedAt &&
    a.pendingActions === b.pendingActions &&
    a.lastError === b.lastError
  );
}

/** The very same version of an alert, field for field: the stream echoing a change this console already holds. */
function sameAlert(a: Alert, b: Alert): boolean {
  return a.updatedAt === b.updatedAt && JSON.stringify(a) === JSON.stringify(b);
}

function emptyCounts(): CustomerSummary['unacknowledged'] {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as CustomerSummary['unacknowledged'];
}

/**
 * What "done" covers: COSS has it; PagerDuty's side is only on its way, and its answer shows on the row (a
 * refusal there is not hidden behind this toast).
 */
function doneMessage(report: SendReport): string {
  // A command's own answer says what it did, e.g. that an escalation is on its way to PagerDuty, not done there.
  if (report.said !== undefined) return report.said;
  const incidents = [...new Set(report.pagerDuty ?? [])];
  if (incidents.length === 0) return 'done.';
  return `done in COSS; passing it on to PagerDuty (${incidents.join(', ')}), whose answer shows on the row.`;
}

function toCachedPage(page: PageRecord): CachedPage {
  return {
    dedupKey: page.dedupKey,
    target: page.target,
    targetName: page.targetName,
    priority: page.priority,
    delivery: page.delivery,
    incidentStatus: page.incidentStatus,
    assignees: [],
    actionError: page.actionError ?? null,
    alertNumber: page.alertNumber,
    createdAt: page.createdAt,
  };
}

export class ConsoleCore {
  readonly cache: ConsoleCache;
  readonly outbox: ActionOutbox;
  readonly handlers: HostHandlers;
  private readonly undoWindow: UndoWindow;
  private readonly clock: Clock;
  private readonly listeners = new Set<HostEventListener>();
  private target: CossTarget | null = null;
  private client: CossClient | null = null;
  private stream: StreamConnection | null = null;
  /** reloads forced by COSS's log being behind this cache, since the stream was last live */
  private resyncs = 0;
  private fallback: PagerDutyFallback | null = null;
  private streamState: StreamState | null = null;
  private bootstrapAttempt = 0;
  private bootstrapTimer: TimerHandle | undefined;
  private flushTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private pendingEmit: { alerts: Map<string, { changed: Set<number>; removed: Set<number> }>; customers: boolean } | null = null;
  private lastError: string | null = null;
  private stopped = true;
  private generation = 0;
  private localMessageId = -1;
  private lastCustomersSent = '';
  private readonly sortedByCustomer = new Map<string, { alerts: ReadonlyMap<number, Alert>; revision: number; sorted: readonly Alert[] }>();
  private connectionEmit: { queued: boolean; last: ConnectionState | null; hold: TimerHandle | undefined } = { queued: false, last: null, hold: undefined };

  constructor(private readonly options: ConsoleCoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.cache = new ConsoleCache(options.dataDir);
    this.outbox = new ActionOutbox({
      dataDir: options.dataDir,
      now: () => this.clock.now(),
      send: (entry) => this.sendAction(entry),
      onChange: () => this.emitConnection(),
      onFinalFailure: (failure) => this.reportFinalFailure(failure),
    });
    this.undoWindow = new UndoWindow({ outbox: this.outbox, clock: this.clock, onDue: (held) => this.sendHeld(held) });
    this.handlers = this.createHandlers();
  }

  /** Subscribes to host events; returns the unsubscribe function. */
  on(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<N extends HostEventName>(name: N, payload: HostEventPayload<N>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  /** Serves from cache at once, then connects to COSS in the background. */
  async start(): Promise<void> {
    this.stopped = false;
    // Not awaited: starting an embedded COSS or reaching a slow one must not hold up the cached console.
    void this.connect().catch((error: unknown) => {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.emitConnection();
    });
  }

  /** Stops the connection and writes the cache. */
  async stop(): Promise<void> {
    // Resolves in their undo window go now: the operator did not take them back. One COSS cannot take stays in the
    // outbox on disk and goes at the next start; the wait is bounded so a dead network cannot hold up quitting.
    await Promise.race([this.undoWindow.releaseAll(), new Promise<void>((resolve) => this.clock.setTimeout(resolve, STOP_SEND_MS))]);
    this.stopped = true;
    this.generation += 1;
    this.stream?.stop();
    this.stream = null;
    this.clock.clearTimeout(this.bootstrapTimer);
    this.clock.clearTimeout(this.flushTimer);
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.connectionEmit.hold);
    this.cache.flush();
    // Cache and outbox writes run in the background; a clean stop leaves them all on disk.
    await Promise.all([this.cache.settled(), this.outbox.flush()]);
  }

  /** The connection as the banner shows it. */
  connectionState(): ConnectionState {
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
      cossUrl: this.target?.url ?? this.cache.cossUrl,
      local: this.target?.local ?? false,
      lastSeq: this.cache.lastSeq,
      syncedAt: this.cache.syncedAt,
      pendingActions: this.outbox.pending.length,
      lastError: stream?.lastError ?? this.lastError,
    });
  }

  /**
   * Coalesced: the changes of one tick go out as one event, after the work of that tick (an action's request to
   * COSS leaves first), and an unchanged state is not sent again. While live, a rise of the pending count alone
   * waits a moment: the banner shows it only when COSS is not live, and an action in flight usually settles within
   * that, so the renderer is not made to re-render twice during every keystroke's round trip.
   */
  private emitConnection(): void {
    if (this.connectionEmit.queued) return;
    this.connectionEmit.queued = true;
    setImmediate(() => {
      this.connectionEmit.queued = false;
      this.sendConnection(false);
    });
  }

  private sendConnection(afterHold: boolean): void {
    const state = this.connectionState();
    const last = this.connectionEmit.last;
    if (last !== null && sameConnection(state, last)) {
      this.clock.clearTimeout(this.connectionEmit.hold);
      this.connectionEmit.hold = undefined;
      return;
    }
    // lastSeq and syncedAt move with every stream event; while live nothing on screen shows them.
    const pendingRiseOnly =
      last !== null &&
      state.status === 'live' &&
      last.status === 'live' &&
      state.pendingActions > last.pendingActions &&
      sameConnection(state, { ...last, pendingActions: state.pendingActions, lastSeq: state.lastSeq, syncedAt: state.syncedAt });
    if (pendingRiseOnly && !afterHold) {
      this.connectionEmit.hold ??= this.clock.setTimeout(() => {
        this.connectionEmit.hold = undefined;
        this.sendConnection(true);
      }, PENDING_ONLY_HOLD_MS);
      return;
    }
    this.clock.clearTimeout(this.connectionEmit.hold);
    this.connectionEmit.hold = undefined;
    this.connectionEmit.last = state;
    this.emit('connection.changed', state);
  }

  /** (Re)connects with the current settings: used at start and when Settings change the COSS or token. */
  async connect(): Promise<void> {
    this.generation += 1;
    const generation = this.generation;
    this.stream?.stop();
    this.stream = null;
    this.streamState = null;
    this.clock.clearTimeout(this.bootstrapTimer);
    const settings = this.options.settings.value;
    const token = await this.options.secrets.get(SECRET_NAMES.cossToken);
    const pagerDutyToken = await this.options.secrets.get(SECRET_NAMES.pagerDutyToken);
    this.fallback = settings.pagerDutyFallback ? new PagerDutyFallback(this.options.settings.pagerDutyConfig(pagerDutyToken)) : null;
    let target: CossTarget | null;
    try {
      target = await this.options.resolveTarget(settings, token);
    } catch (error) {
      target = null;
      this.lastError = `Could not start COSS: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (generation !== this.generation) return;
    this.target = target;
    if (!target) {
      this.client = null;
      this.lastError ??= 'No COSS is configured: open Settings and enter its URL and your API token.';
      this.emitConnection();
      return;
    }
    if (this.cache.cossUrl !== target.url) {
      // Another deployment: its seqs and numbers mean nothing against this cache.
      this.cache.reset(target.url);
      this.queueEmit(null);
    }
    this.client = createCossClient({ baseUrl: target.url, token: target.token, timeoutMs: this.options.requestTimeoutMs ?? 10_000 });
    this.lastError = null;
    this.bootstrapAttempt = 0;
    this.emitConnection();
    if (this.cache.lastSeq > 0) this.openStream(generation);
    else await this.bootstrap(generation);
  }

  /** First contact with an empty cache: a REST snapshot, then the stream from its head. */
  private async bootstrap(generation: number): Promise<void> {
    const client = this.client;
    if (!client || generation !== this.generation || this.stopped) return;
    try {
      await this.snapshot(client);
    } catch (error) {
      if (generation !== this.generation) return;
      this.bootstrapAttempt += 1;
      this.lastError = error instanceof Error ? error.message : String(error);
      this.emitConnection();
      const delay = backoffDelayMs(this.bootstrapAttempt, this.options.backoff ?? DEFAULT_RECONNECT_BACKOFF, this.options.random);
      this.bootstrapTimer = this.clock.setTimeout(() => void this.bootstrap(generation), delay);
      return;
    }
    if (generation !== this.generation) return;
    this.lastError = null;
    this.openStream(generation);
  }

  private async snapshot(client: CossClient): Promise<void> {
    const me = await client.me();
    const customers = await client.customers();
    const perCustomer = await Promise.all(
      customers.map(async (customer) => ({
        slug: customer.slug,
        alerts: await client.alerts(customer.slug),
        room: await client.roomMessages(customer.slug, ROOM_FETCH),
        pages: await client.pages(customer.slug),
      })),
    );
    this.cache.setMe(me);
    this.cache.setCustomers(customers);
    let head = Number.POSITIVE_INFINITY;
    for (const { slug, alerts, room, pages } of perCustomer) {
      head = Math.min(head, alerts.head);
      this.cache.replaceAlerts(slug, alerts.alerts);
      const data = this.cache.customer(slug);
      for (const alert of alerts.alerts) data.notes = withAlertNotes(data.notes, alert);
      for (const message of room) this.cache.addRoomMessage(message);
      for (const page of [...pages].reverse()) this.cache.putPage(slug, toCachedPage(page));
    }
    // The smallest head: replaying a few events twice is harmless, missing one is not.
    this.cache.setLastSeq(Number.isFinite(head) ? head : 0);
    this.cache.markSynced(new Date(this.clock.now()).toISOString());
    await this.refreshDirectory(client);
    this.queueEmit(null);
    this.scheduleFlush();
  }

  /** What the stream does not carry: customers, targets, note rules, who is on call. Best effort. */
  private async refreshDirectory(client: CossClient): Promise<void> {
    const customers = await client.customers();
    const known = new Set(this.cache.customerList.map((customer) => customer.slug));
    this.cache.setCustomers(customers);
    await Promise.all(
      customers.map(async (customer) => {
        const data = this.cache.customer(customer.slug);
        if (!known.has(customer.slug)) this.cache.replaceAlerts(customer.slug, (await client.alerts(customer.slug)).alerts);
        data.targets = await client.targets(customer.slug);
        await this.refreshRules(client, customer.slug);
        try {
          const answer = await client.onCall(customer.slug);
          data.onCall = answer.targets.map((target) => ({
            target: target.target,
            targetName: target.name,
            people: target.oncall.map((person) => person.name),
          }));
        } catch {
          // On-call needs PagerDuty on the COSS side; without it the side bar just shows no names.
        }
        this.cache.touch(customer.slug);
      }),
    );
    this.queueEmit(null);
    this.scheduleFlush();
  }

  private async refreshRules(client: CossClient, slug: string): Promise<void> {
    const rules = await client.noteRules(slug);
    const data = this.cache.customer(slug);
    data.notes = buildNotesBundle(slug, rules, new Date(this.clock.now()).toISOString(), data.notes);
    this.cache.touch(slug);
  }

  private openStream(generation: number): void {
    if (!this.target || generation !== this.generation || this.stopped) return;
    const stream = new StreamConnection({
      baseUrl: this.target.url,
      token: this.target.token,
      lastSeq: this.cache.lastSeq,
      clock: this.clock,
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.createSocket ? { createSocket: this.options.createSocket } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.heartbeatTimeoutMs ? { heartbeatTimeoutMs: this.options.heartbeatTimeoutMs } : {}),
      ...(this.options.offlineAfterAttempts ? { offlineAfterAttempts: this.options.offlineAfterAttempts } : {}),
      onEvent: (event) => this.applyEvent(event),
      onState: (state) => {
        const wasLive = this.streamState?.status === 'live';
        this.streamState = state;
        // Up to date until the moment the stream dropped.
        if (wasLive && state.status !== 'live') this.cache.markSynced(new Date(this.clock.now()).toISOString());
        this.emitConnection();
      },
      onResyncNeeded: () => this.resync(generation),
      onLive: () => {
        this.resyncs = 0;
        this.cache.markSynced(new Date(this.clock.now()).toISOString());
        this.scheduleFlush();
        void this.drainOutbox();
        const client = this.client;
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
    this.cache.reset(this.target.url);
    this.queueEmit(null);
    this.lastError = 'COSS’s event log is behind this console’s copy (its database was reset or replaced): reloading everything from COSS.';
    this.emitConnection();
    this.resyncs += 1;
    const delay = this.resyncs === 1 ? 0 : backoffDelayMs(this.resyncs - 1, this.options.backoff ?? DEFAULT_RECONNECT_BACKOFF, this.options.random);
    this.clock.clearTimeout(this.bootstrapTimer);
    this.bootstrapTimer = this.clock.setTimeout(() => void this.bootstrap(generation), delay);
  }

  /** Drops the stream as if the network had failed: for tests and "reconnect now". */
  cutStream(): void {
    this.stream?.cut();
  }

  /** Waits for the outbox to send what it can. */
  async drainOutbox(): Promise<void> {
    this.clock.clearTimeout(this.retryTimer);
    await this.outbox.drain();
    if (this.outbox.pending.length > 0 && !this.stopped) {
      this.retryTimer = this.clock.setTimeout(() => void this.drainOutbox(), this.options.outboxRetryMs ?? 5000);
    }
    this.emitConnection();
  }

  // ---- applying the stream ----

  private applyEvent(event: StreamEvent): void {
    const fresh = this.clock.now() - Date.parse(event.at) < NOTIFY_MAX_AGE_MS;
    if (event.kind.startsWith('alert.')) {
      const data = event.data as { alert?: unknown; comment?: { author: string; body: string } };
      const parsed = AlertSchema.safeParse(event.kind === 'alert.noted' && data && 'alert' in data ? data.alert : event.data);
      if (parsed.success) this.applyAlert(parsed.data, event.kind, fresh, event.kind === 'alert.noted' ? data.comment : undefined);
    } else if (event.kind === 'room.message') {
      const parsed = RoomMessageSchema.safeParse(event.data);
      if (parsed.success && this.cache.addRoomMessage(parsed.data)) this.emit('room.message', parsed.data);
    } else if (event.kind === 'page.updated') {
      const parsed = PageRecordSchema.safeParse(event.data);
      if (parsed.success) this.applyPage(parsed.data, fresh, event.actor);
    } else if (event.kind === 'notes.rules-changed' && event.customer) {
      const client = this.client;
      const slug = event.customer;
      if (client) void this.refreshRules(client, slug).then(() => this.scheduleFlush(), () => undefined);
    }
    this.cache.setLastSeq(event.seq);
    this.cache.markSynced(new Date(this.clock.now()).toISOString());
    this.scheduleFlush();
  }

  private applyAlert(alert: Alert, kind: string, fresh: boolean, comment: { author: string; body: string } | undefined): void {
    const previous = this.cache.putAlert(alert);
    const data = this.cache.customer(alert.customer);
    data.notes = withAlertNotes(data.notes, alert);
    if (comment) data.notes = withComment(data.notes, alert, comment);
    // The stream's copy of a change this console already took from its own action's answer: the renderer has it,
    // and repeating it costs a re-render in the frames right after every keystroke.
    const repeated = previous !== undefined && sameAlert(previous, alert);
    if (!repeated) this.queueEmit(alert.customer, alert.status === 'resolved' ? { removed: alert.number } : { changed: alert.number });
    if (!fresh) return;
    const base = { customer: alert.customer, customerName: this.customerName(alert.customer), number: alert.number, severity: alert.severity, device: alert.device, summary: alert.summary };
    if (kind === 'alert.created') this.notify({ kind: 'alert.created', ...base });
    else if (kind === 'alert.updated' && previous?.status === 'acknowledged' && alert.status === 'acknowledged' && alert.count > previous.count) {
      this.notify({ kind: 'alert.retriggered', ...base });
    }
  }

  private applyPage(page: PageRecord, fresh: boolean, actor: string | null): void {
    const previous = this.cache.putPage(page.customer, toCachedPage(page));
    if (page.alertNumber !== null) this.queueEmit(page.customer, { changed: page.alertNumber });
    if (!fresh) return;
    const base = { customer: page.customer, customerName: this.customerName(page.customer), number: page.alertNumber, targetName: page.targetName };
    if (page.delivery === 'sent' && previous?.delivery !== 'sent') this.notify({ kind: 'page.sent', ...base, direct: false });
    const status = page.incidentStatus;
    if (status !== null && status !== (previous?.incidentStatus ?? null)) {
      const alert = page.alertNumber === null ? undefined : this.cache.customer(page.customer).alerts.get(page.alertNumber);
      if (status === 'triggered' && previous?.incidentStatus === 'acknowledged' && alert) {
        this.notify({ kind: 'alert.retriggered', customer: alert.customer, customerName: base.customerName, number: alert.number, severity: alert.severity, device: alert.device, summary: alert.summary });
      } else if (status !== 'triggered') {
        this.notify({ kind: 'page.answered', ...base, status, by: actor });
      }
    }
  }

  private notify(event: NotifyEvent): void {
    const notifier = this.options.notifier;
    if (!notifier) return;
    const decision = decideNotification(this.options.settings.notificationPolicy(), event, localMinutes(this.clock.now(), this.options.timeZone));
    if (!decision.notify) return;
    const focus = decision.focus;
    notifier.show(decision, () => {
      if (focus) this.emit('alerts.focus', focus);
    });
  }

  private customerName(slug: string): string {
    return this.cache.customerList.find((customer) => customer.slug === slug)?.name ?? slug;
  }

  // ---- emitting ----

  /** Coalesces changes of one burst (a replay) into one alerts.changed per customer and one customers.changed. */
  private queueEmit(customer: string | null, change?: { changed?: number; removed?: number }): void {
    this.pendingEmit ??= { alerts: new Map(), customers: false };
    const pending = this.pendingEmit;
    pending.customers = true;
    if (customer !== null && change) {
      let entry = pending.alerts.get(customer);
      if (!entry) {
        entry = { changed: new Set(), removed: new Set() };
        pending.alerts.set(customer, entry);
      }
      if (change.changed !== undefined) {
        entry.changed.add(change.changed);
        entry.removed.delete(change.changed);
      }
      if (change.removed !== undefined) {
        entry.removed.add(change.removed);
        entry.changed.delete(change.removed);
      }
    }
    if (pending.alerts.size === 0 && customer !== null) return;
    setImmediate(() => this.flushEmits());
  }

  private flushEmits(): void {
    const pending = this.pendingEmit;
    this.pendingEmit = null;
    if (!pending) return;
    for (const [customer, { changed, removed }] of pending.alerts) {
      const alerts = this.cache.customer(customer).alerts;
      const views = [...changed].map((number) => alerts.get(number)).filter((alert): alert is Alert => alert !== undefined).map((alert) => this.view(alert));
      this.emit('alerts.changed', { customer, alerts: views, removed: [...removed] });
    }
    if (pending.customers) {
      // Not re-sent unchanged (a count bump or a repeated change leaves the side bar as it is).
      const summaries = this.customerSummaries();
      const text = JSON.stringify(summaries);
      if (text !== this.lastCustomersSent) {
        this.lastCustomersSent = text;
        this.emit('customers.changed', summaries);
      }
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = undefined;
      // In the background: a large customer written on the event loop held keystrokes for ~70 ms each time.
      this.cache.flushInBackground().catch((error: unknown) => {
        this.lastError = `Could not write the offline cache: ${error instanceof Error ? error.message : String(error)}`;
        this.emitConnection();
      });
    }, 300);
  }

  // ---- views ----

  private view(alert: Alert): AlertView {
    const pages = [...this.cache.customer(alert.customer).pages.values()]
      .filter((page) => page.alertNumber === alert.number)
      .map(({ alertNumber: _alertNumber, createdAt: _createdAt, ...state }) => state);
    return { ...alert, pages };
  }

  customerSummaries(): CustomerSummary[] {
    return this.cache.customerList.map((customer) => {
      const data = this.cache.customer(customer.slug);
      const unacknowledged = emptyCounts();
      for (const alert of data.alerts.values()) if (alert.status === 'open') unacknowledged[alert.severity] += 1;
      return { slug: customer.slug, name: customer.name, number: customer.number, timeZone: customer.timeZone, unacknowledged, onCall: data.onCall };
    });
  }

  /** A customer's alerts in queue order, sorted once per change of its alerts rather than once per request. */
  private sortedAlerts(slug: string): readonly Alert[] {
    const data = this.cache.customer(slug);
    const held = this.sortedByCustomer.get(slug);
    if (held !== undefined && held.alerts === data.alerts && held.revision === data.alertsRevision) return held.sorted;
    const sorted = [...data.alerts.values()].sort(compareQueueOrder);
    this.sortedByCustomer.set(slug, { alerts: data.alerts, revision: data.alertsRevision, sorted });
    return sorted;
  }

  /**
   * Every customer's alerts in one queue order: each customer's sorted list, merged. Kept until a customer's alerts
   * change, so paging through 100,000 alerts merges once.
   */
  private sortedAllAlerts(): readonly Alert[] {
    const slugs = this.cache.customerList.map((customer) => customer.slug);
    const lists = slugs.map((slug) => this.sortedAlerts(slug));
    const held = this.sortedAll;
    if (held !== null && held.lists.length === lists.length && held.lists.every((list, index) => list === lists[index])) return held.sorted;
    const sorted = mergeSorted(lists);
    this.sortedAll = { lists, sorted };
    return sorted;
  }

  private sortedAll: { lists: readonly (readonly Alert[])[]; sorted: readonly Alert[] } | null = null;

  /** The queue, or one page of it (`limit` alerts after `after`), as views; `*` is every customer's. */
  private alertViews(slug: string, page: { limit?: number | undefined; after?: QueuePosition | undefined } = {}): AlertView[] {
    const sorted = slug === ALL_CUSTOMERS ? this.sortedAllAlerts() : this.sortedAlerts(slug);
    const start = page.after === undefined ? 0 : indexAfter(sorted, page.after);
    const slice = sorted.slice(start, page.limit === undefined ? undefined : start + page.limit);
    // Pages by alert once per request: looking them up per alert was O(alerts × pages).
    const pagesByAlert = new Map<number, AlertView['pages']>();
    const customers = slug === ALL_CUSTOMERS ? this.cache.customerList.map((customer) => customer.slug) : [slug];
    for (const customer of customers) {
      for (const { alertNumber, createdAt: _createdAt, ...state } of this.cache.customer(customer).pages.values()) {
        if (alertNumber === null) continue;
        const list = pagesByAlert.get(alertNumber);
        if (list === undefined) pagesByAlert.set(alertNumber, [state]);
        else list.push(state);
      }
    }
    return slice.map((alert) => ({ ...alert, pages: pagesByAlert.get(alert.number) ?? [] }));
  }

  private requireCustomer(slug: string) {
    const customer = this.cache.customerList.find((known) => known.slug === slug);
    if (!customer) throw new HostFailure('not_found', `There is no customer "${slug}" (or it is not in the offline cache yet).`);
    return customer;
  }

  /**
   * The role table, mirrored: what COSS would refuse is refused here too, before it is queued for later or sent
   * straight to PagerDuty while COSS is unreachable. COSS stays the authority; with no user known yet, it decides.
   */
  private requireRight(action: Action): void {
    const role = this.cache.me?.role;
    if (role !== undefined && !can(role, action)) throw new HostFailure('forbidden', refusal(role, action));
  }

  private requireAlert(number: number): Alert {
    const alert = this.cache.findAlert(number);
    if (!alert) throw new HostFailure('not_found', `Event ${number} is not among the open alerts this console holds.`);
    return alert;
  }

  private get isLive(): boolean {
    return this.streamState?.status === 'live';
  }

  // ---- actions ----

  private async sendAction(entry: OutboxEntry): Promise<SendReport> {
    const client = this.client;
    if (!client) throw new CossError('unavailable', 'No COSS is connected', null, true);
    const action = entry.action;
    if (action.kind === 'room') {
      // When it was typed: COSS keeps it beside when it received the line (a line held offline arrives later).
      const actedAt = this.clock.now() - Date.parse(entry.queuedAt) < ACTED_AT_MAX_AGE_MS - 3_600_000 ? entry.queuedAt : undefined;
      const posted = await client.postRoomMessage(entry.customer, action.body, entry.key, actedAt);
      this.settlePendingLine(entry);
      // The bot's answer starts with the person's name ("NOC, escalating …"): the toast needs only what follows.
      const to = `${this.cache.me?.displayName ?? ''}, `;
      const said = posted.replies.map((reply) => (reply.body.startsWith(to) ? reply.body.slice(to.length) : reply.body)).join(' ');
      return { refused: posted.refused ?? null, ...(said !== '' ? { said } : {}) };
    }
    const answer =
      action.kind === 'acknowledge'
        ? await client.acknowledge(action.number, entry.key, action.note)
        : action.kind === 'resolve'
          ? await client.resolve(action.number, entry.key, action.note)
          : action.kind === 'reopen'
            ? await client.reopen(action.number, entry.key)
            : await client.note(action.number, entry.key, action.text);
    // A replayed answer may be older than what the stream already brought, or the very same change.
    const held = this.cache.customer(answer.alert.customer).alerts.get(answer.alert.number);
    if (!held || (held.updatedAt <= answer.alert.updatedAt && !sameAlert(held, answer.alert))) {
      this.cache.putAlert(answer.alert);
      this.queueEmit(answer.alert.customer, answer.alert.status === 'resolved' ? { removed: answer.alert.number } : { changed: answer.alert.number });
      this.scheduleFlush();
    }
    return answer.pagerDuty === undefined ? {} : { pagerDuty: answer.pagerDuty };
  }

  /**
   * Sends an action through the outbox. A room command COSS's bot did not carry out fails (HostFailure) unless
   * `refusalInRoom`: a line typed into the room has its answer there already.
   */
  private async submit(customer: string, action: OutboxAction, label: string, refusalInRoom = false): Promise<ActionOutcome> {
    const result = await this.outbox.submit(customer, action, label);
    this.emitConnection();
    if (result.status === 'queued' && this.isLive) {
      this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = this.clock.setTimeout(() => void this.drainOutbox(), this.options.outboxRetryMs ?? 5000);
    }
    if (result.status === 'queued') {
      if (result.entry.action.kind === 'room') this.emit('room.message', this.pendingLine(result.entry));
      return { status: 'queued', idempotencyKey: result.entry.key, message: `${label}: COSS is unreachable; queued and sent when it is back.` };
    }
    // COSS took the line but its bot did not do what it asked: that is a refusal, never "done".
    const refused = result.report.refused ?? null;
    if (refused !== null && !refusalInRoom) throw new HostFailure('conflict', `COSS did not do it: ${refused}`);
    return { status: 'done', idempotencyKey: result.entry.key, message: `${label}: ${doneMessage(result.report)}` };
  }

  /** A held resolve's window is over: sends it and tells the renderer what became of it. */
  private async sendHeld(held: HeldResolve): Promise<void> {
    const { number, customer } = held;
    let settled: HeldActionSettled;
    try {
      const result = await this.outbox.send(held.key);
      this.emitConnection();
      if (result.status === 'queued') {
        const alert = this.cache.customer(customer).alerts.get(number);
        if (alert !== undefined) this.applyLocally(alert, 'resolved');
        if (this.isLive) {
          this.clock.clearTimeout(this.retryTimer);
          this.retryTimer = this.clock.setTimeout(() => void this.drainOutbox(), this.options.outboxRetryMs ?? 5000);
        }
        settled = { number, customer, status: 'queued', message: `Resolve ${number}: COSS is unreachable; queued and sent when it is back.` };
      } else settled = { number, customer, status: 'done', message: `Resolve ${number}: ${doneMessage(result.report)}` };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      settled = { number, customer, status: 'failed', message: `Resolve ${number} was refused by COSS: ${reason}` };
    }
    this.emit('alerts.heldSettled', settled);
  }

  /** Shows a queued acknowledgement or resolution right away; the stream brings COSS's version later. */
  private applyLocally(alert: Alert, status: 'acknowledged' | 'resolved'): void {
    const me = this.cache.me?.displayName ?? 'you';
    const updated: Alert = {
      ...alert,
      status,
      ...(status === 'acknowledged' ? { acknowledgedBy: `${me} (pending)` } : { resolvedAt: new Date(this.clock.now()).toISOString() }),
    };
    this.cache.putAlert(updated);
    this.queueEmit(alert.customer, status === 'resolved' ? { removed: alert.number } : { changed: alert.number });
    this.scheduleFlush();
  }

  private async acknowledgeOne(number: number, note: string | undefined): Promise<ActionOutcome> {
    const alert = this.requireAlert(number);
    let direct: string[] = [];
    if (!this.isLive && this.fallback) direct = await this.acknowledgeDirectly(alert);
    const outcome = await this.submit(alert.customer, { kind: 'acknowledge', number, ...(note ? { note } : {}) }, `Acknowledge ${number}`);
    if (outcome.status === 'done') return outcome;
    this.applyLocally(alert, 'acknowledged');
    if (direct.length === 0) return outcome;
    // Reconciliation: the acknowledgement above reaches COSS from the outbox; this line tells the room why
    // PagerDuty already shows it acknowledged.
    this.outbox.enqueue(
      alert.customer,
      { kind: 'room', body: `Acknowledged ${direct.join(', ')} directly in PagerDuty at ${new Date(this.clock.now()).toISOString()} while COSS was unreachable (event ${number}).` },
      `Record the direct acknowledgement of ${number}`,
    );
    this.emitConnection();
    return { status: 'direct', idempotencyKey: outcome.idempotencyKey, message: `Acknowledged ${direct.join(', ')} directly in PagerDuty (COSS unreachable); COSS is updated when it is back.` };
  }

  private async acknowledgeDirectly(alert: Alert): Promise<string[]> {
    const fallback = this.fallback;
    if (!fallback) return [];
    const pages = [...this.cache.customer(alert.customer).pages.values()].filter(
      (page) => page.alertNumber === alert.number && (page.delivery === 'sent' || page.delivery === 'direct') && fallback.canAcknowledge(page.target),
    );
    const done: string[] = [];
    for (const page of pages) {
      try {
        await fallback.acknowledge(page.dedupKey, page.target);
        this.cache.putPage(alert.customer, { ...page, delivery: 'direct', incidentStatus: 'acknowledged', actionError: null });
        done.push(page.dedupKey);
      } catch (error) {
        if (!(error instanceof PagerDutyError)) throw error;
        this.lastError = error.message;
      }
    }
    return done;
  }

  private async pageDirectly(args: PageArgs, line: string): Promise<ActionOutcome | null> {
    const fallback = this.fallback;
    if (!fallback || this.isLive || !fallback.canPage(args.target)) return null;
    const customer = this.requireCustomer(args.customer);
    const alert = args.number === null ? undefined : this.cache.customer(args.customer).alerts.get(args.number);
    let dedupKey: string;
    try {
      ({ dedupKey } = await fallback.page({
        customerName: customer.name,
        customerNumber: customer.number,
        number: args.number,
        target: args.target,
        priority: args.priority,
        message: args.message,
        pagedBy: this.cache.me?.displayName ?? 'COSS Console',
        alert,
      }));
    } catch (error) {
      if (!(error instanceof PagerDutyError)) throw error;
      this.lastError = error.message;
      return null;
    }
    const targetName = this.cache.customer(args.customer).targets.find((target) => target.path === args.target)?.name ?? args.target;
    this.cache.putPage(args.customer, {
      dedupKey,
      target: args.target,
      targetName,
      priority: args.priority,
      delivery: 'direct',
      incidentStatus: 'triggered',
      assignees: [],
      alertNumber: args.number,
      createdAt: new Date(this.clock.now()).toISOString(),
    });
    if (args.number !== null) this.queueEmit(args.customer, { changed: args.number });
    this.scheduleFlush();
    const when = new Date(this.clock.now()).toISOString();
    const entry = this.outbox.enqueue(
      args.customer,
      { kind: 'room', body: `Paged ${args.target} directly in PagerDuty at ${when} while COSS was unreachable (dedup key ${dedupKey}).` },
      `Record the direct page of ${args.target}`,
    );
    // With an alert, COSS's own page uses the same dedup key, so PagerDuty folds it into the incident just opened
    // and COSS follows that incident from then on. Without one, a second page would open a second incident.
    if (args.number !== null) this.outbox.enqueue(args.customer, { kind: 'room', body: line }, `Page ${args.target}`);
    this.emitConnection();
    this.notify({ kind: 'page.sent', customer: args.customer, customerName: customer.name, number: args.number, targetName, direct: true });
    return { status: 'direct', idempotencyKey: entry.key, message: `Paged ${targetName} directly in PagerDuty (COSS unreachable; dedup key ${dedupKey}).` };
  }

  /**
   * A room line waiting in the outbox, as the room shows it: the operator's own line, marked pending, at the time it
   * was typed. Its id is the console's own (below zero) and stays the same for the line's life, so the renderer can
   * drop it when COSS has the real one.
   */
  private pendingLine(entry: OutboxEntry): RoomMessage {
    let id = this.pendingLineIds.get(entry.key);
    if (id === undefined) {
      id = this.localMessageId--;
      this.pendingLineIds.set(entry.key, id);
    }
    return {
      id,
      customer: entry.customer,
      kind: 'human',
      author: this.cache.me?.displayName ?? 'you',
      body: entry.action.kind === 'room' ? entry.action.body : entry.label,
      command: null,
      replyTo: null,
      createdAt: entry.queuedAt,
      pending: true,
    };
  }

  private readonly pendingLineIds = new Map<string, number>();

  /** The line reached COSS (or never will): the room drops the console's pending copy. */
  private settlePendingLine(entry: OutboxEntry): void {
    const id = this.pendingLineIds.get(entry.key);
    if (id === undefined) return;
    this.pendingLineIds.delete(entry.key);
    this.emit('room.settled', { customer: entry.customer, id });
  }

  private reportFinalFailure(failure: OutboxFailure): void {
    this.settlePendingLine(failure.entry);
    this.lastError = `${failure.entry.label} was refused by COSS: ${failure.error.message}`;
    const message: RoomMessage = {
      id: this.localMessageId--,
      customer: failure.entry.customer,
      kind: 'system',
      author: 'COSS Console',
      body: `${failure.entry.label} (queued ${failure.entry.queuedAt}) was refused by COSS: ${failure.error.message}`,
      command: null,
      replyTo: null,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    this.emit('room.message', message);
    this.emitConnection();
  }

  private settingsView(): HostResult<'settings.get'> {
    const settings = this.options.settings.value;
    const { encrypted, description } = this.options.secrets;
    return {
      cossUrl: settings.cossUrl,
      connectedTo: this.target === null ? null : { url: this.target.url, origin: this.target.origin },
      hasToken: this.hasToken,
      pagerDutyFallback: settings.pagerDutyFallback,
      notifications: settings.notifications,
      secretStorage: { encrypted, description },
    };
  }

  private hasToken = false;

  private createHandlers(): HostHandlers {
    return {
      'session.get': async () => ({ connection: this.connectionState(), user: this.cache.me }),
      'customers.list': async () => this.customerSummaries(),
      'alerts.list': async ({ customer, limit, after }) => {
        if (customer !== ALL_CUSTOMERS) this.requireCustomer(customer);
        return this.alertViews(customer, { limit, after });
      },
      'alerts.get': async ({ number }) => {
        const client = this.client;
        if (client) {
          try {
            const detail = await client.alert(number);
            this.cache.putAlert(detail.alert);
            return { ...detail, alert: this.view(detail.alert) };
          } catch (error) {
            if (!(error instanceof CossError) || !error.transient) throw error;
          }
        }
        // Offline: what the cache holds, without the history only COSS has.
        return { alert: this.view(this.requireAlert(number)), history: [], comments: [] };
      },
      'alerts.acknowledge': async ({ numbers, note }) => {
        const outcomes: ActionOutcome[] = [];
        this.requireRight('alert.acknowledge');
        for (const number of numbers) outcomes.push(await this.acknowledgeOne(number, note));
        return outcomes;
      },
      'alerts.resolve': async ({ numbers, note }) => {
        this.requireRight('alert.resolve');
        const outcomes: ActionOutcome[] = [];
        for (const number of numbers) {
          const alert = this.requireAlert(number);
          const outcome = await this.submit(alert.customer, { kind: 'resolve', number, ...(note ? { note } : {}) }, `Resolve ${number}`);
          if (outcome.status === 'queued') this.applyLocally(alert, 'resolved');
          outcomes.push(outcome);
        }
        return outcomes;
      },
      'alerts.note': async ({ number, text }) => {
        this.requireRight('alert.note');
        const alert = this.requireAlert(number);
        return this.submit(alert.customer, { kind: 'note', number, text }, `Note on ${number}`);
      },
      'alerts.resolveLater': async ({ number, delayMs }) => {
        this.requireRight('alert.resolve');
        const alert = this.requireAlert(number);
        const held = this.undoWindow.hold(alert.customer, number, delayMs, `Resolve ${number}`);
        this.emitConnection();
        const seconds = Math.round((Date.parse(held.sendsAt) - this.clock.now()) / 1000);
        return {
          number,
          idempotencyKey: held.key,
          sendsAt: held.sendsAt,
          message: `Resolving ${number} in ${seconds} s (not sent yet): u takes it back.`,
        };
      },
      'alerts.undoResolve': async ({ number }) => {
        const undone = this.undoWindow.undo(number);
        this.emitConnection();
        return undone
          ? { undone: true, message: `${number} was not resolved: nothing was sent to COSS or PagerDuty.` }
          : { undone: false, message: `Too late to undo: the resolve of ${number} has gone to COSS. Reopen it (O) instead.` };
      },
      'alerts.reopen': async ({ number }) => {
        this.requireRight('alert.reopen');
        const active = this.cache.findAlert(number);
        if (active !== undefined) throw new HostFailure('conflict', `${number} is not resolved (it is ${active.status}): nothing to reopen.`);
        // The console holds only active alerts: a resolved one's customer is asked of COSS.
        const client = this.client;
        if (client === null || !this.isLive) {
          throw new HostFailure('unavailable', `Reopening ${number} needs COSS, which is not reachable now; try again when the banner says live.`);
        }
        let found: Alert;
        let paged: boolean;
        try {
          const detail = await client.alert(number);
          found = detail.alert;
          paged = detail.history.some((entry) => entry.kind === 'page.updated');
        } catch (error) {
          if (error instanceof CossError && error.code === 'not_found') throw new HostFailure('not_found', `There is no event ${number}.`);
          throw error;
        }
        if (found.status !== 'resolved') throw new HostFailure('conflict', `${number} is not resolved (it is ${found.status}): nothing to reopen.`);
        const outcome = await this.submit(found.customer, { kind: 'reopen', number }, `Reopen ${number}`);
        if (outcome.status !== 'done') return outcome;
        // PagerDuty has no reopen: an operator who expects the incident back would wait for a call that never comes.
        const pagerDuty = paged ? ' Its PagerDuty incident stays resolved: page again (p) if someone must look.' : '';
        return { ...outcome, message: `Reopened ${number}: open again in COSS.${pagerDuty}` };
      },
      'alerts.reassign': async ({ number, target }) => {
        this.requireRight('alert.reassign');
        const alert = this.requireAlert(number);
        const problem = checkTarget(target);
        if (problem) throw new HostFailure('invalid_arguments', `${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`);
        // The room command, posted for the operator as a chat-ops palette would: the bot's answer (the toast) and the
        // audit are the same as for the typed line, and one path decides what a reassignment does.
        const line = formatCommand({ name: 'reassign', event: { number, customerNumber: null }, target });
        return this.submit(alert.customer, { kind: 'room', body: line }, `Reassign ${number} to ${target}`);
      },
      'alerts.escalate': async ({ number, level }) => {
        this.requireRight('alert.escalate');
        const alert = this.requireAlert(number);
        const line = formatCommand({ name: 'escalate', event: { number, customerNumber: null }, level: level ?? null });
        return this.submit(alert.customer, { kind: 'room', body: line }, `Escalate ${number}`);
      },
      'page.send': async (args) => {
        this.requireCustomer(args.customer);
        // A target the console does not know is taken for the NOC's: the stricter right.
        const known = this.cache.customer(args.customer).targets.find((target) => target.path === args.target);
        this.requireRight(targetAction(known ?? { customer: null }, args.customer));
        const problem = checkTarget(args.target);
        if (problem) throw new HostFailure('invalid_arguments', `${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`);
        const message = args.message.trim();
        if (args.number === null && message === '') throw new HostFailure('invalid_arguments', 'A page without an event needs a message, so the person paged knows why.');
        const command: Command = {
          name: 'page',
          priority: args.priority,
          target: args.target,
          event: args.number === null ? null : { number: args.number, customerNumber: null },
          message: message === '' ? null : message.replace(/\s+/g, ' '),
        };
        const line = formatCommand(command);
        const direct = await this.pageDirectly(args, line);
        if (direct) return direct;
        return this.submit(args.customer, { kind: 'room', body: line }, `Page ${args.target}`);
      },
      'room.list': async ({ customer }) => {
        this.requireCustomer(customer);
        // Lines typed offline and still in the outbox come last, marked pending: a reload must not hide them.
        const waiting = this.outbox.pending.filter((entry) => entry.customer === customer && entry.action.kind === 'room').map((entry) => this.pendingLine(entry));
        return waiting.length === 0 ? this.cache.customer(customer).room : [...this.cache.customer(customer).room, ...waiting];
      },
      'room.send': async ({ customer, body }) => {
        this.requireCustomer(customer);
        return this.submit(customer, { kind: 'room', body }, body.startsWith('.') && !body.startsWith('..') ? `Command ${body.split(/\s/)[0]}` : 'Message', true);
      },
      'targets.list': async ({ customer }) => {
        this.requireCustomer(customer);
        // Only what this user may page: a customer user's dialog offers their own queues, not the NOC's.
        const role = this.cache.me?.role;
        return this.cache.customer(customer).targets.filter((target) => role === undefined || canUseTarget(role, target, customer));
      },
      'notes.search': async ({ customer, query }) => {
        this.requireCustomer(customer);
        return searchNotes(this.cache.customer(customer).notes, query);
      },
      'settings.get': async () => {
        this.hasToken = (await this.options.secrets.get(SECRET_NAMES.cossToken)) !== null;
        return this.settingsView();
      },
      'settings.set': async ({ cossUrl, token, pagerDutyFallback, notifications }) => {
        const before = this.options.settings.value;
        if (cossUrl !== undefined && cossUrl !== '' && !/^https?:\/\//.test(cossUrl)) {
          throw new HostFailure('invalid_arguments', 'The COSS URL must start with http:// or https://, e.g. https://coss.example.');
        }
        this.options.settings.update({
          ...(cossUrl !== undefined ? { cossUrl: cossUrl.replace(/\/+$/, '') } : {}),
          ...(pagerDutyFallback !== undefined ? { pagerDutyFallback } : {}),
          ...(notifications !== undefined ? { notifications } : {}),
        });
        if (token !== undefined) {
          if (token === '') await this.options.secrets.delete(SECRET_NAMES.cossToken);
          else await this.options.secrets.set(SECRET_NAMES.cossToken, token);
        }
        this.hasToken = (await this.options.secrets.get(SECRET_NAMES.cossToken)) !== null;
        const after = this.options.settings.value;
        if (after.cossUrl !== before.cossUrl || token !== undefined || after.pagerDutyFallback !== before.pagerDutyFallback) void this.connect();
        return this.settingsView();
      },
      'app.openExternal': async ({ url }) => {
        if (!isAllowedExternalLink(url)) {
          throw new HostFailure('forbidden', `Only ${EXTERNAL_LINK_SCHEMES.map((scheme) => scheme.slice(0, -1)).join(', ')} links can be opened.`);
        }
        return { opened: this.options.openExternal ? await this.options.openExternal(url) : false };
      },
    };
  }
}
