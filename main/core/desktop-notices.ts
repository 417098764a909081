/** Desktop notifications: the policy decides, the host's notifier shows, a click focuses the alert. */
import type { NotificationPolicy } from '../../shared/host/contract.ts';
import { localMinutes, type Clock } from './clock.ts';
import type { HostEventBus } from './host-event-bus.ts';
import { decideNotification, type NotificationDecision, type NotifyEvent } from './notification-policy.ts';

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

/** Notifies the operator of `event` when the policy says so; nothing without a notifier. */
export function desktopNotices(options: DesktopNoticesOptions): (event: NotifyEvent) => void {
  return (event) => {
    const notifier = options.notifier;
    if (!notifier) return;
    const decision = decideNotification(options.policy(), event, localMinutes(options.clock.now(), options.timeZone));
    if (!decision.notify) return;
    const focus = decision.focus;
    notifier.show(decision, () => {
      if (focus) options.bus.emit('alerts.focus', focus);
    });
  };
}
