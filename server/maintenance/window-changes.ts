/**
 * Making, extending and ending maintenance windows, for REST, the room and the CLI alike. Each change runs in the
 * caller's transaction and returns the events to append last: the window's `maintenance.updated`, the bot's line in
 * the customer's room, and an `alert.updated` for every active alert whose mark changed, so consoles see it at once.
 * Refusals are DomainErrors naming the field (`duration`, `scope.matchers`, `recurrence.timeZone`, …).
 */
import { isTimeZone, type Customer } from '../../shared/customer.ts';
import { parseDuration, formatDuration } from '../../shared/duration.ts';
import {
  MAX_WINDOW_MS,
  type MaintenanceInput,
  type MaintenancePatch,
  type MaintenanceWindow,
} from '../../shared/maintenance.ts';
import { validateScope } from '../../shared/maintenance-scope.ts';
import { windowStatus } from '../../shared/maintenance-schedule.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';
import { formatRoomTime } from '../rooms/bot-lines.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { remarkAlerts, windowEvent } from './window-evaluator.ts';
import { activeWindows, openWindowRows, toWindow, type WindowRow } from './window-rows.ts';
import { windowEndedLine, windowExtendedLine, windowMadeLine } from './window-lines.ts';
import { stillHeld } from './still-held.ts';

export interface WindowChange {
  window: MaintenanceWindow;
  events: NewEvent[];
}

const MAX_TEXT_DURATION = formatDuration(MAX_WINDOW_MS);

/** Milliseconds of a duration field, refused as 0, unreadable or over 30 days. */
function durationOf(text: string, field: string): number {
  const ms = parseDuration(text);
  if (ms === null) {
    throw new DomainError(
      'invalid',
      `${field}: "${text}" is not a duration; write it like 90m, 2h, 1d or 1h30m`,
      field,
    );
  }
  if (ms === 0)
    throw new DomainError('invalid', `${field}: a window of 0 covers nothing; give a length such as 2h`, field);
  if (ms > MAX_WINDOW_MS) {
    throw new DomainError(
      'invalid',
      `${field}: ${text} is over the longest window, ${MAX_TEXT_DURATION} (30 days); make a weekly window or a new one later`,
      field,
    );
  }
  return ms;
}

function checkScopeAndZone(input: Pick<MaintenanceInput, 'scope' | 'recurrence'>): void {
  const issue = validateScope(input.scope);
  if (issue) throw new DomainError('invalid', `${issue.field}: ${issue.message}`, issue.field);
  const zone = input.recurrence?.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) {
    throw new DomainError(
      'invalid',
      `recurrence.timeZone: "${zone}" is not a time zone; use an IANA name such as Europe/London`,
      'recurrence.timeZone',
    );
  }
}

/** The stored start and end of a new window, or the refusal naming the field (times in `timeZone`, the room's). */
export function windowTimes(
  input: MaintenanceInput,
  now: Date,
  timeZone: string,
): { startsAt: Date; endsAt: Date | null } {
  const startsAt = input.startsAt === undefined ? now : new Date(input.startsAt);
  if (input.duration !== undefined && input.endsAt !== undefined) {
    throw new DomainError('invalid', 'duration: give duration or endsAt, not both', 'duration');
  }
  if (input.recurrence) {
    if (input.duration !== undefined) {
      throw new DomainError(
        'invalid',
        'duration: a weekly window runs at its recurrence hours; give endsAt for when the recurrence stops, or nothing',
        'duration',
      );
    }
    const endsAt = input.endsAt === undefined ? null : new Date(input.endsAt);
    if (endsAt !== null && endsAt <= now)
      throw new DomainError('invalid', 'endsAt: the window would be over already', 'endsAt');
    if (endsAt !== null && endsAt <= startsAt)
      throw new DomainError('invalid', 'endsAt: must be after startsAt', 'endsAt');
    return { startsAt, endsAt };
  }
  if (input.duration === undefined && input.endsAt === undefined) {
    throw new DomainError('invalid', 'duration: how long? give duration (such as 2h) or endsAt', 'duration');
  }
  const field = input.duration === undefined ? 'endsAt' : 'duration';
  const endsAt =
    input.duration === undefined
      ? new Date(input.endsAt ?? '')
      : new Date(startsAt.getTime() + durationOf(input.duration, 'duration'));
  const length = endsAt.getTime() - startsAt.getTime();
  if (length <= 0) throw new DomainError('invalid', `${field}: the window must end after it starts`, field);
  if (length > MAX_WINDOW_MS) {
    throw new DomainError('invalid', `${field}: the window is longer than ${MAX_TEXT_DURATION} (30 days)`, field);
  }
  if (endsAt <= now) {
    throw new DomainError(
      'invalid',
      `${input.startsAt === undefined ? field : 'startsAt'}: the window would be over already (it ends ${formatRoomTime(endsAt, timeZone)})`,
      input.startsAt === undefined ? field : 'startsAt',
    );
  }
  return { startsAt, endsAt };
}

/** The alerts' marks after a change to `customer`'s windows, as events. */
async function remarkCustomer(tx: Sql, customer: Customer, now: Date): Promise<NewEvent[]> {
  const rows = await openWindowRows(tx, customer.id, now);
  return remarkAlerts(
    tx,
    customer,
    activeWindows(rows, () => customer.timeZone, now),
  );
}

async function roomLine(tx: Sql, customer: Customer, body: string): Promise<NewEvent> {
  return (await insertRoomMessage(tx, botLine(customer, body))).event;
}

/** Makes a window. `actor` is the person's display name. */
export async function createWindow(
  tx: Sql,
  customer: Customer,
  input: MaintenanceInput,
  actor: string,
  now: Date,
): Promise<WindowChange> {
  checkScopeAndZone(input);
  const { startsAt, endsAt } = windowTimes(input, now, customer.timeZone);
  const status = windowStatus(
    { startsAt, endsAt, recurrence: input.recurrence ?? null, endedAt: null, timeZone: customer.timeZone },
    now,
  );
  if (status.state === 'ended') {
    throw new DomainError('invalid', 'endsAt: no occurrence of this weekly window falls before its end', 'endsAt');
  }
  const row = (
    await tx.query<WindowRow>(
      `INSERT INTO maintenance_windows (customer_id, scope, starts_at, ends_at, recurrence, reason, ticket, created_by,
         created_at, updated_at, announced_start)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING *`,
      [
        customer.id,
        JSON.stringify(input.scope),
        startsAt.toISOString(),
        endsAt?.toISOString() ?? null,
        input.recurrence ? JSON.stringify(input.recurrence) : null,
        input.reason,
        input.ticket ?? null,
        actor,
        now.toISOString(),
        // A window in force as it is made: the "made" line says so, and the evaluator need not say it started.
        status.current?.start.toISOString() ?? null,
      ],
    )
  ).rows[0] as WindowRow;
  const window = toWindow(row, customer, now);
  const events = [
    ...(await remarkCustomer(tx, customer, now)),
    windowEvent(row, customer, now, actor),
    await roomLine(tx, customer, windowMadeLine(window, customer.timeZone)),
  ];
  return { window, events };
}

async function lockedWindow(tx: Sql, customer: Customer, id: number): Promise<WindowRow> {
  const row = (
    await tx.query<WindowRow>('SELECT * FROM maintenance_windows WHERE customer_id = $1 AND id = $2 FOR UPDATE', [
      customer.id,
      id,
    ])
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no maintenance window #${id} for ${customer.slug}`);
  return row;
}

/** Extends a window (a duration added to its end, or a new end) or changes its reason or ticket. */
export async function patchWindow(
  tx: Sql,
  customer: Customer,
  id: number,
  patch: MaintenancePatch,
  actor: string,
  now: Date,
): Promise<WindowChange> {
  const row = await lockedWindow(tx, customer, id);
  const before = toWindow(row, customer, now);
  if (before.state === 'ended')
    throw new DomainError('conflict', `maintenance window #${id} has ended; make a new one`);
  if (patch.extendBy !== undefined && patch.endsAt !== undefined) {
    throw new DomainError('invalid', 'extendBy: give extendBy or endsAt, not both', 'extendBy');
  }
  let endsAt = row.ends_at === null ? null : new Date(row.ends_at);
  if (patch.extendBy !== undefined) {
    const more = durationOf(patch.extendBy, 'extendBy');
    if (endsAt === null) {
      throw new DomainError(
        'invalid',
        'extendBy: this weekly window has no end to extend; set endsAt instead',
        'extendBy',
      );
    }
    endsAt = new Date(endsAt.getTime() + more);
  } else if (patch.endsAt !== undefined) {
    endsAt = new Date(patch.endsAt);
  }
  const field = patch.extendBy !== undefined ? 'extendBy' : 'endsAt';
  const startsAt = new Date(row.starts_at);
  if (endsAt !== null && (patch.extendBy !== undefined || patch.endsAt !== undefined)) {
    if (endsAt <= now)
      throw new DomainError('invalid', `${field}: that end is in the past; end the window instead`, field);
    // The table refuses an end at or before the start; say so here rather than fail the request.
    if (endsAt <= startsAt) {
      throw new DomainError(
        'invalid',
        `${field}: must be after the window's start (${formatRoomTime(startsAt, customer.timeZone)})`,
        field,
      );
    }
    if (row.recurrence === null && endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_MS) {
      throw new DomainError(
        'invalid',
        `${field}: the window would be longer than ${MAX_TEXT_DURATION} (30 days)`,
        field,
      );
    }
  }
  const updated = (
    await tx.query<WindowRow>(
      `UPDATE maintenance_windows SET ends_at = $2, reason = coalesce($3, reason),
         ticket = CASE WHEN $4::boolean THEN $5 ELSE ticket END, updated_at = $6
       WHERE id = $1 RETURNING *`,
      [
        row.id,
        endsAt?.toISOString() ?? null,
        patch.reason ?? null,
        patch.ticket !== undefined,
        patch.ticket ?? null,
        now.toISOString(),
      ],
    )
  ).rows[0] as WindowRow;
  const window = toWindow(updated, customer, now);
  const events = [...(await remarkCustomer(tx, customer, now)), windowEvent(updated, customer, now, actor)];
  if (endsAt?.getTime() !== (row.ends_at === null ? undefined : new Date(row.ends_at).getTime())) {
    events.push(await roomLine(tx, customer, windowExtendedLine(window, actor, customer.timeZone)));
  }
  return { window, events };
}

/** Ends a window now (a scheduled one is called off). Its alerts lose the mark in this transaction. */
export async function endWindow(
  tx: Sql,
  customer: Customer,
  id: number,
  actor: string,
  now: Date,
): Promise<WindowChange> {
  const row = await lockedWindow(tx, customer, id);
  if (toWindow(row, customer, now).state === 'ended') {
    throw new DomainError('conflict', `maintenance window #${id} has already ended`);
  }
  // The end is said here, so the evaluator must not say it again.
  const updated = (
    await tx.query<WindowRow>(
      `UPDATE maintenance_windows SET ended_at = $2, ended_by = $3, updated_at = $2, announced_end = announced_start
       WHERE id = $1 RETURNING *`,
      [row.id, now.toISOString(), actor],
    )
  ).rows[0] as WindowRow;
  const window = toWindow(updated, customer, now);
  const events = [
    ...(await remarkCustomer(tx, customer, now)),
    windowEvent(updated, customer, now, actor),
    await roomLine(tx, customer, windowEndedLine(window, actor, await stillHeld(tx, customer, updated, now))),
  ];
  return { window, events };
}
