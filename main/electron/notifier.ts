/** Desktop notifications for the core's decisions: a click brings the window forward on that alert. */
import { Notification } from 'electron';
import type { Notifier } from '../core/desktop-notices.ts';

/**
 * A Notifier on Electron's Notification. Always silent: the renderer plays the console's own sound for the same
 * decision (host event `notice`), at the profile's volume, as it does in the web host.
 */
export function electronNotifier(bringToFront: () => void): Notifier {
  return {
    show(decision, onClick) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: decision.title,
        body: decision.body,
        silent: true,
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
