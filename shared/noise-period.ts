/**
 * How far back the noise report and a triage session look, as people write it (`7d`, `36h`, `2w`): a duration of
 * shared/duration.ts, more than zero and at most 90 days (what alerts are kept for a report to be meaningful on).
 */
import { formatDuration, parseDuration } from './duration.ts';

/** The longest period a report covers. */
export const MAX_NOISE_PERIOD_MS = 90 * 86_400_000;
/** What a report covers when nobody says. */
export const DEFAULT_NOISE_PERIOD = '7d';

/** The period in milliseconds, or why the text is not one (the caller names the field). */
export function parseNoisePeriod(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const ms = parseDuration(text);
  if (ms === null) return { ok: false, error: `"${text}" is not a duration: write it like 7d, 36h or 2w` };
  if (ms <= 0) return { ok: false, error: 'must be more than 0' };
  if (ms > MAX_NOISE_PERIOD_MS) return { ok: false, error: `"${text}" is longer than the 90 days a report covers` };
  return { ok: true, ms };
}

/** A period in the words people use for reports: whole days as days (`7d`, `30d`), anything else as a duration. */
export function formatNoisePeriod(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : formatDuration(ms);
}
