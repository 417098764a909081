/** Desktop notifications for the core's decisions: a click brings the window forward on that alert. */
import { Notification } from 'electron';
import type { Notifier } from '../core/desktop-notices.ts';

/** A Notifier on Electron's Notification. Sound profiles map to the OS sound (alarm, soft) or silence. */
export function electronNotifier(bringToFront: () => void): Notifier {
  return {
    show(decision, onClick) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: decision.title,
        body: decision.body,
        silent: decision.sound === 'none',
        // Critical alerts must not fade out unseen on Linux and Windows.
        urgency: decision.sound === 'alarm' ? 'critical' : 'normal',
        timeoutType: decision.sound === 'alarm' ? 'never' : 'default',
      });
      notification.on('click', () => {
        bringToFront();
        onClick();
      });
      notification.show();
    },
  };
}
