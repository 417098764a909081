/**
 * The console's brain, composed: the cache, the sync with COSS (snapshot and stream), the actions (outbox, undo
 * window, direct PagerDuty), the coalesced host events and the request handlers per domain. Both hosts (Electron
 * and the web host) serve this same object; nothing here knows which. Each collaborator gets what it uses passed in,
 * so none of them imports another's instance and no import goes in a circle.
 */
import type { Alert } from '../../shared/alert.ts';
import type { ConnectionState } from '../../shared/host/connection.ts';
import type { CustomerSummary, HostHandlers } from '../../shared/host/contract.ts';
import { ActionOutbox } from './action-outbox.ts';
import { AlertChangeEvents } from './alert-change-events.ts';
import { ConsoleCache } from './cache.ts';
import { CacheWriter } from './cache-writer.ts';
import { systemClock, type Clock } from './clock.ts';
import { ConnectionEvents } from './connection-events.ts';
import { ConsoleActions } from './console-actions.ts';
import { ConsoleSync, type SyncOptions } from './console-sync.ts';
import { desktopNotices, type Notifier } from './desktop-notices.ts';
import { DirectPagerDuty } from './direct-pagerduty.ts';
import { alertHandlers } from './handlers/alert-handlers.ts';
import type { HandlerContext } from './handlers/handler-context.ts';
import { heartbeatHandlers } from './handlers/heartbeat-handlers.ts';
import { ticketHandlers } from './handlers/ticket-handlers.ts';
import { noiseHandlers } from './handlers/noise-handlers.ts';
import { transformHandlers } from './handlers/transform-handlers.ts';
import { triageHandlers } from './handlers/triage-handlers.ts';
import { maintenanceHandlers } from './handlers/maintenance-handlers.ts';
import { roomHandlers } from './handlers/room-handlers.ts';
import { sessionHandlers } from './handlers/session-handlers.ts';
import { settingsHandlers } from './handlers/settings-handlers.ts';
import { HostEventBus, type HostEventListener } from './host-event-bus.ts';
import { QueueViews, alertView, customerSummaries } from './queue-views.ts';
import { UndoWindow } from './undo-window.ts';

export interface ConsoleCoreOptions extends SyncOptions {
  dataDir: string;
  clock?: Clock;
  notifier?: Notifier;
  openExternal?: (url: string) => Promise<boolean>;
  /** the operator's time zone for quiet hours (default: the machine's) */
  timeZone?: string;
  /** how often waiting actions are retried while the stream is live but COSS refuses transiently */
  outboxRetryMs?: number;
}

/** How long a stopping console waits for held resolves to reach COSS. */
const STOP_SEND_MS = 3000;

export class ConsoleCore {
  readonly cache: ConsoleCache;
  readonly outbox: ActionOutbox;
  readonly handlers: HostHandlers;
  private readonly clock: Clock;
  private readonly bus = new HostEventBus();
  private readonly connection: ConnectionEvents;
  private readonly writer: CacheWriter;
  private readonly sync: ConsoleSync;
  private readonly actions: ConsoleActions;
  private readonly undoWindow: UndoWindow;
  private readonly queues: QueueViews;

  constructor(options: ConsoleCoreOptions) {
    const clock = options.clock ?? systemClock;
    const bus = this.bus;
    const cache = new ConsoleCache(options.dataDir);
    this.clock = clock;
    this.cache = cache;
    const view = (alert: Alert) => alertView(cache, alert);
    const summaries = () => customerSummaries(cache);
    const connection = new ConnectionEvents({ clock, bus, current: () => this.connectionState() });
    const changes = new AlertChangeEvents({ bus, cache, view, customerSummaries: summaries });
    const writer = new CacheWriter({ cache, clock, onError: (message) => connection.fail(message) });
    const notify = desktopNotices({
      notifier: options.notifier,
      policy: () => options.settings.notificationPolicy(),
      clock,
      timeZone: options.timeZone,
      bus,
    });
    const sync = new ConsoleSync(options, {
      cache,
      clock,
      connection,
      changes,
      writer,
      notify,
      showRoomMessage: (message) => bus.emit('room.message', message),
      heartbeatsChanged: (customer) => bus.emit('heartbeats.changed', { customer }),
      pendingActions: () => this.outbox.pending.length,
      onLive: () => void this.drainOutbox(),
    });
    const actions = new ConsoleActions({
      cache,
      clock,
      session: sync,
      outbox: () => this.outbox,
      bus,
      connection,
      changes,
      writer,
      retryMs: options.outboxRetryMs ?? 5000,
    });
    this.outbox = new ActionOutbox({
      dataDir: options.dataDir,
      now: () => clock.now(),
      send: (entry) => actions.send(entry),
      onChange: () => connection.changed(),
      onFinalFailure: (failure) => actions.reportFinalFailure(failure),
    });
    this.undoWindow = new UndoWindow({ outbox: this.outbox, clock, onDue: (held) => actions.sendHeld(held) });
    this.queues = new QueueViews(cache);
    const direct = new DirectPagerDuty({ cache, clock, session: sync, actions, connection, changes, writer, notify });
    const context: HandlerContext = {
      cache,
      clock,
      session: sync,
      actions,
      direct,
      undoWindow: this.undoWindow,
      connection,
      queues: this.queues,
      view,
      connectionState: () => this.connectionState(),
      customerSummaries: summaries,
    };
    this.handlers = {
      ...sessionHandlers(context),
      ...alertHandlers(context),
      ...roomHandlers(context),
      ...maintenanceHandlers(context),
      ...heartbeatHandlers(context),
      ...ticketHandlers(context),
      ...noiseHandlers(context),
      ...triageHandlers(context),
      ...transformHandlers(context),
      ...settingsHandlers({
        settings: options.settings,
        secrets: options.secrets,
        connectedTo: () => sync.connectedTo,
        usePreferredEndpoint: () => sync.usePreferredEndpoint(),
        reconnect: () => void this.connect(),
        openExternal: options.openExternal,
      }),
    };
    this.connection = connection;
    this.writer = writer;
    this.sync = sync;
    this.actions = actions;
  }

  /** Subscribes to host events; returns the unsubscribe function. */
  on(listener: HostEventListener): () => void {
    return this.bus.on(listener);
  }

  /** Serves from cache at once, then connects to COSS in the background. */
  async start(): Promise<void> {
    this.sync.start();
  }

  /** Stops the connection and writes the cache. */
  async stop(): Promise<void> {
    // Resolves in their undo window go now: the operator did not take them back. One COSS cannot take stays in the
    // outbox on disk and goes at the next start; the wait is bounded so a dead network cannot hold up quitting.
    await Promise.race([
      this.undoWindow.releaseAll(),
      new Promise<void>((resolve) => this.clock.setTimeout(resolve, STOP_SEND_MS)),
    ]);
    this.sync.stop();
    this.writer.stop();
    this.actions.stop();
    this.connection.stop();
    this.cache.flush();
    // Cache and outbox writes run in the background; a clean stop leaves them all on disk.
    await Promise.all([this.cache.settled(), this.outbox.flush()]);
  }

  /** The connection as the banner shows it. */
  connectionState(): ConnectionState {
    return this.sync.connectionState();
  }

  /** (Re)connects with the current settings: used at start and when Settings change the COSS or token. */
  async connect(): Promise<void> {
    await this.sync.connect();
  }

  /** Drops the stream as if the network had failed: for tests and "reconnect now". */
  cutStream(): void {
    this.sync.cutStream();
  }

  /** Waits for the outbox to send what it can. */
  async drainOutbox(): Promise<void> {
    await this.actions.drain();
  }

  customerSummaries(): CustomerSummary[] {
    return customerSummaries(this.cache);
  }

  /** The newest unacknowledged critical alert across customers, for the host's "bring it up" shortcut. */
  newestCritical(): { customer: string; number: number } | null {
    return this.queues.newestCritical();
  }
}
