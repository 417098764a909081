/**
 * Zenoss's eventState, honoured on ingest. Zenoss's EventsRouter sends it by name ("Acknowledged"), other senders by
 * number (zep's EventStatus: New 0, Acknowledged 1, Suppressed 2, Closed 3, Cleared 4, Dropped 5, Aged 6).
 *
 * - New: an open alert.
 * - Acknowledged: arrives acknowledged, by the event's `ownerid` when Zenoss names one, else by "Zenoss"; an alert
 *   already open becomes acknowledged. An acknowledgement is never taken back by a later New (an operator may have
 *   acknowledged it in COSS).
 * - Suppressed: kept and shown, marked suppressed, notifying nobody; a later New lifts the mark.
 * - Closed, Cleared, Aged, Dropped: the event is no longer active in Zenoss. It resolves its own alert (the same
 *   fingerprint, not every alert of its clear key as a clear event does) and never opens one.
 */
import { z } from 'zod';

export const ZENOSS_EVENT_STATES = ['New', 'Acknowledged', 'Suppressed', 'Closed', 'Cleared', 'Dropped', 'Aged'];

/** A state by number 0–6 or by name (any case) → its number. */
export const zenossEventState = z.union([
  z.number().int().min(0).max(6),
  z
    .string()
    .trim()
    .max(32)
    .transform((text, context) => {
      const byNumber = /^[0-6]$/.test(text) ? Number(text) : -1;
      const byName = ZENOSS_EVENT_STATES.findIndex((name) => name.toLowerCase() === text.toLowerCase());
      const state = byNumber >= 0 ? byNumber : byName;
      if (state < 0) {
        context.addIssue({ code: 'custom', message: `expected 0-6 or ${ZENOSS_EVENT_STATES.join(', ')}` });
        return z.NEVER;
      }
      return state;
    }),
]);

/** What a state means for the alert: the arrival state, or that the event only resolves its own alert. */
export function eventStateEffect(
  state: number | null | undefined,
  ownerid: string | null | undefined,
): { acknowledgedBy: string | null; suppressed: boolean; resolvesItself: boolean } {
  const owner = ownerid?.trim() ? ownerid.trim() : null;
  return {
    acknowledgedBy: state === 1 ? (owner ?? 'Zenoss') : null,
    suppressed: state === 2,
    resolvesItself: state !== null && state !== undefined && state >= 3,
  };
}
