/**
 * One console's stream: replays the log from its `since`, then receives live events from the hub. Every event is
 * checked against what this principal may see before it is sent. A client that falls behind or stops reading is
 * cut with the seq to resume from, instead of buffering without bound.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { StreamServerMessage } from '../../shared/stream.ts';
import { STREAM_CLOSE } from '../../shared/stream.ts';
import type { Database } from '../db/database.ts';
import { headSeq, readEvents, type StoredEvent } from './log.ts';
import { eventFrame } from './event-frame.ts';
import type { HubListener, StreamHub } from './hub.ts';

export interface StreamConnectionOptions {
  db: Database;
  hub: StreamHub;
  socket: WebSocket;
  since: number;
  /** the customers (by id) this stream carries, already limited to what the principal may see; 'all' for staff */
  customerIds: ReadonlySet<number> | 'all';
  /** whether deployment-wide events (no customer) may be sent: staff only */
  includeGlobal: boolean;
  /** whether the internal rooms' lines may be sent (`room.internal`); without it they are skipped, live and replayed */
  includeInternalRoom: boolean;
  slugOf: (customerId: number) => string | undefined;
  /** re-checks the principal (revocation); false closes the stream */
  stillAuthorized: () => Promise<boolean>;
  heartbeatMs?: number;
  maxBufferedBytes?: number;
  replayPageSize?: number;
  /** where a cut consumer's resume seq is recorded (it may never read the close that carries it) */
  log?: Pick<FastifyBaseLogger, 'info'>;
  /**
   * The TCP socket under the WebSocket. It is corked while a batch of live events is sent, so the batch leaves in
   * one write instead of one system call per event per console (the largest cost of fanning out to 50 consoles).
   */
  transport?: { cork(): void; uncork(): void };
}

/** A subscriber of the hub bound to one WebSocket. */
export class StreamConnection implements HubListener {
  private last: number;
  private live = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private dropTimer: NodeJS.Timeout | undefined;
  private awaitingPong = false;
  private readonly maxBuffered: number;
  private readonly heartbeatMs: number;

  constructor(private readonly options: StreamConnectionOptions) {
    this.last = options.since;
    this.maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  /** Sends hello, replays, goes live and keeps the heartbeat until the socket closes. */
  async run(): Promise<void> {
    const { socket, hub } = this.options;
    socket.on('close', () => {
      clearTimeout(this.dropTimer);
      this.dispose();
    });
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    // Clients do not send anything yet; a message is ignored rather than treated as an error.
    socket.on('message', () => undefined);
    if (this.last > hub.head && !(await this.sinceWithinLog())) return;
    this.send({
      type: 'hello',
      head: hub.head,
      since: this.last,
      customers:
        this.options.customerIds === 'all'
          ? ['*']
          : [...this.options.customerIds].map((id) => this.options.slugOf(id) ?? '').filter((slug) => slug !== ''),
    });
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    await this.replay();
  }

  /**
   * Whether `since` is a seq the log has reached. The hub may trail the log by a moment (another node wrote it), so
   * the database decides. A `since` past the log's end comes from another history (the database was reset or
   * replaced): streaming from it would wait, silently, for seqs that mean something else; the client must resync.
   */
  private async sinceWithinLog(): Promise<boolean> {
    let head: number;
    try {
      head = await headSeq(this.options.db);
    } catch {
      this.close(STREAM_CLOSE.goingAway, `stream interrupted; resume with since=${this.last}`);
      return false;
    }
    if (this.last <= head) return true;
    this.close(
      STREAM_CLOSE.sinceAheadOfLog,
      `since=${this.last} is ahead of the log (head=${head}); resync from a snapshot`,
    );
    return false;
  }

  onEvents(events: readonly StoredEvent[]): void {
    if (!this.live || this.closed) return;
    const { transport } = this.options;
    transport?.cork();
    try {
      for (const event of events) {
        if (event.seq <= this.last) continue;
        this.deliver(event);
        if (this.closed) return;
      }
    } finally {
      transport?.uncork();
    }
  }

  private async replay(): Promise<void> {
    const { db, hub } = this.options;
    const pageSize = this.options.replayPageSize ?? 500;
    try {
      while (!this.closed) {
        const until = hub.head;
        if (this.last >= until) {
          // No await between this check and going live: the hub cannot hand out an event in between.
          this.live = true;
          hub.add(this);
          this.send({ type: 'caught-up', seq: this.last });
          return;
        }
        const events = await readEvents(db, this.last, pageSize, until);
        if (events.length === 0) {
          this.last = until;
          continue;
        }
        for (const event of events) this.deliver(event);
        if (events.length < pageSize && !this.closed) this.last = Math.max(this.last, until);
        await this.waitForDrain();
      }
    } catch {
      this.close(STREAM_CLOSE.goingAway, `stream interrupted; resume with since=${this.last}`);
    }
  }

  private deliver(event: StoredEvent): void {
    if (this.visible(event) && !this.closed && this.options.socket.readyState === this.options.socket.OPEN) {
      const customer = event.customerId === null ? null : (this.options.slugOf(event.customerId) ?? null);
      // The same bytes for every console that gets this event; sent as text, as every message of the stream is.
      this.options.socket.send(eventFrame(event, customer), { binary: false });
    }
    this.last = event.seq;
    if (this.live && this.options.socket.bufferedAmount > this.maxBuffered) this.cutSlowConsumer('send buffer full');
  }

  private visible(event: StoredEvent): boolean {
    if (event.customerId === null) return this.options.includeGlobal;
    if (!this.options.includeInternalRoom && isInternalRoomEvent(event)) return false;
    return this.options.customerIds === 'all' || this.options.customerIds.has(event.customerId);
  }

  /** During replay the server waits for the client instead of cutting it: it asked for the backlog. */
  private async waitForDrain(): Promise<void> {
    const started = Date.now();
    while (!this.closed && this.options.socket.bufferedAmount > this.maxBuffered / 4) {
      if (Date.now() - started > 30_000) {
        this.cutSlowConsumer('replay not read for 30 s');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    if (this.awaitingPong) {
      // No pong for a whole heartbeat: the client is not reading (or is gone). Only a read-stalled client can ever
      // see the close, but it is the one that needs the seq.
      this.cutSlowConsumer('no pong for a heartbeat');
      return;
    }
    if (!(await this.options.stillAuthorized().catch(() => true))) {
      this.close(STREAM_CLOSE.unauthorized, 'token revoked');
      return;
    }
    this.awaitingPong = true;
    this.options.socket.ping();
    this.send({ type: 'heartbeat', seq: this.last, head: this.options.hub.head, at: new Date().toISOString() });
  }

  private send(message: StreamServerMessage): void {
    if (this.closed || this.options.socket.readyState !== this.options.socket.OPEN) return;
    this.options.socket.send(JSON.stringify(message));
  }

  /**
   * Cuts a consumer that is not reading: no event follows, and a 4008 naming the seq of the last event sent is queued
   * behind what it has not read yet, so a client that reads again gets every event and then the seq to resume from.
   * It gets one more heartbeat to do so; then the connection is dropped (it sees 1006 and resumes from the last seq
   * it handled, the same number). The seq is logged, since the client may never read the close.
   */
  private cutSlowConsumer(why: string): void {
    if (this.closed) return;
    const { socket } = this.options;
    this.options.log?.info(
      { resumeSeq: this.last, bufferedBytes: socket.bufferedAmount, why },
      'stream: slow consumer cut with 4008',
    );
    this.close(STREAM_CLOSE.slowConsumer, `slow consumer; resume with since=${this.last}`);
    this.dropTimer = setTimeout(() => socket.terminate(), this.heartbeatMs);
  }

  /** Closes with a code and reason from STREAM_CLOSE. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.options.socket.close(code, reason);
    this.dispose();
  }

  private dispose(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.options.hub.remove(this);
  }
}

/**
 * A line of a customer's staff-only room, or a page asked from it (their payloads, a RoomMessage and a Page, both say
 * `room`).
 */
function isInternalRoomEvent(event: StoredEvent): boolean {
  return (
    (event.type === 'room.message' || event.type === 'page.updated') &&
    typeof event.payload === 'object' &&
    event.payload !== null &&
    (event.payload as { room?: unknown }).room === 'internal'
  );
}
