/**
 * Resolves held back for a few seconds so the operator can take them back. Holding, not sending and reversing, is
 * what keeps the undo truthful: a resolve reaches PagerDuty too, and PagerDuty cannot reopen a resolved incident,
 * so a resolve sent and then "undone" would leave the incident closed while the console said otherwise.
 *
 * The held action is in the outbox on disk from the keypress (with its send-after time), so it survives the
 * console closing: `releaseAll` sends it on a clean stop, and a console that died sends it at its next start.
 */
import type { ActionOutbox } from './action-outbox.ts';
import type { Clock, TimerHandle } from './clock.ts';

export interface HeldResolve {
  number: number;
  customer: string;
  /** the outbox entry's idempotency key */
  key: string;
  sendsAt: string;
}

export interface UndoWindowOptions {
  outbox: ActionOutbox;
  clock: Clock;
  /** the window is over (or the console is stopping): send it and report what became of it */
  onDue: (held: HeldResolve) => Promise<void>;
}

export class UndoWindow {
  private readonly held = new Map<number, HeldResolve & { timer: TimerHandle }>();

  constructor(private readonly options: UndoWindowOptions) {}

  /** Holds a resolve of `number` for `delayMs`; a second press within the window keeps the first hold. */
  hold(customer: string, number: number, delayMs: number, label: string): HeldResolve {
    const existing = this.held.get(number);
    if (existing !== undefined) return existing;
    const until = this.options.clock.now() + delayMs;
    const entry = this.options.outbox.hold(customer, { kind: 'resolve', number }, label, until);
    const timer = this.options.clock.setTimeout(() => void this.release(number), delayMs);
    const held = { number, customer, key: entry.key, sendsAt: new Date(until).toISOString(), timer };
    this.held.set(number, held);
    return held;
  }

  /** Takes back the held resolve of `number`: true when it will never be sent. */
  undo(number: number): boolean {
    const held = this.held.get(number);
    if (held === undefined || !this.options.outbox.cancel(held.key)) return false;
    this.options.clock.clearTimeout(held.timer);
    this.held.delete(number);
    return true;
  }

  /** Ends the window of `number` now and sends it. */
  async release(number: number): Promise<void> {
    const held = this.held.get(number);
    if (held === undefined) return;
    this.options.clock.clearTimeout(held.timer);
    this.held.delete(number);
    const { timer: _timer, ...resolve } = held;
    await this.options.onDue(resolve);
  }

  /** Sends everything still held: the console is closing, and the operator did not take these back. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((number) => this.release(number)));
  }
}
