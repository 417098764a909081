/**
 * The action outbox: every operator action is written to disk (`outbox.json`) with a client-generated idempotency
 * key, and leaves the outbox only when COSS has answered. While COSS is away actions wait here (across restarts)
 * and are replayed in order when it returns. COSS dedupes by key, so an action whose answer was lost is applied
 * exactly once however often it is retried. Final refusals (4xx) are surfaced, not retried.
 *
 * The live path (`submit`) does not wait for the disk before sending: the write of the new entry (temp file, fsync,
 * rename) runs in the background while the request is in flight. The operator is told `queued` only once the entry
 * is on disk; `done` needs no disk, COSS has it. The write that removes a done entry is coalesced and never awaited:
 * a crash before it lands replays the action after restart, and COSS answers the replay from its idempotency key.
 * `enqueue` (offline work, reconciliation lines) stays synchronous: the entry is on disk when it returns.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { HostError } from '../../shared/host/contract.ts';
import { CossError } from './coss-client.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { errorMessage } from '../../shared/error-message.ts';

export const OutboxActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('acknowledge'), number: z.number().int(), note: z.string().optional() }),
  z.object({ kind: z.literal('resolve'), number: z.number().int(), note: z.string().optional() }),
  z.object({ kind: z.literal('reopen'), number: z.number().int() }),
  z.object({ kind: z.literal('note'), number: z.number().int(), text: z.string() }),
  /**
   * a room line: chat, or a command such as `.oncall [casc/int/systems, 32962] …`; `room` is the staff-only internal
   * room's (absent: the customer's shared room, as every line was before there were two)
   */
  z.object({ kind: z.literal('room'), body: z.string(), room: z.literal('internal').optional() }),
]);
export type OutboxAction = z.infer<typeof OutboxActionSchema>;

export const OutboxEntrySchema = z.object({
  /** the Idempotency-Key COSS dedupes on */
  key: z.string(),
  customer: z.string(),
  action: OutboxActionSchema,
  /** what the operator did, for banners and failure messages */
  label: z.string(),
  queuedAt: z.string(),
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  /**
   * Not sent before this time (ISO): a resolve the operator may still undo. It is on disk from the keypress, so a
   * console closed within the window still sends it; undoing removes it before it ever leaves.
   */
  sendAfter: z.string().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

const FailureSchema = z.object({
  entry: OutboxEntrySchema,
  error: z.object({ code: z.string(), message: z.string() }),
  at: z.string(),
});
export type OutboxFailure = { entry: OutboxEntry; error: HostError; at: string };

const OutboxFileSchema = z.object({
  version: z.literal(1),
  entries: z.array(OutboxEntrySchema),
  failed: z.array(FailureSchema),
});

/**
 * What COSS's answer said beyond "accepted", for the operator who is waiting for it: a room command the bot did
 * not carry out, and the PagerDuty incidents an alert action was passed on to.
 */
export interface SendReport {
  /** the bot's reason a command was not carried out */
  refused?: string | null;
  /** dedup keys of the incidents the action was queued for in PagerDuty */
  pagerDuty?: readonly string[];
  /** what the bot answered a room command at once ("escalating coss_102-32962 (…) in PagerDuty.") */
  said?: string;
}

/** Sends one entry to COSS; throws CossError. */
export type OutboxSender = (entry: OutboxEntry) => Promise<SendReport | void>;

export interface ActionOutboxOptions {
  dataDir: string;
  send: OutboxSender;
  now?: () => number;
  /** the number of waiting actions changed */
  onChange?: (pending: number) => void;
  /** COSS refused a replayed action for good */
  onFinalFailure?: (failure: OutboxFailure) => void;
  /** COSS accepted an action */
  onDone?: (entry: OutboxEntry) => void;
}

export type SubmitResult =
  { status: 'done'; entry: OutboxEntry; report: SendReport } | { status: 'queued'; entry: OutboxEntry };

const MAX_FAILED_KEPT = 50;

/** A new client idempotency key (UUID, within COSS's 8–128 `A-Za-z0-9._:-`). */
export function newIdempotencyKey(): string {
  return `coss-console:${randomUUID()}`;
}

export class ActionOutbox {
  private readonly file: DurableJsonFile;
  private entries: OutboxEntry[];
  private failed: OutboxFailure[];
  private draining: Promise<void> | undefined;
  /** the key of the entry being sent now: too late to cancel */
  private inFlight: string | null = null;
  /** keys of held entries whose window this process is timing: only `send` sends them */
  private readonly held = new Set<string>();
  /** entries submitted in this process, waiting to learn their fate */
  private readonly waiters = new Map<
    string,
    { resolve: (report: SendReport) => void; reject: (error: CossError) => void }
  >();

  constructor(private readonly options: ActionOutboxOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    // Same file and format as the conf store it replaces, so an outbox left by an older console still replays.
    this.file = new DurableJsonFile(join(options.dataDir, 'outbox.json'), () => ({
      version: 1,
      entries: this.entries,
      failed: this.failed,
    }));
    const parsed = OutboxFileSchema.safeParse(this.file.read());
    this.entries = parsed.success ? parsed.data.entries : [];
    this.failed = parsed.success ? (parsed.data.failed as OutboxFailure[]) : [];
  }

  /** Actions waiting for COSS, oldest first. */
  get pending(): readonly OutboxEntry[] {
    return this.entries;
  }

  /** Actions COSS refused for good (most recent last). */
  get failures(): readonly OutboxFailure[] {
    return this.failed;
  }

  /** Writes an action to disk; it will be sent by the next drain. */
  enqueue(customer: string, action: OutboxAction, label: string, key = newIdempotencyKey()): OutboxEntry {
    const entry = this.add(customer, action, label, key);
    this.persistNow();
    return entry;
  }

  private add(customer: string, action: OutboxAction, label: string, key: string): OutboxEntry {
    const entry: OutboxEntry = {
      key,
      customer,
      action,
      label,
      queuedAt: new Date((this.options.now ?? Date.now)()).toISOString(),
      attempts: 0,
      lastError: null,
    };
    this.entries.push(entry);
    return entry;
  }

  /**
   * Writes an action to disk that no drain sends before `until` (epoch ms): the operator's window to take it back
   * with `cancel`. `send` sends it when the window is over.
   */
  hold(customer: string, action: OutboxAction, label: string, until: number): OutboxEntry {
    const entry = this.add(customer, action, label, newIdempotencyKey());
    entry.sendAfter = new Date(until).toISOString();
    this.held.add(entry.key);
    this.persistNow();
    return entry;
  }

  /**
   * Takes a held action back before it is sent: true when it will never be sent, false when it is already on its
   * way to COSS or gone (sent, refused).
   */
  cancel(key: string): boolean {
    const index = this.entries.findIndex((entry) => entry.key === key);
    if (index < 0 || this.inFlight === key) return false;
    this.held.delete(key);
    this.entries.splice(index, 1);
    this.persistNow();
    return true;
  }

  /** Ends a held action's window and sends it now, answering as `submit` does. */
  async send(key: string): Promise<SubmitResult> {
    const entry = this.entries.find((candidate) => candidate.key === key);
    if (entry === undefined)
      throw new CossError('not_found', 'That action is no longer waiting to be sent.', null, false);
    this.held.delete(key);
    delete entry.sendAfter;
    return this.settle(entry, this.file.save());
  }

  /**
   * Enqueues and tries to send at once (after anything queued earlier). Resolves `done` when COSS accepted it,
   * `queued` when COSS could not be reached; rejects with the CossError when COSS refused it for good.
   */
  async submit(customer: string, action: OutboxAction, label: string): Promise<SubmitResult> {
    const entry = this.add(customer, action, label, newIdempotencyKey());
    // Started before the send and not awaited by it: the entry reaches the disk while the request is in flight.
    return this.settle(entry, this.file.save());
  }

  /** Drains and reports what became of `entry`; `onDisk` is its write, which "queued" must wait for. */
  private async settle(entry: OutboxEntry, onDisk: Promise<void>): Promise<SubmitResult> {
    onDisk.catch(() => undefined);
    this.options.onChange?.(this.entries.length);
    const fate = new Promise<SendReport>((resolve, reject) => this.waiters.set(entry.key, { resolve, reject }));
    // Observed below; this keeps a refusal during the drain from counting as unhandled meanwhile.
    fate.catch(() => undefined);
    await this.drain();
    // The drain either settled this entry or stopped on a transient error before reaching it.
    const settled = await Promise.race([fate, Promise.resolve(null)]);
    if (settled === null) {
      this.waiters.delete(entry.key);
      // "Queued" promises the action survives a restart: only say so once it is on disk.
      await onDisk;
      return { status: 'queued', entry };
    }
    return { status: 'done', entry, report: settled };
  }

  /** Resolves once every write asked for so far has reached the disk (or failed): before a clean exit. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Sends waiting actions in order until one fails transiently (COSS away) or none is left. */
  drain(): Promise<void> {
    this.draining ??= this.runDrain().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async runDrain(): Promise<void> {
    for (;;) {
      // Held actions wait out their window without holding up what was done after them. One held by this process
      // waits for `send`, whoever reports its fate; one left by an earlier run goes once its time has passed.
      const now = (this.options.now ?? Date.now)();
      const entry = this.entries.find(
        (candidate) =>
          !this.held.has(candidate.key) &&
          (candidate.sendAfter === undefined || Date.parse(candidate.sendAfter) <= now),
      );
      if (!entry) return;
      entry.attempts += 1;
      let report: SendReport;
      this.inFlight = entry.key;
      try {
        report = (await this.options.send(entry)) ?? {};
      } catch (error) {
        const failure =
          error instanceof CossError ? error : new CossError('internal', errorMessage(error), null, false);
        if (failure.transient) {
          this.inFlight = null;
          entry.lastError = failure.message;
          this.persistSoon();
          return;
        }
        this.remove(entry);
        this.failed = [
          ...this.failed,
          { entry, error: failure.toHostError(), at: new Date((this.options.now ?? Date.now)()).toISOString() },
        ].slice(-MAX_FAILED_KEPT);
        this.persistSoon();
        const waiter = this.waiters.get(entry.key);
        this.waiters.delete(entry.key);
        if (waiter) waiter.reject(failure);
        else this.options.onFinalFailure?.({ entry, error: failure.toHostError(), at: new Date().toISOString() });
        continue;
      }
      this.remove(entry);
      // Not awaited, and coalesced with the writes of other answers: losing it to a crash only means a replay
      // that COSS answers from the idempotency key.
      this.persistSoon();
      this.options.onDone?.(entry);
      const waiter = this.waiters.get(entry.key);
      this.waiters.delete(entry.key);
      waiter?.resolve(report);
    }
  }

  private remove(entry: OutboxEntry): void {
    this.inFlight = null;
    this.entries = this.entries.filter((candidate) => candidate !== entry);
  }

  /** Synchronous write: for entries that must be on disk when the call returns. */
  private persistNow(): void {
    this.file.saveSync();
    this.options.onChange?.(this.entries.length);
  }

  /** Background write; a failure is retried by the next write (every change asks for one). */
  private persistSoon(): void {
    this.file.save().catch(() => undefined);
    this.options.onChange?.(this.entries.length);
  }
}
