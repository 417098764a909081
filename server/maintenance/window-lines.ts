/** What the bot says in a customer's room about its maintenance windows (kept in the audit export like any line). */
import type { MaintenanceScope, MaintenanceWindow } from '../../shared/maintenance.ts';
import { formatRoomTime } from '../rooms/bot-lines.ts';

/** A scope in words: "devices x7.acme.com; matchers {job="node"}", or "all of the customer's alerts". */
export function describeScope(scope: MaintenanceScope): string {
  const parts: string[] = [];
  if (scope.devices) parts.push(`devices ${scope.devices.join(', ')}`);
  if (scope.components) parts.push(`components ${scope.components.join(', ')}`);
  if (scope.eventClasses) parts.push(`event classes ${scope.eventClasses.join(', ')}`);
  if (scope.systems) parts.push(`Systems ${scope.systems.join(', ')}`);
  if (scope.deviceGroups) parts.push(`device groups ${scope.deviceGroups.join(', ')}`);
  if (scope.matchers) parts.push(`matchers ${scope.matchers}`);
  return parts.length === 0 ? "all of the customer's alerts" : parts.join('; ');
}

/** "Sun 02:00–04:00 (Europe/London)" for a weekly window, "" for a one-off. */
function recurrenceText(window: MaintenanceWindow, timeZone: string): string {
  const recurrence = window.recurrence;
  if (!recurrence) return '';
  return ` every ${recurrence.days.join(', ')} ${recurrence.start}–${recurrence.end} (${recurrence.timeZone ?? timeZone})`;
}

function ticketText(window: MaintenanceWindow): string {
  return window.ticket ? `, ticket ${window.ticket}` : '';
}

/** When a window is made. */
export function windowMadeLine(window: MaintenanceWindow, timeZone: string): string {
  const when =
    window.state === 'active' && window.activeUntil
      ? `in force now until ${formatRoomTime(new Date(window.activeUntil), timeZone)}`
      : window.nextStart
        ? `from ${formatRoomTime(new Date(window.nextStart), timeZone)}`
        : 'with no occurrence to come';
  const until =
    window.endsAt && window.recurrence ? `, until ${formatRoomTime(new Date(window.endsAt), timeZone)}` : '';
  return `${window.createdBy} made maintenance window #${window.id} for ${describeScope(window.scope)}${recurrenceText(window, timeZone)}: "${window.reason}"${ticketText(window)}; ${when}${until}. Alerts it covers are marked and not paged.`;
}

/** When an occurrence starts (the evaluator). */
export function windowStartedLine(window: MaintenanceWindow, until: Date, timeZone: string): string {
  return `Maintenance window #${window.id} ("${window.reason}") has started for ${describeScope(window.scope)}: alerts it covers are marked and not paged until ${formatRoomTime(until, timeZone)}.`;
}

/**
 * When someone moves a window's end. A weekly window's end is its last day, not the end of the occurrence in
 * force (which keeps its hours), so it is said as when the window stops recurring.
 */
export function windowExtendedLine(window: MaintenanceWindow, actor: string, timeZone: string): string {
  const what = `maintenance window #${window.id} ("${window.reason}")`;
  if (window.recurrence) {
    const last = window.endsAt
      ? `stops recurring after ${formatRoomTime(new Date(window.endsAt), timeZone)}`
      : 'recurs with no end';
    return `${actor} moved the end of ${what}: it ${last}.`;
  }
  const until = window.activeUntil ?? window.endsAt;
  return `${actor} moved the end of ${what} to ${until ? formatRoomTime(new Date(until), timeZone) : 'no end'}.`;
}

/**
 * When an occurrence ends by itself (`actor` null) or someone ends the window; `stillHeld` names the alerts it
 * covered that another window or Zenoss still holds ("2 still under window #7"), which do not notify or page yet.
 */
export function windowEndedLine(window: MaintenanceWindow, actor: string | null, stillHeld: readonly string[]): string {
  const how = actor === null ? 'has ended' : `was ended by ${actor}`;
  const except = stillHeld.length === 0 ? '' : `, except ${stillHeld.join(' and ')}`;
  const next = window.recurrence && window.state !== 'ended' ? ' It comes back at its next weekly time.' : '';
  return `Maintenance window #${window.id} ("${window.reason}") ${how}: alerts it covered notify and page again${except}.${next}`;
}
