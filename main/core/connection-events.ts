/**
 * `connection.changed`, coalesced: the changes of one tick go out as one event, after the work of that tick (an
 * action's request to COSS leaves first), and an unchanged state is not sent again. While live, a rise of the
 * pending count alone waits a moment: the banner shows it only when COSS is not live, and an action in flight
 * usually settles within that, so the renderer is not made to re-render twice during every keystroke's round trip.
 */
import type { ConnectionState } from '../../shared/host/connection.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { HostEventBus } from './host-event-bus.ts';

/** How long a live console holds back a connection event whose only change is a higher pending-action count. */
const PENDING_ONLY_HOLD_MS = 250;

function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  return (
    a.status === b.status &&
    a.attempt === b.attempt &&
    a.cossUrl === b.cossUrl &&
    a.endpointIndex === b.endpointIndex &&
    (a.endpoints ?? []).join(' ') === (b.endpoints ?? []).join(' ') &&
    a.local === b.local &&
    a.lastSeq === b.lastSeq &&
    a.syncedAt === b.syncedAt &&
    a.pendingActions === b.pendingActions &&
    a.lastError === b.lastError
  );
}

export interface ConnectionEventsOptions {
  clock: Clock;
  bus: HostEventBus;
  /** the state as it is now (the sync computes it, reading `lastError` from here) */
  current: () => ConnectionState;
}

/** Tells the renderer about the connection, and keeps the last problem worth showing in the banner. */
export class ConnectionEvents {
  /** the last problem the banner shows when the stream has none of its own */
  lastError: string | null = null;
  private queued = false;
  private last: ConnectionState | null = null;
  private hold: TimerHandle | undefined;

  constructor(private readonly options: ConnectionEventsOptions) {}

  /** Something the banner shows may have changed: sends the state after this tick's work. */
  changed(): void {
    if (this.queued) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      this.send(false);
    });
  }

  /** Records a problem for the banner and sends it. */
  fail(message: string): void {
    this.lastError = message;
    this.changed();
  }

  stop(): void {
    this.options.clock.clearTimeout(this.hold);
  }

  private send(afterHold: boolean): void {
    const { clock } = this.options;
    const state = this.options.current();
    const last = this.last;
    if (last !== null && sameConnection(state, last)) {
      clock.clearTimeout(this.hold);
      this.hold = undefined;
      return;
    }
    // lastSeq and syncedAt move with every stream event; while live nothing on screen shows them.
    const pendingRiseOnly =
      last !== null &&
      state.status === 'live' &&
      last.status === 'live' &&
      state.pendingActions > last.pendingActions &&
      sameConnection(state, {
        ...last,
        pendingActions: state.pendingActions,
        lastSeq: state.lastSeq,
        syncedAt: state.syncedAt,
      });
    if (pendingRiseOnly && !afterHold) {
      this.hold ??= clock.setTimeout(() => {
        this.hold = undefined;
        this.send(true);
      }, PENDING_ONLY_HOLD_MS);
      return;
    }
    clock.clearTimeout(this.hold);
    this.hold = undefined;
    this.last = state;
    this.options.bus.emit('connection.changed', state);
  }
}
