/**
 * Event references: a plain alert number (`32962`) or the PagerDuty dedup key COSS sends (`coss_102-32962`).
 */
import { z } from 'zod';
import { dedupKeyFor } from '../dedup-key.ts';

/** Largest event or customer number we accept: beyond this a JS number stops being exact. */
export const MAX_EVENT_NUMBER = Number.MAX_SAFE_INTEGER;

export const EventRefSchema = z.strictObject({
  /** The alert number within its customer, e.g. 32962. */
  number: z.number().int().min(1).max(MAX_EVENT_NUMBER),
  /** The customer number from a dedup key (`coss_102-…` gives 102); null when only the number was typed. */
  customerNumber: z.number().int().min(1).max(MAX_EVENT_NUMBER).nullable(),
});
export type EventRef = z.infer<typeof EventRefSchema>;

/** The outcome of reading an event reference: the value, or a message and hint naming what was seen. */
export type EventRefResult = { ok: true; value: EventRef } | { ok: false; message: string; hint: string };

const FORMS_HINT = 'Use the event number like 32962, or the PagerDuty dedup key like coss_102-32962.';
const DIGITS = /^\d+$/;
const DEDUP_KEY = /^coss_(\d+)-(\d+)$/i;

/** Reads `32962`, `#32962` or `coss_102-32962` (the `#` is tolerated because people write "event #32962"). */
export function parseEventRef(text: string): EventRefResult {
  const body = text.startsWith('#') ? text.slice(1) : text;
  if (DIGITS.test(body)) {
    const number = toEventNumber(body);
    if (number === null) return outOfRange(text);
    return { ok: true, value: { number, customerNumber: null } };
  }
  const dedup = DEDUP_KEY.exec(body);
  if (dedup !== null) {
    const customerNumber = toEventNumber(dedup[1] ?? '');
    const number = toEventNumber(dedup[2] ?? '');
    if (customerNumber === null || number === null) return outOfRange(text);
    return { ok: true, value: { number, customerNumber } };
  }
  if (/^coss_/i.test(body)) {
    return {
      ok: false,
      message: `"${text}" is not a valid dedup key.`,
      hint: 'A dedup key is coss_<customer#>-<event#>, like coss_102-32962.',
    };
  }
  return { ok: false, message: `"${text}" is not an event number.`, hint: FORMS_HINT };
}

/** The canonical text of an event reference, which `parseEventRef` reads back to the same value. */
export function formatEventRef(ref: EventRef): string {
  return ref.customerNumber === null ? String(ref.number) : dedupKeyFor(ref.customerNumber, ref.number);
}

/** True when the text reads as an event reference; lets error hints tell "swapped arguments" from typos. */
export function looksLikeEventRef(text: string): boolean {
  return parseEventRef(text).ok;
}

/** Digits to a positive safe integer, or null when zero or too large to be exact. */
function toEventNumber(digits: string): number | null {
  // Over 16 digits cannot be safe; checking length first keeps Number() from rounding silently.
  if (digits.length > 16) return null;
  const value = Number(digits);
  return value >= 1 && value <= MAX_EVENT_NUMBER ? value : null;
}

function outOfRange(text: string): EventRefResult {
  return {
    ok: false,
    message: `"${text}" is out of range: event and customer numbers run from 1 to ${MAX_EVENT_NUMBER}.`,
    hint: FORMS_HINT,
  };
}
