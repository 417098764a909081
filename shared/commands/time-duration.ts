/**
 * The duration `.time log` takes: shared/duration.ts's form (`45m`, `1h30m`), at least a minute (Harvest keeps
 * hours to two decimals, so less would log nothing) and at most a day (one entry is one day's time sheet line).
 */
import { parseDuration } from '../duration.ts';

const MIN_MS = 60_000;
const MAX_MS = 24 * 3_600_000;

/** Milliseconds, or why `text` is not a duration `.time log` takes. */
export function parseLoggedDuration(text: string): { ok: true; ms: number } | { ok: false; message: string } {
  const ms = parseDuration(text);
  if (ms === null) return { ok: false, message: `"${text}" is not a duration; write it like 45m or 1h30m.` };
  if (ms < MIN_MS) return { ok: false, message: `${text} is less than a minute; log at least 1m.` };
  if (ms > MAX_MS) return { ok: false, message: `${text} is more than a day; log at most 24h per entry.` };
  return { ok: true, ms };
}
