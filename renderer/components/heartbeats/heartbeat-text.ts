/** Heartbeats in words, as the `g h` view and the sidebar say them. */
import { formatDuration } from '../../../shared/duration.ts';
import type { Heartbeat } from '../../../shared/heartbeat.ts';

/** How long ago, as people say it: "45 s ago", "12 min ago", "3 h 5 min ago", "2 days ago". */
export function agoText(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h ago` : `${hours} h ${minutes % 60} min ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** "last ping 12 min ago", or for one made by staff and never pinged, "no ping yet (made 3 min ago)". */
export function lastPingText(heartbeat: Heartbeat, now: number): string {
  return heartbeat.lastPingAt !== null
    ? `last ping ${agoText(heartbeat.lastPingAt, now)}`
    : `no ping yet (made ${agoText(heartbeat.createdAt, now)})`;
}

/** "every 5m, grace 2m". */
export function scheduleText(heartbeat: Heartbeat): string {
  return `every ${formatDuration(heartbeat.intervalMs)}, grace ${formatDuration(heartbeat.graceMs)}`;
}

/** What feeds it: a monitor's pings, or Alertmanager's always-firing Watchdog alert. */
export function sourceText(heartbeat: Heartbeat): string {
  return heartbeat.source === 'watchdog' ? 'Alertmanager Watchdog' : 'pings';
}
