/**
 * What the renderer does with the policy's decisions: plays the sound (the same in Electron and in the web host),
 * shows the browser's notification where the host showed none, and keeps one scheduler for the repeats and
 * reminders of open criticals. The policy is the one in shared/notification-policy.ts, read from the settings.
 */
import type { AlertView, Notice, NotificationPolicy } from '../../shared/host/contract.ts';
import { DEFAULT_NOTIFICATION_POLICY, volumeOf, type NotificationDecision } from '../../shared/notification-policy.ts';
import { focusAlert } from '../state/focus-alert.ts';
import { customerAlert } from '../state/queue-selectors.ts';
import { getState } from '../state/store.ts';
import { playTone } from '../sound/sound-player.ts';
import { AlarmScheduler, type WatchedAlert } from './alarm-scheduler.ts';
import { showBrowserNotification } from './browser-notifications.ts';
import { dropReminder, showReminder } from './reminders.ts';

let policy: NotificationPolicy = DEFAULT_NOTIFICATION_POLICY;

/** Minutes since local midnight in the browser's time zone (the operator's). */
function localMinutes(epochMs: number): number {
  const date = new Date(epochMs);
  return date.getHours() * 60 + date.getMinutes();
}

/** Planned work (a window, or Zenoss's Maintenance state) or a known cause (suppressed) covers it: it says nothing. */
function silenced(alert: AlertView): boolean {
  return (alert.maintenance ?? null) !== null || alert.suppressed === true || (alert.suppressedBy ?? null) !== null;
}

function lookup(customer: string, number: number): WatchedAlert | null {
  const state = getState();
  const alert = customerAlert(state, customer, number);
  if (alert === undefined) return null;
  return {
    customer,
    customerName: state.customers.find((known) => known.slug === customer)?.name ?? customer,
    number,
    severity: alert.severity,
    device: alert.device,
    summary: alert.summary,
    source: alert.source,
    firstSeen: Date.parse(alert.firstSeen),
    open: alert.status === 'open',
    // The scheduler needs the two apart only to say which; either one silences the alert.
    underMaintenance: (alert.maintenance ?? null) !== null,
    suppressed: alert.suppressed === true || (alert.suppressedBy ?? null) !== null,
  };
}

function focusOf(decision: { focus: NotificationDecision['focus'] }): (() => void) | null {
  const focus = decision.focus;
  return focus === null ? null : () => focusAlert(focus.customer, focus.number);
}

const scheduler = new AlarmScheduler({
  clock: {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const handle: unknown = setTimeout(callback, ms);
      // The store tests run this in Node, where a pending reminder must not keep the test process alive.
      (handle as { unref?: () => void }).unref?.();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as number),
    localMinutes,
  },
  policy: () => policy,
  lookup,
  announce(decision, kind, alert) {
    playTone(decision.tone, volumeOf(policy, decision.sound));
    if (kind === 'reminder') {
      showReminder({ customer: alert.customer, number: alert.number, text: `${decision.title}: ${decision.body}` });
      showBrowserNotification(
        decision.title,
        decision.body,
        `reminder-${alert.customer}-${alert.number}`,
        focusOf(decision),
      );
    }
  },
});

/** The policy changed (loaded at start-up, or saved in Settings). */
export function setNotificationPolicy(next: NotificationPolicy): void {
  policy = next;
  scheduler.reschedule();
}

/** The host's `notice`: sound it, show it if the host did not, and repeat a critical until someone has it. */
export function receiveNotice(notice: Notice): void {
  playTone(notice.tone, volumeOf(policy, notice.sound));
  if (!notice.shownByHost) {
    const tag = notice.focus ? `${notice.focus.customer}-${notice.focus.number}` : notice.title;
    showBrowserNotification(notice.title, notice.body, tag, focusOf(notice));
  }
  if (notice.alert?.severity === 'critical') scheduler.ring(notice.alert.customer, notice.alert.number);
}

/**
 * Alerts that arrived, changed or left the console: open criticals are watched for reminders; one that someone took,
 * that went below critical, that planned work or a known cause now covers, or that was resolved and removed loses
 * its reminder banner and its repeats at once (a banner left up would say "unacknowledged" about it).
 */
export function watchCriticals(customer: string, alerts: Iterable<AlertView>, removed: Iterable<number> = []): void {
  for (const alert of alerts) {
    const owner = alert.customer || customer;
    if (alert.status === 'open' && alert.severity === 'critical' && !silenced(alert))
      scheduler.watch(owner, alert.number, Date.parse(alert.firstSeen));
    else {
      dropReminder(alert.number);
      scheduler.forget(owner, alert.number);
    }
  }
  for (const number of removed) {
    dropReminder(number);
    scheduler.forget(customer, number);
  }
}
