/**
 * The window evaluator: one node of a cluster at a time (the holder of a lease row, as the PagerDuty reconciler and
 * the heartbeat monitor do) follows every customer's windows. When a window starts, is extended or ends, it marks or
 * unmarks the customer's active alerts it covers, each with an `alert.updated` event so consoles update live (the
 * console re-notifies an open alert whose mark goes away), and says in the room when a window starts and ends.
 *
 * All its state is in the database (the marks on alerts, what the room was told), so a node may die at any moment:
 * the next holder recomputes every customer with a window or a marked alert on its first look, and says nothing twice.
 * Ingest marks new and updated alerts itself (server/ingest/pipeline.ts); an alert that ingest marked with a window
 * that ended while the request was in flight is caught here by its mark's `until` being past.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Customer } from '../../shared/customer.ts';
import type { MaintenanceMark } from '../../shared/maintenance.ts';
import { windowStatus } from '../../shared/maintenance-schedule.ts';
import { LeasedLoop } from '../cluster/leased-loop.ts';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents, type NewEvent } from '../events/log.ts';
import { toAlert, type AlertRow } from '../alerts/row.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { markFor, sameMark } from './marks.ts';
import {
  activeWindows,
  openWindowRows,
  scheduled,
  toWindow,
  type ActiveWindow,
  type WindowRow,
} from './window-rows.ts';
import { alertSubject } from './subject.ts';
import { stillHeld } from './still-held.ts';
import { windowEndedLine, windowStartedLine } from './window-lines.ts';

const LEASE_NAME = 'maintenance';
const FULL_SWEEP_MS = 60_000;

export interface WindowEvaluatorOptions {
  db: Database;
  log: FastifyBaseLogger;
  customers: { all(): Customer[]; reload(): Promise<void> };
  /** how often the lease holder looks; 0 turns the timer off (tests call evaluateOnce) */
  intervalMs: number;
  onCommitted: (seq: number) => void;
  now?: () => Date;
}

export interface EvaluationResult {
  /** false when another node holds the lease */
  ran: boolean;
  /** alerts whose mark changed */
  remarked: number;
  /** room lines said (window started, window ended) */
  announced: number;
}

export class WindowEvaluator {
  private readonly loop: LeasedLoop<EvaluationResult>;
  /** Per customer, the active windows (id and end) as last applied to its alerts. Empty after a start. */
  private readonly applied = new Map<number, string>();
  private lastSweep = 0;
  readonly now: () => Date;

  constructor(private readonly options: WindowEvaluatorOptions) {
    this.now = options.now ?? (() => new Date());
    this.loop = new LeasedLoop({
      db: options.db,
      table: 'leases',
      name: LEASE_NAME,
      intervalMs: options.intervalMs,
      run: () => this.evaluate(),
      onError: (error) => options.log.warn({ err: error }, 'maintenance window evaluation failed'),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One look at every window (also what tests call); concurrent calls on one node share it. */
  evaluateOnce(): Promise<EvaluationResult> {
    return this.loop.once();
  }

  private async takeLease(): Promise<boolean> {
    const held = await this.loop.takeLease();
    // Another node may have changed marks while this one did not hold the lease: start afresh when it comes back.
    if (!held) this.applied.clear();
    return held;
  }

  private async evaluate(): Promise<EvaluationResult> {
    const result: EvaluationResult = { ran: false, remarked: 0, announced: 0 };
    if (!(await this.takeLease())) return result;
    result.ran = true;
    const { db } = this.options;
    const now = this.now();
    // Now and then every customer afresh: an ingest that read the windows just before one was made may have
    // committed after the request that made it remarked the alerts.
    if (now.getTime() - this.lastSweep >= FULL_SWEEP_MS) {
      this.applied.clear();
      this.lastSweep = now.getTime();
    }
    await this.options.customers.reload();
    const customers = new Map(this.options.customers.all().map((customer) => [customer.id, customer]));
    const timeZoneOf = (id: number) => customers.get(id)?.timeZone ?? 'UTC';
    const rows = await openWindowRows(db, null, now);

    for (const row of rows) {
      const customer = customers.get(Number(row.customer_id));
      if (customer && (await this.announce(row, customer, now))) result.announced += 1;
    }

    const active = activeWindows(rows, timeZoneOf, now);
    const signatures = new Map<number, string>();
    for (const window of active) {
      const previous = signatures.get(window.customerId);
      const entry = `${window.id}@${window.until.toISOString()}`;
      signatures.set(window.customerId, previous === undefined ? entry : `${previous},${entry}`);
    }
    // Customers with marked alerts: a window that ended leaves them, and a stale mark (ingest raced an end) is past.
    const marked = (
      await db.query<{ customer_id: number; stale: boolean }>(
        `SELECT customer_id, bool_or((maintenance->>'until')::timestamptz <= $1::timestamptz) AS stale
         FROM alerts WHERE status <> 'resolved' AND maintenance->>'source' = 'window' GROUP BY customer_id`,
        [now.toISOString()],
      )
    ).rows;
    const due = new Set<number>();
    for (const [customerId, signature] of signatures) {
      if (this.applied.get(customerId) !== signature) due.add(customerId);
    }
    for (const row of marked) {
      const customerId = Number(row.customer_id);
      if (row.stale || this.applied.get(customerId) !== (signatures.get(customerId) ?? '')) due.add(customerId);
    }
    for (const customerId of due) {
      if (this.loop.stopped) break;
      const customer = customers.get(customerId);
      if (!customer) continue;
      const windows = active.filter((window) => window.customerId === customerId);
      result.remarked += await this.remark(customer, windows);
      this.applied.set(customerId, signatures.get(customerId) ?? '');
    }
    return result;
  }

  /** Brings every active alert of `customer` to the mark `windows` (and its Zenoss state) give it. */
  private async remark(customer: Customer, windows: readonly ActiveWindow[]): Promise<number> {
    const range = await this.options.db.transaction(async (tx) =>
      appendEvents(tx, await remarkAlerts(tx, customer, windows)),
    );
    if (range) this.options.onCommitted(range.last);
    return range === null ? 0 : range.last - range.first + 1;
  }

  /** Says in the room that a window's occurrence started or ended, once each. True when it said something. */
  private async announce(row: WindowRow, customer: Customer, now: Date): Promise<boolean> {
    const last = await announceOccurrence(this.options.db, row, customer, now);
    if (last !== null) this.options.onCommitted(last);
    return last !== null;
  }
}

/**
 * Says in the room that the occurrence of the window `row` (as read at `now`) started or ended, unless someone
 * changed what was announced or ended the window since; returns the last event's seq, or null when it said nothing.
 */
export async function announceOccurrence(
  db: Database,
  row: WindowRow,
  customer: Customer,
  now: Date,
): Promise<number | null> {
  const status = windowStatus(scheduled(row, customer.timeZone), now);
  const announcedStart = row.announced_start === null ? null : new Date(row.announced_start).getTime();
  const announcedEnd = row.announced_end === null ? null : new Date(row.announced_end).getTime();
  let body: string | null = null;
  let update: { start: Date | null; end: Date | null } | null = null;
  if (status.current !== null && announcedStart !== status.current.start.getTime()) {
    body = windowStartedLine(toWindow(row, customer, now), status.current.end, customer.timeZone);
    update = { start: status.current.start, end: row.announced_end === null ? null : new Date(row.announced_end) };
  } else if (status.current === null && announcedStart !== null && announcedEnd !== announcedStart) {
    body = windowEndedLine(toWindow(row, customer, now), null, await stillHeld(db, customer, row, now));
    update = { start: new Date(announcedStart), end: new Date(announcedStart) };
  }
  if (body === null || update === null) return null;
  const { start, end } = update;
  const range = await db.transaction(async (tx) => {
    // Only if nobody (another node, a user ending it) changed what was announced since it was read; ending a window
    // not yet announced leaves both NULL, so the end itself is checked too, and a change to its end or reason since
    // (the line would say the old ones) by its updated_at, to the millisecond the row was read with.
    const claimed = await tx.query(
      `UPDATE maintenance_windows SET announced_start = $2, announced_end = $3
       WHERE id = $1 AND ended_at IS NULL AND announced_start IS NOT DISTINCT FROM $4::timestamptz
         AND announced_end IS NOT DISTINCT FROM $5::timestamptz
         AND abs(extract(epoch FROM updated_at - $6::timestamptz)) < 0.001 RETURNING id`,
      [
        row.id,
        start?.toISOString() ?? null,
        end?.toISOString() ?? null,
        iso(row.announced_start),
        iso(row.announced_end),
        iso(row.updated_at),
      ],
    );
    if (claimed.rows.length === 0) return null;
    const line = await insertRoomMessage(tx, botLine(customer, body));
    const fresh = (await tx.query<WindowRow>('SELECT * FROM maintenance_windows WHERE id = $1', [row.id])).rows[0];
    const events: NewEvent[] = [line.event];
    if (fresh) events.push(windowEvent(fresh, customer, now, null));
    return appendEvents(tx, events);
  });
  return range === null ? null : range.last;
}

/**
 * Sets each active alert of `customer` to the mark `windows` give it, in the caller's transaction, and returns the
 * `alert.updated` events to append (the caller appends them last). Used by the evaluator and by the requests that
 * make, extend and end windows, so a console sees the change as soon as the request is answered.
 */
export async function remarkAlerts(tx: Sql, customer: Customer, windows: readonly ActiveWindow[]): Promise<NewEvent[]> {
  const alerts = (
    await tx.query<AlertRow & { maintenance: MaintenanceMark | null; prod_state: number | null }>(
      `SELECT * FROM alerts WHERE customer_id = $1 AND status <> 'resolved'`,
      [customer.id],
    )
  ).rows;
  const changes: Array<{ id: number; mark: MaintenanceMark | null; old: MaintenanceMark | null }> = [];
  for (const alert of alerts) {
    const mark = markFor(alertSubject(alert), alert.prod_state, windows);
    if (!sameMark(mark, alert.maintenance)) changes.push({ id: Number(alert.id), mark, old: alert.maintenance });
  }
  if (changes.length === 0) return [];
  const rows = await applyMarks(tx, changes);
  return rows.map((row) => ({
    customerId: customer.id,
    type: 'alert.updated',
    alertId: Number(row.id),
    actor: null,
    payload: toAlert(row, customer.slug),
  }));
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Sets marks where the alert still has the mark it was read with; returns the rows changed. */
async function applyMarks(
  tx: Sql,
  changes: ReadonlyArray<{ id: number; mark: MaintenanceMark | null; old: MaintenanceMark | null }>,
): Promise<AlertRow[]> {
  return (
    await tx.query<AlertRow>(
      `UPDATE alerts AS a SET maintenance = x.mark, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, mark jsonb, old jsonb)
       WHERE a.id = x.id AND a.status <> 'resolved' AND a.maintenance IS NOT DISTINCT FROM x.old
       RETURNING a.*`,
      [JSON.stringify(changes)],
    )
  ).rows;
}

/** The stream event that tells consoles a window changed (made, extended, started, ended). */
export function windowEvent(row: WindowRow, customer: Customer, now: Date, actor: string | null): NewEvent {
  return {
    customerId: customer.id,
    type: 'maintenance.updated',
    alertId: null,
    actor,
    payload: toWindow(row, customer, now),
  };
}
