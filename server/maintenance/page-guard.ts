/**
 * Whether a page about an alert must be held back: a transform suppressed it, a maintenance window (or Zenoss's
 * Maintenance production state) covers it, or its device is in Zenoss's Test or Decommissioned state and the customer
 * does not page those.
 * The windows are read afresh, not taken from the alert's stored mark, so a window made a moment ago already holds.
 * The hold names every window that covers the alert, and how to page anyway; forcing is the caller's, and audited.
 */
import type { Customer } from '../../shared/customer.ts';
import { PROD_STATE_MAINTENANCE, UNPAGED_PROD_STATES, prodStateName } from '../../shared/prod-state.ts';
import type { Sql } from '../db/database.ts';
import type { AlertRow } from '../alerts/row.ts';
import { formatRoomTime } from '../rooms/bot-lines.ts';
import { coveringWindows } from './marks.ts';
import { alertSubject } from './subject.ts';
import { activeWindows, openWindowRows } from './window-rows.ts';

/** The stable error codes of a held page (REST answers them with 409). */
export type PageHoldCode = 'under_maintenance' | 'unpaged_prod_state' | 'suppressed_by_transform';

export interface PageHold {
  code: PageHoldCode;
  /** "event 32962 is under maintenance window #3 ("kernel patching", until …)": what holds it, in words */
  reason: string;
  /** the windows that cover the alert, longest first (none for Zenoss's states) */
  windows: Array<{ id: number; reason: string; until: string }>;
  prodState: number | null;
  /** `suppressed_by_transform`: the transform that suppressed the alert */
  transform?: { id: number; name: string };
}

/** Why a page about `alert` is held, or null when it may go. */
export async function pageHold(tx: Sql, customer: Customer, alert: AlertRow, now: Date): Promise<PageHold | null> {
  const suppressed = await suppressionHold(tx, alert);
  if (suppressed) return suppressed;
  const rows = await openWindowRows(tx, customer.id, now);
  const covering = coveringWindows(
    activeWindows(rows, () => customer.timeZone, now),
    alertSubject(alert),
  ).sort((a, b) => b.until.getTime() - a.until.getTime() || a.id - b.id);
  const prodState = alert.prod_state === null || alert.prod_state === undefined ? null : Number(alert.prod_state);
  const number = Number(alert.number);
  if (covering.length > 0) {
    const named = covering.map(
      (window) => `#${window.id} ("${window.reason}", until ${formatRoomTime(window.until, customer.timeZone)})`,
    );
    return {
      code: 'under_maintenance',
      reason: `event ${number} is under maintenance window${named.length > 1 ? 's' : ''} ${named.join(' and ')}`,
      windows: covering.map((window) => ({ id: window.id, reason: window.reason, until: window.until.toISOString() })),
      prodState,
    };
  }
  if (prodState === PROD_STATE_MAINTENANCE) {
    return {
      code: 'under_maintenance',
      reason: `event ${number} is on ${alert.device}, which Zenoss has in production state Maintenance`,
      windows: [],
      prodState,
    };
  }
  if (prodState !== null && UNPAGED_PROD_STATES.includes(prodState) && !(await pagesTestDevices(tx, customer.id))) {
    return {
      code: 'unpaged_prod_state',
      reason: `event ${number} is on ${alert.device}, which Zenoss has in production state ${prodStateName(prodState)}; ${customer.name} does not page those`,
      windows: [],
      prodState,
    };
  }
  return null;
}

/** A transform chose to keep the alert quiet: paging it would undo that decision unless someone forces it. */
async function suppressionHold(tx: Sql, alert: AlertRow): Promise<PageHold | null> {
  if (alert.suppressed_by === null || alert.suppressed_by === undefined) return null;
  const id = Number(alert.suppressed_by);
  const name =
    (await tx.query<{ name: string }>('SELECT name FROM transforms WHERE id = $1', [id])).rows[0]?.name ?? '';
  return {
    code: 'suppressed_by_transform',
    reason: `event ${Number(alert.number)} was suppressed by transform #${id} ("${name}")`,
    windows: [],
    prodState: alert.prod_state === null || alert.prod_state === undefined ? null : Number(alert.prod_state),
    transform: { id, name },
  };
}

async function pagesTestDevices(tx: Sql, customerId: number): Promise<boolean> {
  const row = (
    await tx.query<{ page_test_devices: boolean }>('SELECT page_test_devices FROM customers WHERE id = $1', [
      customerId,
    ])
  ).rows[0];
  return row?.page_test_devices === true;
}

/** The audit line of a page forced through a hold, said to whoever forced it (the reply names them first). */
export function forcedPageLine(hold: PageHold, target: string): string {
  return `you forced a page to ${target} although ${hold.reason}.`;
}
