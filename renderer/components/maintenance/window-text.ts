/** Maintenance windows and marks in words, times in the customer's time zone (as the room speaks). */
import type { MaintenanceMark, MaintenanceScope, MaintenanceWindow } from '../../../shared/maintenance.ts';
import { formatTime } from '../common/format.ts';

/** When a window stops covering alerts, or starts: "until 2026-12-07 02:30:00 PST". */
export function windowWhen(window: MaintenanceWindow, timeZone: string | undefined): string {
  const end = window.activeUntil ?? window.endsAt;
  if (window.state === 'ended') {
    const ended = window.endedAt ?? window.endsAt;
    return ended !== null ? `ended ${formatTime(ended, timeZone)}` : 'ended';
  }
  if (window.state === 'scheduled' && window.nextStart !== null)
    return `starts ${formatTime(window.nextStart, timeZone)}${end !== null ? `, until ${formatTime(end, timeZone)}` : ''}`;
  return end !== null ? `until ${formatTime(end, timeZone)}` : 'until ended';
}

const SCOPE_PARTS: readonly [keyof MaintenanceScope, string][] = [
  ['devices', 'devices'],
  ['components', 'components'],
  ['eventClasses', 'event classes'],
  ['systems', 'Systems'],
  ['deviceGroups', 'device groups'],
];

/** "devices x7.acme.com, db*; components eth0" — or "the whole customer". */
export function scopeText(scope: MaintenanceScope): string {
  const parts: string[] = [];
  for (const [key, name] of SCOPE_PARTS) {
    const value = scope[key];
    if (Array.isArray(value)) parts.push(`${name} ${value.join(', ')}`);
  }
  if (scope.matchers !== undefined) parts.push(`labels ${scope.matchers}`);
  return parts.length === 0 ? 'the whole customer' : parts.join('; ');
}

/** What covers the alert: "window 12", or Zenoss's production state. */
export function markSource(mark: MaintenanceMark): string {
  return mark.source === 'zenoss' ? "Zenoss's Maintenance production state" : `window ${mark.windowId ?? '?'}`;
}
