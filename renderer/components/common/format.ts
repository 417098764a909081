/** Small text formats the queue and detail share. */

/** How long ago, compact: 45s, 12m, 3h05m, 2d4h. */
export function formatAge(iso: string, now: number): string {
  return compactSpan(now - Date.parse(iso));
}

/** A span of time as ages show it: 45s, 12m, 3h05m, 2d4h. */
function compactSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d${hours % 24}h`;
}

/** A timestamp in a time zone: 2012-11-04 06:01 PST style, so it reads the same as PagerDuty's lines. */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = timeFormatter(timeZone).formatToParts(date);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

/** `HH:MM` of a moment in a time zone (undefined: the operator's own). */
export function formatClock(iso: string, timeZone?: string): string {
  return formatTime(iso, timeZone).slice(11, 16);
}

/**
 * The same moment for the operator: their own clock, when it reads differently from the customer's, else null.
 * The room and the detail speak the customer's time; a NOC on another continent needs its own beside it.
 */
export function localClock(iso: string, customerTimeZone: string | undefined): string | null {
  const local = formatClock(iso);
  return local === formatClock(iso, customerTimeZone) ? null : local;
}

/** The zone's short name at a moment: PST, CET, UTC. */
export function zoneName(iso: string, timeZone?: string): string {
  return formatTime(iso, timeZone).slice(20);
}

/** A duration, compact as ages are: 45s, 6m12s, 3h05m, 2d4h. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return compactSpan(ms);
}

// Creating an Intl.DateTimeFormat costs about a millisecond; a room of 200 lines would pay it 200 times.
const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function timeFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = timeFormatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
      timeZoneName: 'short',
    });
    timeFormatters.set(key, formatter);
  }
  return formatter;
}

/** The first meaningful line of markdown notes, without heading or list markers: the row's notes column. */
export function firstLine(markdown: string): string {
  for (const raw of markdown.split('\n')) {
    const line = raw
      .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s*)/, '')
      .replace(/[*_`]/g, '')
      .trim();
    if (line !== '') return line;
  }
  return '';
}
