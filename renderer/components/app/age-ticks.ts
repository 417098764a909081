/**
 * When an age shown with `formatAge` next changes: it counts seconds for the first minute, then minutes, then (after
 * a day) hours. A display that wakes exactly then is never stale and never renders for nothing.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds from `now` until `formatAge(iso, now)` shows something else (at least 1 ms). */
export function msUntilAgeChanges(iso: string, now: number): number {
  const elapsed = now - Date.parse(iso);
  // Unparseable: nothing will change. A time ahead of the clock (skew) shows 0s until it passes: check every second.
  if (!Number.isFinite(elapsed)) return HOUR;
  if (elapsed < 0) return Math.min(SECOND, -elapsed + 1);
  const step = elapsed < MINUTE ? SECOND : elapsed < DAY ? MINUTE : HOUR;
  return step - (elapsed % step);
}
