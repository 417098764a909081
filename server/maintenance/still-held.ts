/**
 * When a window ends, which of the open alerts it covers are still held by something else (an overlapping window,
 * or Zenoss's Maintenance production state), so its end line does not promise that they all notify and page again.
 */
import type { Customer } from '../../shared/customer.ts';
import { compileScope } from '../../shared/maintenance-scope.ts';
import type { Sql } from '../db/database.ts';
import type { AlertRow } from '../alerts/row.ts';
import { markFor } from './marks.ts';
import { alertSubject } from './subject.ts';
import { activeWindows, openWindowRows, type WindowRow } from './window-rows.ts';

/** "2 still under window #7", "1 still in Zenoss production state Maintenance": the exceptions, most first. */
export async function stillHeld(tx: Sql, customer: Customer, ended: WindowRow, now: Date): Promise<string[]> {
  const scope = compileScope(ended.scope);
  if (!scope.ok) return [];
  const others = activeWindows(
    (await openWindowRows(tx, customer.id, now)).filter((row) => Number(row.id) !== Number(ended.id)),
    () => customer.timeZone,
    now,
  );
  const alerts = (
    await tx.query<AlertRow & { prod_state: number | null }>(
      `SELECT * FROM alerts WHERE customer_id = $1 AND status <> 'resolved'`,
      [customer.id],
    )
  ).rows;
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    const subject = alertSubject(alert);
    if (!scope.matches(subject)) continue;
    const mark = markFor(subject, alert.prod_state === null ? null : Number(alert.prod_state), others);
    if (mark === null) continue;
    const holder = mark.windowId === null ? 'in Zenoss production state Maintenance' : `under window #${mark.windowId}`;
    counts.set(holder, (counts.get(holder) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([holder, count]) => `${count} still ${holder}`);
}
