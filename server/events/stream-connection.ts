/**
 * One console's stream: replays the log from its `since`, then receives live events from the hub. Every event is
 * checked against what this principal may see before it is sent. A client that falls behind is cut with the seq
 * to resume from, instead of buffering without bound.
 */
import type { WebSocket } from 'ws';
import type { StreamServerMessage } from '../../shared/stream.ts';
import { STREAM_CLOSE } from '../../shared/stream.ts';
import type { Database } from '../db/database.ts';
import { readEvents, type StoredEvent } from './log.ts';
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
  slugOf: (customerId: number) => string | undefined;
  /** re-checks the principal (revocation); false closes the stream */
  stillAuthorized: () => Promise<boolean>;
  heartbeatMs?: number;
  maxBufferedBytes?: number;
  replayPageSize?: number;
}

/** A subscriber of the hub bound to one WebSocket. */
export class StreamConnection implements HubListener {
  private last: number;
  private live = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private awaitingPong = false;
  private readonly maxBuffered: number;

  constructor(private readonly options: StreamConnectionOptions) {
    this.last = options.since;
    this.maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  }

  /** Sends hello, replays, goes live and keeps the heartbeat until the socket closes. */
  async run(): Promise<void> {
    const { socket, hub } = this.options;
    socket.on('close', () => this.dispose());
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    // Clients do not send anything yet; a message is ignored rather than treated as an error.
    socket.on('message', () => undefined);
    this.send({
      type: 'hello',
      head: hub.head,
      since: this.last,
      customers:
        this.options.customerIds === 'all'
          ? ['*']
          : [...this.options.customerIds].map((id) => this.options.slugOf(id) ?? '').filter((slug) => slug !== ''),
    });
    const heartbeatMs = this.options.heartbeatMs ?? 15_000;
    this.heartbeat = setInterval(() => void this.beat(), heartbeatMs);
    await this.replay();
  }

  onEvents(events: readonly StoredEvent[]): void {
    if (!this.live || this.closed) return;
    for (const event of events) {
      if (event.seq <= this.last) continue;
      this.deliver(event);
      if (this.closed) return;
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
    if (this.visible(event)) {
      this.send({
        type: 'event',
        seq: event.seq,
        customer: event.customerId === null ? null : (this.options.slugOf(event.customerId) ?? null),
        kind: event.type,
        alertId: event.alertId,
        actor: event.actor,
        at: event.createdAt,
        data: event.payload,
      });
    }
    this.last = event.seq;
    if (this.live && this.options.socket.bufferedAmount > this.maxBuffered) {
      this.close(STREAM_CLOSE.slowConsumer, `slow consumer; resume with since=${this.last}`);
    }
  }

  private visible(event: StoredEvent): boolean {
    if (event.customerId === null) return this.options.includeGlobal;
    return this.options.customerIds === 'all' || this.options.customerIds.has(event.customerId);
  }

  /** During replay the server waits for the client instead of cutting it: it asked for the backlog. */
  private async waitForDrain(): Promise<void> {
    const started = Date.now();
    while (!this.closed && this.options.socket.bufferedAmount > this.maxBuffered / 4) {
      if (Date.now() - started > 30_000) {
        this.close(STREAM_CLOSE.slowConsumer, `slow consumer; resume with since=${this.last}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    if (this.awaitingPong) {
      this.options.socket.terminate();
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
