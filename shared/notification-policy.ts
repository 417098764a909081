/**
 * Which events make a desktop notification, and with what sound. Pure: the policy, the event and the local time
 * come in, a decision goes out; the host or the renderer shows it and the renderer plays it. One module for every
 * host: the core decides about stream events (Electron's notifications), the renderer about what only it schedules
 * (a critical's repeats and reminders) and shows the web host's notifications from the core's decisions.
 *
 * Policy rules are per customer (or `*`) and minimum severity; quiet hours hold every sound but a critical's — when
 * it is new and when a reminder says it is still unacknowledged — (unless `quietHours.criticalSound` is off), and
 * every repeat; an acknowledged alert that triggers again gets its own
 * sound. An alert under maintenance (a window, or Zenoss's Maintenance production state) raises nothing; when the
 * maintenance ends and the alert is still open, it notifies once, as Alertmanager does when a silence expires.
 */
import { severityRank, type Severity } from './alert.ts';
import type { NotificationPolicy } from './host/contract.ts';

/** A sound profile: how loud (Settings gives each a volume); `none` is silence. */
export type Sound = 'none' | 'soft' | 'alarm';

/** Which of the console's own synthesised sounds plays (renderer/sound/tones.ts). */
export type Tone = 'critical' | 'error' | 'retrigger' | 'pagerduty' | 'heartbeat';

/** What a notification about an alert says of it. */
export interface AlertNotice {
  customer: string;
  customerName: string;
  number: number;
  severity: Severity;
  device: string;
  summary: string;
  /** `heartbeat`: COSS raised it because a heartbeat went silent, which has its own sound */
  source?: string | undefined;
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
  /** a critical nobody has acknowledged yet sounds again (the renderer's scheduler, every `repeatCritical` seconds) */
  | ({ kind: 'alert.repeat' } & AlertNotice)
  /** a critical has stayed unacknowledged for the customer's reminder minutes */
  | ({ kind: 'alert.reminder' } & AlertNotice & { minutes: number })
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
  /** the profile, which sets the volume */
  sound: Sound;
  tone: Tone;
  /** what a click shows */
  focus: { customer: string; number: number } | null;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  rules: [{ customer: '*', minSeverity: 'critical', sound: 'alarm' }],
  quietHours: { enabled: false, start: '22:00', end: '07:00', criticalSound: true },
  pages: true,
  retriggerSound: true,
  volumes: { soft: 0.4, alarm: 1 },
  repeatCritical: { enabled: true, everySeconds: 60 },
  reminderMinutes: { '*': 10 },
};

const SILENT: NotificationDecision = {
  notify: false,
  title: '',
  body: '',
  sound: 'none',
  tone: 'critical',
  focus: null,
};

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

/** Whether and how often an unacknowledged critical sounds again (a policy saved before repeats had none: on). */
export function repeatOf(policy: NotificationPolicy): { enabled: boolean; everySeconds: number } {
  return policy.repeatCritical ?? { enabled: true, everySeconds: 60 };
}

/** Minutes a customer's critical may stay unacknowledged before the reminder; 0 is none. */
export function reminderMinutesFor(policy: NotificationPolicy, customer: string): number {
  const table = policy.reminderMinutes ?? { '*': 10 };
  return table[customer] ?? table['*'] ?? 0;
}

/** The volume (0–1) a profile plays at. */
export function volumeOf(policy: NotificationPolicy, sound: Sound): number {
  if (sound === 'none') return 0;
  const volumes = policy.volumes ?? { soft: 0.4, alarm: 1 };
  return volumes[sound];
}

function label(severity: Severity): string {
  return severity.toUpperCase();
}

function alertTone(event: AlertNotice, retrigger: boolean, retriggerSound: boolean): Tone {
  if (retrigger && retriggerSound) return 'retrigger';
  if (event.source === 'heartbeat') return 'heartbeat';
  return event.severity === 'critical' ? 'critical' : 'error';
}

function titleOf(event: Extract<NotifyEvent, AlertNotice>): string {
  const about = `${event.customerName} #${event.number}`;
  switch (event.kind) {
    case 'alert.maintenanceEnded':
      return `Maintenance over, still open · ${about}`;
    case 'alert.retriggered':
      return `Triggered again · ${about}`;
    case 'alert.repeat':
      return `Still unacknowledged · ${about}`;
    case 'alert.reminder':
      return `Unacknowledged for ${event.minutes} min · ${about}`;
    case 'alert.created':
      return `${label(event.severity)} · ${about}`;
  }
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
    case 'alert.maintenanceEnded':
    case 'alert.repeat':
    case 'alert.reminder': {
      // Planned work, or a symptom whose cause Zenoss knows: the alert is shown, marked, and says nothing.
      if (event.underMaintenance || event.suppressed) return SILENT;
      const again = event.kind === 'alert.repeat' || event.kind === 'alert.reminder';
      // Repeats and reminders are about criticals only, and a repeat is nothing but its sound.
      if (again && event.severity !== 'critical') return SILENT;
      if (event.kind === 'alert.repeat' && (quiet || !repeatOf(policy).enabled)) return SILENT;
      const rule = ruleFor(policy, event.customer);
      const ruled = rule !== undefined && severityRank(event.severity) >= severityRank(rule.minSeverity);
      // A reminder is shown even when no rule notifies the customer's criticals: nobody has the alert yet.
      if (!ruled && event.kind !== 'alert.reminder') return SILENT;
      const retrigger = event.kind === 'alert.retriggered';
      let sound: Sound = (retrigger && policy.retriggerSound) || !ruled ? 'alarm' : rule.sound;
      // Quiet hours keep the banner but hold the sound, except for critical: those still wake someone, once.
      if (quiet && (event.severity !== 'critical' || policy.quietHours.criticalSound === false)) sound = 'none';
      const focus = { customer: event.customer, number: event.number };
      const body =
        event.kind === 'alert.maintenanceEnded'
          ? `${label(event.severity)} ${event.device}: ${event.summary} (was: ${event.reason})`
          : `${retrigger || again ? `${label(event.severity)} ` : ''}${event.device}: ${event.summary}`;
      return {
        notify: true,
        title: titleOf(event),
        body,
        sound,
        tone: alertTone(event, retrigger, policy.retriggerSound),
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
          tone: 'pagerduty',
          focus,
        };
      }
      return {
        notify: true,
        title: `PagerDuty: ${event.status}${event.by ? ` by ${event.by}` : ''}`,
        body: `${about} (${event.targetName})`,
        sound: quiet ? 'none' : 'soft',
        tone: 'pagerduty',
        focus,
      };
    }
  }
}
