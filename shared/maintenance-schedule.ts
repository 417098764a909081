/**
 * When a maintenance window is in force: a one-off window from its start to its end, a weekly one at its local hours
 * in its time zone on its days, between its start and end. Local hours are kept across a daylight-saving change
 * ("Sun 02:00–04:00" is 02:00 local in winter and in summer), worked out with Intl so any IANA zone works. A local
 * time that a spring-forward skips is read as the clock would show it an hour later and one that a fall-back repeats
 * as its first occurrence, as Temporal's "compatible" disambiguation does. Pure TypeScript.
 */
import { WEEKDAYS, type MaintenanceState, type WeeklyRecurrence, type Weekday } from './maintenance.ts';

/** What the schedule needs of a window. */
export interface ScheduledWindow {
  startsAt: Date;
  endsAt: Date | null;
  recurrence: WeeklyRecurrence | null;
  endedAt: Date | null;
  /** The zone for a recurrence that names none: the customer's. */
  timeZone: string;
}

/** One stretch of time a window is in force. */
export interface Occurrence {
  start: Date;
  end: Date;
}

export interface WindowStatus {
  state: MaintenanceState;
  /** The occurrence in force at the time asked, when active. */
  current: Occurrence | null;
  /** The next occurrence to start after the time asked, when there is one. */
  next: Occurrence | null;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall-clock time in `timeZone` at `instant` (ms). */
function localTime(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const local = localTime(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant when the clock in `timeZone` shows the given local date and time (see the file's comment for gaps). */
export function zonedInstant(
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const shows = (instant: number): boolean => {
    const local = localTime(instant, timeZone);
    return (
      local.year === date.year &&
      local.month === date.month &&
      local.day === date.day &&
      local.hour === hour &&
      local.minute === minute
    );
  };
  const candidates = [wall - before, wall - after].filter(shows).sort((a, b) => a - b);
  // A skipped time: the offset before the change carries it past the gap, as the clock would read it.
  return new Date(candidates[0] ?? wall - before);
}

function parseClock(clock: string): [number, number] {
  const [hour, minute] = clock.split(':').map(Number);
  return [hour ?? 0, minute ?? 0];
}

/** Weekday of a calendar date (any zone: a date's weekday does not depend on one). */
function weekdayOf(date: { year: number; month: number; day: number }): Weekday {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] ?? 'Mon';
}

function addDays(date: { year: number; month: number; day: number }, days: number) {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/**
 * The weekly occurrences that overlap [from, to], in order: each one starts on a local date whose weekday is one of
 * the recurrence's days. `to - from` should be a few weeks at most (the caller asks around one moment).
 */
export function weeklyOccurrences(recurrence: WeeklyRecurrence, timeZone: string, from: Date, to: Date): Occurrence[] {
  const zone = recurrence.timeZone ?? timeZone;
  const [startHour, startMinute] = parseClock(recurrence.start);
  const [endHour, endMinute] = parseClock(recurrence.end);
  const overnight = endHour * 60 + endMinute <= startHour * 60 + startMinute;
  const days = new Set(recurrence.days);
  const occurrences: Occurrence[] = [];
  // From two days before `from` (an occurrence that began then may still run) to a day after `to`.
  const first = localTime(from.getTime() - 2 * 86_400_000, zone);
  const span = Math.ceil((to.getTime() - from.getTime()) / 86_400_000) + 4;
  for (let offset = 0; offset <= span; offset += 1) {
    const date = addDays(first, offset);
    if (!days.has(weekdayOf(date))) continue;
    const start = zonedInstant(date, startHour, startMinute, zone);
    const end = zonedInstant(overnight ? addDays(date, 1) : date, endHour, endMinute, zone);
    if (end > start && end > from && start <= to) occurrences.push({ start, end });
  }
  return occurrences;
}

const LOOK_AHEAD_MS = 15 * 86_400_000;

/** Where a window stands at `now`: its state, the occurrence in force, and the next one. */
export function windowStatus(window: ScheduledWindow, now: Date): WindowStatus {
  const stop = earliest(window.endsAt, window.endedAt);
  if (stop !== null && stop <= now) return { state: 'ended', current: null, next: null };
  const clip = (occurrence: Occurrence): Occurrence | null => {
    const start = occurrence.start < window.startsAt ? window.startsAt : occurrence.start;
    const end = stop !== null && occurrence.end > stop ? stop : occurrence.end;
    return end > start ? { start, end } : null;
  };
  let occurrences: Occurrence[];
  if (window.recurrence === null) {
    occurrences = stop === null ? [] : [{ start: window.startsAt, end: stop }];
  } else {
    const from = now < window.startsAt ? window.startsAt : now;
    occurrences = weeklyOccurrences(
      window.recurrence,
      window.timeZone,
      from,
      new Date(from.getTime() + LOOK_AHEAD_MS),
    ).flatMap((occurrence) => clip(occurrence) ?? []);
  }
  const current = occurrences.find((occurrence) => occurrence.start <= now && now < occurrence.end) ?? null;
  const next = occurrences.find((occurrence) => occurrence.start > now) ?? null;
  if (current) return { state: 'active', current, next };
  if (next) return { state: 'scheduled', current: null, next };
  // A weekly window with no occurrence left before its end is over.
  return { state: window.recurrence !== null && stop !== null ? 'ended' : 'scheduled', current: null, next: null };
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
