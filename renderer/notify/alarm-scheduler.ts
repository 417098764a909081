/**
 * The one scheduler for what a critical says again while nobody has it: its repeats (every `repeatCritical`
 * seconds after the notice that first sounded it) and its reminders (every N minutes of the customer's
 * `reminderMinutes`, counted from when COSS first saw it, so every console that has the customer reminds at the same
 * moments). One timer for all alerts, set to the earliest thing due; each firing looks at the alerts it watches
 * (open, unacknowledged criticals: a few, not the queue) and asks the policy what to do.
 */
import type { NotificationPolicy } from '../../shared/host/contract.ts';
import {
  decideNotification,
  reminderMinutesFor,
  repeatOf,
  type AlertNotice,
  type NotificationDecision,
} from '../../shared/notification-policy.ts';

/** What the scheduler needs of an alert now; null when the console does not hold it. */
export interface WatchedAlert extends AlertNotice {
  source: string;
  /** epoch ms of COSS's first sight of it */
  firstSeen: number;
  /** nobody has taken it: not acknowledged, not resolved */
  open: boolean;
}

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** minutes since the operator's local midnight, for quiet hours */
  localMinutes(epochMs: number): number;
}

export interface AlarmSchedulerOptions {
  clock: SchedulerClock;
  policy: () => NotificationPolicy;
  lookup: (customer: string, number: number) => WatchedAlert | null;
  /** a repeat or a reminder the policy decided to make */
  announce: (decision: NotificationDecision, kind: 'repeat' | 'reminder', alert: WatchedAlert) => void;
}

interface Entry {
  customer: string;
  number: number;
  /** when it last sounded (its notice, or a repeat); null: it never rang here, so it is only reminded */
  rangAt: number | null;
  /** COSS's first sight of it, once known (a notice can come before the alert reaches the store) */
  firstSeen: number | null;
  /** reminders are due at firstSeen + k·N; the k of the last one given (or passed before it was watched) */
  reminded: number;
  /** when the console last failed to find it; an alert's notice may arrive before the alert itself */
  missingSince: number | null;
}

/** An alert a notice named but the console has not received within this long is let go. */
const MISSING_GRACE_MS = 30_000;

const keyOf = (customer: string, number: number): string => `${customer}#${number}`;

export class AlarmScheduler {
  private readonly entries = new Map<string, Entry>();
  private timer: unknown = null;
  private dueAt: number | null = null;

  constructor(private readonly options: AlarmSchedulerOptions) {}

  /** A critical's notice just sounded: repeat it until someone has it, and remind. */
  ring(customer: string, number: number): void {
    const now = this.options.clock.now();
    let entry = this.entries.get(keyOf(customer, number));
    if (entry) entry.rangAt = now;
    else {
      entry = this.fresh(customer, number, now, this.options.lookup(customer, number)?.firstSeen ?? null);
      this.entries.set(keyOf(customer, number), entry);
    }
    this.consider(entry);
  }

  /**
   * A critical the console holds or is about to (its change may wait for the next frame), open, first seen by COSS
   * at `firstSeen`: remind about it (it rings only when its own notice says so).
   */
  watch(customer: string, number: number, firstSeen: number): void {
    const known = this.entries.get(keyOf(customer, number));
    if (known) {
      if (known.firstSeen === null) {
        known.firstSeen = firstSeen;
        this.consider(known);
      }
      return;
    }
    const entry = this.fresh(customer, number, null, firstSeen);
    this.entries.set(keyOf(customer, number), entry);
    this.consider(entry);
  }

  /** Someone has it, it went below critical, it was resolved or covered: no repeat, no reminder, from now. */
  forget(customer: string, number: number): void {
    if (this.entries.delete(keyOf(customer, number))) this.schedule();
  }

  /** How many alerts it watches (for tests and the renderer's own checks). */
  get size(): number {
    return this.entries.size;
  }

  /** The settings changed: the next due time may have moved. */
  reschedule(): void {
    this.schedule();
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = null;
    this.entries.clear();
  }

  private fresh(customer: string, number: number, rangAt: number | null, firstSeen: number | null): Entry {
    const now = this.options.clock.now();
    // Reminders already past when the console started are not replayed: the next one is the next multiple.
    const minutes = reminderMinutesFor(this.options.policy(), customer);
    const reminded = firstSeen !== null && minutes > 0 ? Math.floor((now - firstSeen) / (minutes * 60_000)) : 0;
    return { customer, number, rangAt, firstSeen, reminded: Math.max(0, reminded), missingSince: null };
  }

  private nextRepeat(entry: Entry, policy: NotificationPolicy): number | null {
    const repeat = repeatOf(policy);
    if (!repeat.enabled || entry.rangAt === null) return null;
    return entry.rangAt + repeat.everySeconds * 1000;
  }

  private nextReminder(entry: Entry, alert: WatchedAlert | null, policy: NotificationPolicy): number | null {
    const minutes = reminderMinutesFor(policy, entry.customer);
    const firstSeen = entry.firstSeen ?? alert?.firstSeen ?? null;
    if (minutes <= 0 || firstSeen === null) return null;
    return firstSeen + (entry.reminded + 1) * minutes * 60_000;
  }

  /** One entry came or changed: the timer moves only if it is now the first due (no pass over the others). */
  private consider(entry: Entry): void {
    const policy = this.options.policy();
    const alert = this.options.lookup(entry.customer, entry.number);
    const dues = [this.nextRepeat(entry, policy), this.nextReminder(entry, alert, policy)];
    // Not held yet (its notice came first): looked at again when the others are, or at its repeat.
    for (const due of dues) if (due !== null && (this.dueAt === null || due < this.dueAt)) this.setTimer(due);
  }

  private setTimer(at: number): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = this.options.clock.setTimeout(() => this.fire(), Math.max(0, at - this.options.clock.now()));
  }

  /** Every entry's next due time, and the timer set to the earliest. */
  private schedule(): void {
    const policy = this.options.policy();
    let earliest: number | null = null;
    for (const entry of this.entries.values()) {
      const alert = this.options.lookup(entry.customer, entry.number);
      // A missing alert is looked at again only when its grace ends: its repeat or reminder, already past, would
      // set the timer to now over and over until then.
      const dues =
        alert === null && entry.missingSince !== null
          ? [entry.missingSince + MISSING_GRACE_MS]
          : [this.nextRepeat(entry, policy), this.nextReminder(entry, alert, policy)];
      for (const due of dues) if (due !== null && (earliest === null || due < earliest)) earliest = due;
    }
    if (earliest === this.dueAt) return;
    if (earliest !== null) return this.setTimer(earliest);
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = null;
  }

  private fire(): void {
    this.timer = null;
    this.dueAt = null;
    const now = this.options.clock.now();
    const policy = this.options.policy();
    const local = this.options.clock.localMinutes(now);
    for (const [key, entry] of this.entries) {
      const alert = this.options.lookup(entry.customer, entry.number);
      if (alert === null) {
        entry.missingSince ??= now;
        if (now - entry.missingSince >= MISSING_GRACE_MS) this.entries.delete(key);
        continue;
      }
      entry.missingSince = null;
      // Someone has it, it went below critical, or planned work or a known cause covers it: it says nothing more.
      // (A maintenance that ends while it is open brings a new notice, which rings it again.)
      if (!alert.open || alert.severity !== 'critical' || alert.underMaintenance || alert.suppressed) {
        this.entries.delete(key);
        continue;
      }
      const reminderDue = this.nextReminder(entry, alert, policy);
      const repeatDue = this.nextRepeat(entry, policy);
      const notice = { ...alert, source: alert.source };
      if (reminderDue !== null && reminderDue <= now) {
        const minutes = reminderMinutesFor(policy, entry.customer);
        entry.reminded = Math.floor((now - (entry.firstSeen ?? alert.firstSeen)) / (minutes * 60_000));
        const decision = decideNotification(policy, { kind: 'alert.reminder', ...notice, minutes }, local);
        if (decision.notify) this.options.announce(decision, 'reminder', alert);
        // The reminder's sound stands for a repeat due at the same moment.
        if (entry.rangAt !== null) entry.rangAt = now;
      } else if (repeatDue !== null && repeatDue <= now) {
        entry.rangAt = now;
        const decision = decideNotification(policy, { kind: 'alert.repeat', ...notice }, local);
        if (decision.notify) this.options.announce(decision, 'repeat', alert);
      }
    }
    this.schedule();
  }
}
