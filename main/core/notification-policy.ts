/**
 * Which events make a desktop notification, and with what sound. Pure: the policy, the event and the local time
 * come in, a decision goes out; the host shows it. Policy rules are per customer (or `*`) and minimum severity;
 * quiet hours silence everything but critical; an acknowledged alert that triggers again gets the alarm. An alert
 * under maintenance (a window, or Zenoss's Maintenance production state) raises nothing; when the maintenance ends
 * and the alert is still open, it notifies once, as Alertmanager does when a silence expires.
 */
import { severityRank, type Severity } from '../../shared/alert.ts';
import type { NotificationPolicy } from '../../shared/host/contract.ts';

export type Sound = 'none' | 'soft' | 'alarm';

/** What a notification about an alert says of it. */
interface AlertNotice {
  customer: string;
  customerName: string;
  number: number;
  severity: Severity;
  device: string;
  summary: string;
  /** true while a maintenance window (or Zenoss's Maintenance state) covers the alert */
  underMaintenance: boolean;
  /**
   * true while Zenoss reports the event Suppressed (its cause is known elsewhere), or a transform suppressed it
   * (`suppressedBy`): notifying nobody
   */
  suppressed: boolean;
}

export type NotifyEvent =
  | ({ kind: 'alert.created' } & AlertNotice)
  /** an acknowledged alert fired again (a repeat in COSS, or PagerDuty re-triggered its incident) */
  | ({ kind: 'alert.retriggered' } & AlertNotice)
  /** the maintenance that covered a still-open alert ended: the operator hears of it now, once */
  | ({ kind: 'alert.maintenanceEnded' } & AlertNotice & { reason: string })
  | {
      kind: 'page.sent';
      customer: string;
      customerName: string;
      number: number | null;
      targetName: string;
      direct: boolean;
    }
  /** PagerDuty's answer: someone acknowledged, resolved or was assigned */
  | {
      kind: 'page.answered';
      customer: string;
      customerName: string;
      number: number | null;
      targetName: string;
      status: string;
      by: string | null;
    };

export interface NotificationDecision {
  notify: boolean;
  title: string;
  body: string;
  sound: Sound;
  /** what a click shows */
  focus: { customer: string; number: number } | null;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  rules: [{ customer: '*', minSeverity: 'critical', sound: 'alarm' }],
  quietHours: { enabled: false, start: '22:00', end: '07:00' },
  pages: true,
  retriggerSound: true,
};

const SILENT: NotificationDecision = { notify: false, title: '', body: '', sound: 'none', focus: null };

function minutes(hhmm: string): number {
  const [hours, mins] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
}

/** True when `localMinutes` (since local midnight) falls in the window; windows may wrap midnight. */
export function inQuietHours(policy: NotificationPolicy, localMinutes: number): boolean {
  if (!policy.quietHours.enabled) return false;
  const start = minutes(policy.quietHours.start);
  const end = minutes(policy.quietHours.end);
  if (start === end) return false;
  return start < end ? localMinutes >= start && localMinutes < end : localMinutes >= start || localMinutes < end;
}

/** The rule for a customer: its own, else the `*` one. */
function ruleFor(policy: NotificationPolicy, customer: string) {
  return policy.rules.find((rule) => rule.customer === customer) ?? policy.rules.find((rule) => rule.customer === '*');
}

function label(severity: Severity): string {
  return severity.toUpperCase();
}

/** Decides whether and how to notify about `event` at `localMinutes` past local midnight. */
export function decideNotification(
  policy: NotificationPolicy,
  event: NotifyEvent,
  localMinutes: number,
): NotificationDecision {
  const quiet = inQuietHours(policy, localMinutes);
  switch (event.kind) {
    case 'alert.created':
    case 'alert.retriggered':
    case 'alert.maintenanceEnded': {
      // Planned work, or a symptom whose cause Zenoss knows: the alert is shown, marked, and says nothing.
      if (event.underMaintenance || event.suppressed) return SILENT;
      const rule = ruleFor(policy, event.customer);
      if (!rule || severityRank(event.severity) < severityRank(rule.minSeverity)) return SILENT;
      const retrigger = event.kind === 'alert.retriggered';
      let sound: Sound = retrigger && policy.retriggerSound ? 'alarm' : rule.sound;
      // Quiet hours keep the banner but hold the sound, except for critical: those still wake someone.
      if (quiet && event.severity !== 'critical') sound = 'none';
      const focus = { customer: event.customer, number: event.number };
      if (event.kind === 'alert.maintenanceEnded') {
        return {
          notify: true,
          title: `Maintenance over, still open · ${event.customerName} #${event.number}`,
          body: `${label(event.severity)} ${event.device}: ${event.summary} (was: ${event.reason})`,
          sound,
          focus,
        };
      }
      return {
        notify: true,
        title: `${retrigger ? 'Triggered again' : label(event.severity)} · ${event.customerName} #${event.number}`,
        body: `${retrigger ? `${label(event.severity)} ` : ''}${event.device}: ${event.summary}`,
        sound,
        focus,
      };
    }
    case 'page.sent':
    case 'page.answered': {
      if (!policy.pages) return SILENT;
      const focus = event.number === null ? null : { customer: event.customer, number: event.number };
      const about = event.number === null ? event.customerName : `${event.customerName} #${event.number}`;
      if (event.kind === 'page.sent') {
        return {
          notify: true,
          title: `Paged ${event.targetName}`,
          body: `${about}${event.direct ? ' — sent directly to PagerDuty (COSS unreachable)' : ''}`,
          sound: quiet ? 'none' : 'soft',
          focus,
        };
      }
      return {
        notify: true,
        title: `PagerDuty: ${event.status}${event.by ? ` by ${event.by}` : ''}`,
        body: `${about} (${event.targetName})`,
        sound: quiet ? 'none' : 'soft',
        focus,
      };
    }
  }
}
