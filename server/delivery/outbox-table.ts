/**
 * Where one outbound system's deliveries are kept. The delivery outbox works on any table with these columns:
 * `id`, `status` ('pending', 'done', 'failed'), `attempts`, `next_attempt_at`, `last_error`, `created_at`,
 * `done_at`, plus the pacing-key and sequence columns named here; and a pacing table of `(key, next_allowed_at)`.
 * The names are the consumer's constants, never input, so they are written into the SQL as they are.
 */
export interface OutboxTable {
  /** the table of deliveries */
  rows: string;
  /** the pacing table: one row per key, the next moment a paced delivery may go to it (shared by every node) */
  pacing: string;
  /** the key deliveries are paced by: a column of `rows`, and the primary key of `pacing` */
  paceKey: string;
  /** deliveries sharing a non-null value in this column run one at a time, in id order */
  sequence: string;
  /** an SQL condition over the row alias `o`, true for the deliveries that are paced (the rest go when due) */
  paced: string;
}

/** A delivery claimed for this node: due, leased, and (when paced) holding the slot it is sent at. */
export interface ClaimedDelivery {
  id: number;
  paced: boolean;
  paceKey: string | null;
  /** attempts before this one */
  attempts: number;
  ageMs: number;
  /** local time (Date.now()) at which to send: the pacing slot */
  sendAt: number;
  /** the stored row, for the consumer to read its own columns from */
  columns: Record<string, unknown>;
}
