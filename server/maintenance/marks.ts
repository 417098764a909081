/**
 * The maintenance mark an alert carries (shared/maintenance.ts MaintenanceMark): Zenoss's Maintenance production
 * state, or the active windows whose scope covers it. Decided in one place for ingest and the window evaluator, so
 * the two never disagree about an alert.
 */
import type { MaintenanceMark } from '../../shared/maintenance.ts';
import type { MaintenanceSubject } from '../../shared/maintenance-scope.ts';
import { PROD_STATE_MAINTENANCE } from '../../shared/prod-state.ts';
import type { ActiveWindow } from './window-rows.ts';

/** The mark Zenoss's Maintenance state gives: it lasts until Zenoss says otherwise. */
export const ZENOSS_MAINTENANCE_MARK: MaintenanceMark = {
  windowId: null,
  source: 'zenoss',
  reason: 'the device is in Zenoss production state Maintenance',
  until: null,
};

/** The windows of `windows` that cover `subject` (the caller passes its customer's). */
export function coveringWindows(windows: readonly ActiveWindow[], subject: MaintenanceSubject): ActiveWindow[] {
  return windows.filter((window) => window.matches(subject));
}

/**
 * The mark for an alert, or null. Of several, the one that lasts longest is named (Zenoss's has no end); ties go to
 * the older window, so the mark does not flip between equals.
 */
export function markFor(
  subject: MaintenanceSubject,
  prodState: number | null,
  windows: readonly ActiveWindow[],
): MaintenanceMark | null {
  if (prodState === PROD_STATE_MAINTENANCE) return ZENOSS_MAINTENANCE_MARK;
  let best: ActiveWindow | null = null;
  for (const window of coveringWindows(windows, subject)) {
    if (
      best === null ||
      window.until > best.until ||
      (window.until.getTime() === best.until.getTime() && window.id < best.id)
    )
      best = window;
  }
  return best === null
    ? null
    : { windowId: best.id, source: 'window', reason: best.reason, until: best.until.toISOString() };
}

/** Whether two marks say the same (stored JSON may order keys differently). */
export function sameMark(a: MaintenanceMark | null | undefined, b: MaintenanceMark | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.windowId === b.windowId && a.source === b.source && a.reason === b.reason && a.until === b.until;
}
