/**
 * The room's `.maint` command (docs/COMMANDS.md): make, list, extend and end maintenance windows. Parsed here, in
 * pure TypeScript, into what REST takes (MaintenanceInput, MaintenancePatch), so the room and REST refuse the same
 * things the same way; an error says what is wrong and shows a line that works.
 *
 *   .maint <scope> <duration> [at <time>] [ticket=<ref>] <reason>
 *   .maint <scope> every <days> <HH:MM>-<HH:MM> [until <date>] [ticket=<ref>] <reason>
 *   .maint list | .maint extend <id> <duration> | .maint end <id>
 *
 * A scope is `all`, a device glob, `{label selector}`, or `device=`, `component=`, `class=`, `system=`, `group=`
 * terms (comma lists), several of which narrow it together.
 */
import { parseDuration } from './duration.ts';
import { WEEKDAYS, type MaintenanceInput, type MaintenanceScope, type Weekday } from './maintenance.ts';
import { zonedInstant } from './maintenance-schedule.ts';

export type MaintCommand =
  | { kind: 'list' }
  | { kind: 'end'; id: number }
  | { kind: 'extend'; id: number; extendBy: string }
  | { kind: 'create'; input: MaintenanceInput };

export type MaintParse = { ok: true; command: MaintCommand } | { ok: false; error: string };

/** Whether a room line is a `.maint` command (the word alone, then a space or the end). */
export function isMaintLine(line: string): boolean {
  return /^\.maint(?:\s|$)/.test(line);
}

const EXAMPLE = '.maint x7.acme.com 2h kernel patching';
const SCOPE_KEYS: Readonly<Record<string, keyof Omit<MaintenanceScope, 'matchers'>>> = {
  device: 'devices',
  component: 'components',
  class: 'eventClasses',
  system: 'systems',
  group: 'deviceGroups',
};

class MaintError extends Error {}

const fail = (message: string): never => {
  throw new MaintError(message);
};

/** Splits on spaces, keeping a `{…}` selector (with its quoted values) as one word. */
function words(text: string): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < text.length) {
    while (/\s/.test(text[index] ?? '')) index += 1;
    if (index >= text.length) break;
    const start = index;
    if (text[index] === '{') {
      let quoted = false;
      for (; index < text.length; index += 1) {
        const char = text[index];
        if (char === '\\' && quoted) index += 1;
        else if (char === '"') quoted = !quoted;
        else if (char === '}' && !quoted) break;
      }
      if (index >= text.length)
        fail('the label selector has no closing "}": write it like {job="node", instance=~"db.*"}');
      index += 1;
    } else {
      while (index < text.length && !/\s/.test(text[index] ?? '')) index += 1;
    }
    out.push(text.slice(start, index));
  }
  return out;
}

function windowId(word: string | undefined, verb: string): number {
  const id = /^#?(\d{1,15})$/.exec(word ?? '')?.[1];
  if (id === undefined) {
    fail(
      word === undefined
        ? `.maint ${verb} needs a window id: write it like .maint ${verb} 12${verb === 'extend' ? ' 1h' : ''} (.maint list shows them)`
        : `"${word}" is not a window id: write it like .maint ${verb} 12 (.maint list shows them)`,
    );
  }
  return Number(id);
}

const DAY_BY_NAME = new Map(WEEKDAYS.map((day) => [day.toLowerCase(), day]));

/** `Sun`, `Sat,Sun`, `Mon-Fri`, `daily`. */
function parseDays(word: string): Weekday[] {
  if (word.toLowerCase() === 'daily') return [...WEEKDAYS];
  const days = new Set<Weekday>();
  for (const part of word.split(',')) {
    const [from, to] = part.split('-').map((name) => DAY_BY_NAME.get(name.slice(0, 3).toLowerCase()));
    if (from === undefined || (part.includes('-') && to === undefined)) {
      fail(
        `"${part}" is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun, a list (Sat,Sun), a range (Mon-Fri) or daily`,
      );
    }
    const first = WEEKDAYS.indexOf(from as Weekday);
    const last = to === undefined ? first : WEEKDAYS.indexOf(to);
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(WEEKDAYS[day] ?? 'Mon');
      if (day === last) break;
    }
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

/** `22:00` (the next such time in the zone), or `2026-12-08T22:00` / `2026-12-08 22:00` local. */
function parseStart(
  first: string,
  second: string | undefined,
  timeZone: string,
  now: Date,
): { at: Date; used: number } {
  const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/;
  const dateTime = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]?\d|2[0-3]):([0-5]\d))?$/.exec(first);
  if (dateTime) {
    const [, year, month, day] = dateTime.map(Number);
    let hour = dateTime[4];
    let minute = dateTime[5];
    let used = 1;
    if (hour === undefined) {
      const time = clock.exec(second ?? '');
      if (!time) return fail(`after "at ${first}" give a time such as 22:00`);
      [hour, minute] = [time[1], time[2]];
      used = 2;
    }
    const date = { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
    // Date.UTC rolls 30 February over to 2 March: refuse a day the month does not have rather than move it.
    const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
    if (check.getUTCMonth() !== date.month - 1 || check.getUTCDate() !== date.day) {
      return fail(
        `"${first.slice(0, 10)}" is not a date in the calendar: write it like 2026-12-08 22:00 (${timeZone})`,
      );
    }
    return { at: zonedInstant(date, Number(hour), Number(minute), timeZone), used };
  }
  const time = clock.exec(first);
  if (!time) return fail(`"at ${first}" is not a start time: write at 22:00 or at 2026-12-08 22:00 (${timeZone})`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  const date = { year: today[0] ?? 0, month: today[1] ?? 0, day: today[2] ?? 0 };
  let at = zonedInstant(date, Number(time[1]), Number(time[2]), timeZone);
  if (at <= now) {
    const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
    at = zonedInstant(
      { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
      Number(time[1]),
      Number(time[2]),
      timeZone,
    );
  }
  return { at, used: 1 };
}

function addScopeTerm(scope: MaintenanceScope, word: string): boolean {
  if (word === 'all') return true;
  if (word.startsWith('{')) {
    if (scope.matchers !== undefined) fail('give one label selector {…}: put every matcher in it');
    scope.matchers = word;
    return true;
  }
  const keyed = /^([a-z]+)=(.+)$/.exec(word);
  if (keyed) {
    const field = SCOPE_KEYS[keyed[1] ?? ''];
    if (field === undefined) {
      return fail(`"${keyed[1] ?? ''}=" is not a scope: use device=, component=, class=, system= or group=`);
    }
    scope[field] = [...(scope[field] ?? []), ...(keyed[2] ?? '').split(',').filter((part) => part !== '')];
    return true;
  }
  scope.devices = [...(scope.devices ?? []), word];
  return true;
}

/**
 * Parses a `.maint` line. `timeZone` is the customer's (for `at` times); `now` the time the line arrived.
 */
export function parseMaintCommand(line: string, timeZone: string, now: Date): MaintParse {
  try {
    return { ok: true, command: parse(line.replace(/^\.maint/, ''), timeZone, now) };
  } catch (error) {
    if (error instanceof MaintError) return { ok: false, error: error.message };
    throw error;
  }
}

function parse(text: string, timeZone: string, now: Date): MaintCommand {
  const all = words(text);
  const [verb, ...rest] = all;
  if (verb === undefined) fail(`.maint needs a scope, a duration and a reason: write it like ${EXAMPLE}`);
  if (verb === 'list') {
    if (rest.length > 0) fail('.maint list takes nothing after it');
    return { kind: 'list' };
  }
  if (verb === 'end') {
    const id = windowId(rest[0], 'end');
    if (rest.length > 1) fail(`.maint end takes only the window id: .maint end ${id}`);
    return { kind: 'end', id };
  }
  if (verb === 'extend') {
    const id = windowId(rest[0], 'extend');
    const by = rest[1];
    if (by === undefined || parseDuration(by) === null) {
      fail(`.maint extend needs how much longer after the id: .maint extend ${id} 1h`);
    }
    if (rest.length > 2) fail(`.maint extend takes the id and a duration only: .maint extend ${id} ${by ?? '1h'}`);
    return { kind: 'extend', id, extendBy: by ?? '' };
  }

  const scope: MaintenanceScope = {};
  let index = 0;
  for (; index < all.length; index += 1) {
    const word = all[index] ?? '';
    if (word === 'every' || parseDuration(word) !== null) break;
    addScopeTerm(scope, word);
  }
  if (index === 0)
    fail(`.maint needs a scope first (a device glob, all, {selector}, class=/Status/Ping, …): ${EXAMPLE}`);
  const input: Partial<MaintenanceInput> & { scope: MaintenanceScope } = { scope };
  const when = all[index];
  if (when === undefined) {
    fail(`.maint needs how long after the scope, such as 2h, or every Sun 02:00-04:00: ${EXAMPLE}`);
  } else if (when === 'every') {
    const days = all[index + 1];
    const hours = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(all[index + 2] ?? '');
    if (days === undefined || !hours) {
      fail('every needs days and hours: .maint db*.acme.com every Sun 02:00-04:00 weekly backups');
    }
    const pad = (clock: string) => clock.padStart(5, '0');
    input.recurrence = { days: parseDays(days ?? ''), start: pad(hours?.[1] ?? ''), end: pad(hours?.[2] ?? '') };
    index += 3;
  } else {
    input.duration = when;
    index += 1;
  }
  // Options, in any order, before the reason.
  for (;;) {
    const word = all[index];
    if (word === 'at' && input.duration !== undefined) {
      const start = parseStart(all[index + 1] ?? '', all[index + 2], timeZone, now);
      input.startsAt = start.at.toISOString();
      index += 1 + start.used;
    } else if (word === 'until' && input.recurrence !== undefined) {
      const end = parseStart(all[index + 1] ?? '', all[index + 2], timeZone, now);
      input.endsAt = end.at.toISOString();
      index += 1 + end.used;
    } else if (word?.startsWith('ticket=')) {
      input.ticket = word.slice('ticket='.length);
      index += 1;
    } else {
      break;
    }
  }
  const reason = all.slice(index).join(' ');
  if (reason === '') fail(`.maint needs a reason at the end, for the room and the audit: ${EXAMPLE}`);
  return { kind: 'create', input: { ...input, reason } };
}
