/**
 * Durations as operators type them, in the room, the CLI, REST and the console: `90s`, `15m`, `2h`, `1d`, `1w`, or
 * several units together as Prometheus writes them (`1h30m`). Pure TypeScript.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d{1,6}[smhdw])+$/;
const PART = /(\d{1,6})([smhdw])/g;

/** Milliseconds for a duration such as `2h` or `1h30m`; null when the text is not one (the caller names the field). */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  // Anchored, no nested quantifiers: linear in the text's length.
  if (!DURATION.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return total;
}

/** The shortest way to write `ms` in the units above (`2h`, `1h30m`, `45s`); `0s` for zero. */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1_000)) * 1_000;
  if (rest === 0) return '0s';
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = UNIT_MS[unit] ?? 1;
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return text;
}
