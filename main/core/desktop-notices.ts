/**
 * Notifications: the policy decides; the host's notifier (Electron's) shows it, and the renderer hears of every
 * decision as the host event `notice`, so it plays the sound (both hosts alike) and, where the host showed nothing
 * (the web host), shows it through the browser. A click on either focuses the alert.
 */
import type { NotificationPolicy } from '../../shared/host/contract.ts';
import { decideNotification, type NotificationDecision, type NotifyEvent } from '../../shared/notification-policy.ts';
import { localMinutes, type Clock } from './clock.ts';
import type { HostEventBus } from './host-event-bus.ts';

/** Shows a desktop notification; `onClick` focuses the alert. Electron's Notification or a test recorder. */
export interface Notifier {
  show(notification: NotificationDecision, onClick: () => void): void;
}

export interface DesktopNoticesOptions {
  notifier?: Notifier | undefined;
  policy: () => NotificationPolicy;
  clock: Clock;
  /** the operator's time zone for quiet hours (default: the machine's) */
  timeZone?: string | undefined;
  bus: HostEventBus;
}

/** The alert a notice is about, when the renderer may repeat it: a new, re-triggered or no-longer-maintained one. */
function repeatable(event: NotifyEvent) {
  if (event.kind !== 'alert.created' && event.kind !== 'alert.retriggered' && event.kind !== 'alert.maintenanceEnded')
    return null;
  return { customer: event.customer, number: event.number, severity: event.severity };
}

/** Tells the operator of `event` when the policy says so: the host's notifier if any, the renderer always. */
export function desktopNotices(options: DesktopNoticesOptions): (event: NotifyEvent) => void {
  return (event) => {
    const decision = decideNotification(options.policy(), event, localMinutes(options.clock.now(), options.timeZone));
    if (!decision.notify) return;
    const focus = decision.focus;
    const notifier = options.notifier;
    notifier?.show(decision, () => {
      if (focus) options.bus.emit('alerts.focus', focus);
    });
    options.bus.emit('notice', {
      title: decision.title,
      body: decision.body,
      sound: decision.sound,
      tone: decision.tone,
      focus,
      shownByHost: notifier !== undefined,
      alert: repeatable(event),
    });
  };
}
