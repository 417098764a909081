/**
 * An alert's card in the room: the seed transcript's layout, the alert with the escalation notes it carries, so the
 * person reading the room has the runbook in front of them without opening the console. Plain text, because the
 * room is plain text (the audit export, any client); the console renders the line as a card with the alert's live
 * state from the line's `card` number instead.
 */
import type { Alert, Severity } from '../../shared/alert.ts';
import { formatRoomTime } from './bot-lines.ts';

/** Zenoss's names for its severities, as the NOC reads them in its console. */
const SEVERITY_NAMES: Readonly<Record<Severity, string>> = {
  clear: 'Clear',
  debug: 'Debug',
  info: 'Info',
  warning: 'Warning',
  error: 'Error',
  critical: 'Critical',
};

/** What an empty field or notes section shows: a blank after the colon reads as a formatting slip. */
const NONE = '(none)';

/** The card's text for `alert`, its time in the customer's zone. */
export function formatEventCard(alert: Alert, timeZone: string): string {
  return [
    `Event ${alert.number}`,
    `Device: ${alert.device}`,
    `IP Address: ${alert.ip ?? NONE}`,
    `Component: ${alert.component === '' ? NONE : alert.component}`,
    `Severity: ${SEVERITY_NAMES[alert.severity]}`,
    `Time: ${formatRoomTime(new Date(alert.firstSeen), timeZone)}`,
    // Zenoss's message is the full text and its summary the one-liner; Prometheus's description, or its summary.
    `Message: ${alert.message.trim() === '' ? alert.summary : alert.message}`,
    '== Escalation notes ==',
    '=== Tier notes ===',
    alert.notes.tier.trim() === '' ? NONE : alert.notes.tier,
    '=== Device notes ===',
    alert.notes.device.trim() === '' ? NONE : alert.notes.device,
  ].join('\n');
}

/** The line that stands for the cards a burst did not get (docs/ARCHITECTURE.md "Rooms and commands"). */
export function cardsSkippedLine(skipped: number, resumeAt: Date, timeZone: string): string {
  const alerts = skipped === 1 ? 'alert' : 'alerts';
  return `… and ${skipped} more ${alerts} not carded (see the queue); cards resume at ${formatRoomTime(resumeAt, timeZone)}.`;
}
