/**
 * The operator's actions on their way to COSS: through the outbox (sent now, or queued while COSS is away and
 * replayed exactly once), shown locally while queued, a room line shown pending until COSS has it, and what the
 * operator is told ("done", "queued", "refused") being what happened.
 */
import type { Alert } from '../../shared/alert.ts';
import type { ActionOutcome, HeldActionSettled } from '../../shared/host/contract.ts';
import { ACTED_AT_MAX_AGE_MS, type RoomMessage } from '../../shared/room.ts';
import type { ActionOutbox, OutboxAction, OutboxEntry, OutboxFailure, SendReport } from './action-outbox.ts';
import { changeOf, type AlertChangeEvents } from './alert-change-events.ts';
import type { ConsoleCache } from './cache.ts';
import type { CacheWriter } from './cache-writer.ts';
import type { Clock, TimerHandle } from './clock.ts';
import type { ConnectionEvents } from './connection-events.ts';
import { CossError, type CossClient } from './coss-client.ts';
import type { HostEventBus } from './host-event-bus.ts';
import { HostFailure } from './host-dispatch.ts';
import type { PagerDutyFallback } from './pagerduty-fallback.ts';
import { sameAlert } from './stream-apply.ts';
import type { HeldResolve } from './undo-window.ts';
import { errorMessage } from '../../shared/error-message.ts';

/** The connection to COSS as actions need it (ConsoleSync provides it). */
export interface CossSession {
  readonly client: CossClient | null;
  readonly isLive: boolean;
  readonly fallback: PagerDutyFallback | null;
}

export interface ConsoleActionsParts {
  cache: ConsoleCache;
  clock: Clock;
  session: CossSession;
  /** the outbox is built by the composition with this object's `send` and `reportFinalFailure` as its callbacks */
  outbox: () => ActionOutbox;
  bus: HostEventBus;
  connection: ConnectionEvents;
  changes: AlertChangeEvents;
  writer: CacheWriter;
  /** how often waiting actions are retried while the stream is live but COSS refuses transiently */
  retryMs: number;
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

export class ConsoleActions {
  private retryTimer: TimerHandle | undefined;
  private stopped = false;
  private localMessageId = -1;
  private readonly pendingLineIds = new Map<string, number>();

  constructor(private readonly parts: ConsoleActionsParts) {}

  /** Sends one outbox entry to COSS (the outbox's sender). */
  async send(entry: OutboxEntry): Promise<SendReport> {
    const { cache, clock } = this.parts;
    const client = this.parts.session.client;
    if (!client) throw new CossError('unavailable', 'No COSS is connected', null, true);
    const action = entry.action;
    if (action.kind === 'room') {
      // When it was typed: COSS keeps it beside when it received the line (a line held offline arrives later).
      const actedAt =
        clock.now() - Date.parse(entry.queuedAt) < ACTED_AT_MAX_AGE_MS - 3_600_000 ? entry.queuedAt : undefined;
      const posted = await client.postRoomMessage(entry.customer, action.body, entry.key, actedAt, action.room);
      this.settlePendingLine(entry);
      // The bot's answer starts with the person's name ("NOC, escalating …"): the toast needs only what follows.
      const to = `${cache.me?.displayName ?? ''}, `;
      const said = posted.replies
        .map((reply) => (reply.body.startsWith(to) ? reply.body.slice(to.length) : reply.body))
        .join(' ');
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
    const held = cache.customer(answer.alert.customer).alerts.get(answer.alert.number);
    if (!held || (held.updatedAt <= answer.alert.updatedAt && !sameAlert(held, answer.alert))) {
      cache.putAlert(answer.alert);
      this.parts.changes.queue(answer.alert.customer, changeOf(answer.alert));
      this.parts.writer.schedule();
    }
    return answer.pagerDuty === undefined ? {} : { pagerDuty: answer.pagerDuty };
  }

  /**
   * Sends an action through the outbox. A room command COSS's bot did not carry out fails (HostFailure) unless
   * `refusalInRoom`: a line typed into the room has its answer there already.
   */
  async submit(customer: string, action: OutboxAction, label: string, refusalInRoom = false): Promise<ActionOutcome> {
    const result = await this.parts.outbox().submit(customer, action, label);
    this.parts.connection.changed();
    if (result.status === 'queued' && this.parts.session.isLive) this.retrySoon();
    if (result.status === 'queued') {
      if (result.entry.action.kind === 'room') this.parts.bus.emit('room.message', this.pendingLine(result.entry));
      return {
        status: 'queued',
        idempotencyKey: result.entry.key,
        message: `${label}: COSS is unreachable; queued and sent when it is back.`,
      };
    }
    // COSS took the line but its bot did not do what it asked: that is a refusal, never "done".
    const refused = result.report.refused ?? null;
    if (refused !== null && !refusalInRoom) throw new HostFailure('conflict', `COSS did not do it: ${refused}`);
    return { status: 'done', idempotencyKey: result.entry.key, message: `${label}: ${doneMessage(result.report)}` };
  }

  /** Queues a follow-up for COSS without sending it now (a reconciliation line after a direct PagerDuty action). */
  enqueue(customer: string, action: OutboxAction, label: string): OutboxEntry {
    const entry = this.parts.outbox().enqueue(customer, action, label);
    this.parts.connection.changed();
    return entry;
  }

  /** A held resolve's window is over: sends it and tells the renderer what became of it. */
  async sendHeld(held: HeldResolve): Promise<void> {
    const { number, customer } = held;
    let settled: HeldActionSettled;
    try {
      const result = await this.parts.outbox().send(held.key);
      this.parts.connection.changed();
      if (result.status === 'queued') {
        const alert = this.parts.cache.customer(customer).alerts.get(number);
        if (alert !== undefined) this.applyLocally(alert, 'resolved');
        if (this.parts.session.isLive) this.retrySoon();
        settled = {
          number,
          customer,
          status: 'queued',
          message: `Resolve ${number}: COSS is unreachable; queued and sent when it is back.`,
        };
      } else
        settled = { number, customer, status: 'done', message: `Resolve ${number}: ${doneMessage(result.report)}` };
    } catch (error) {
      const reason = errorMessage(error);
      settled = { number, customer, status: 'failed', message: `Resolve ${number} was refused by COSS: ${reason}` };
    }
    this.parts.bus.emit('alerts.heldSettled', settled);
  }

  /** Shows a queued acknowledgement or resolution right away; the stream brings COSS's version later. */
  applyLocally(alert: Alert, status: 'acknowledged' | 'resolved'): void {
    const { cache, clock } = this.parts;
    const me = cache.me?.displayName ?? 'you';
    const updated: Alert = {
      ...alert,
      status,
      ...(status === 'acknowledged'
        ? { acknowledgedBy: `${me} (pending)` }
        : { resolvedAt: new Date(clock.now()).toISOString() }),
    };
    cache.putAlert(updated);
    this.parts.changes.queue(alert.customer, changeOf(updated));
    this.parts.writer.schedule();
  }

  /** Waits for the outbox to send what it can; what is left is retried later. */
  async drain(): Promise<void> {
    this.parts.clock.clearTimeout(this.retryTimer);
    const outbox = this.parts.outbox();
    await outbox.drain();
    if (outbox.pending.length > 0 && !this.stopped)
      this.retryTimer = this.parts.clock.setTimeout(() => void this.drain(), this.parts.retryMs);
    this.parts.connection.changed();
  }

  stop(): void {
    this.stopped = true;
    this.parts.clock.clearTimeout(this.retryTimer);
  }

  /** The room lines of `customer` still in the outbox, as the room shows them (last, marked pending). */
  waitingLines(customer: string): RoomMessage[] {
    return this.parts
      .outbox()
      .pending.filter((entry) => entry.customer === customer && entry.action.kind === 'room')
      .map((entry) => this.pendingLine(entry));
  }

  /** An action COSS refused for good: the room and the banner say so. */
  reportFinalFailure(failure: OutboxFailure): void {
    this.settlePendingLine(failure.entry);
    this.parts.connection.lastError = `${failure.entry.label} was refused by COSS: ${failure.error.message}`;
    this.parts.bus.emit('room.message', {
      id: this.localMessageId--,
      customer: failure.entry.customer,
      kind: 'system',
      author: 'COSS Console',
      body: `${failure.entry.label} (queued ${failure.entry.queuedAt}) was refused by COSS: ${failure.error.message}`,
      command: null,
      replyTo: null,
      createdAt: new Date(this.parts.clock.now()).toISOString(),
    });
    this.parts.connection.changed();
  }

  /** COSS answers but refused transiently while live: try the outbox again soon rather than at the next reconnect. */
  private retrySoon(): void {
    this.parts.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.parts.clock.setTimeout(() => void this.drain(), this.parts.retryMs);
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
      author: this.parts.cache.me?.displayName ?? 'you',
      body: entry.action.kind === 'room' ? entry.action.body : entry.label,
      command: null,
      replyTo: null,
      createdAt: entry.queuedAt,
      room: entry.action.kind === 'room' ? (entry.action.room ?? 'customer') : 'customer',
      pending: true,
    };
  }

  /** The line reached COSS (or never will): the room drops the console's pending copy. */
  private settlePendingLine(entry: OutboxEntry): void {
    const id = this.pendingLineIds.get(entry.key);
    if (id === undefined) return;
    this.pendingLineIds.delete(entry.key);
    this.parts.bus.emit('room.settled', { customer: entry.customer, id });
  }
}
