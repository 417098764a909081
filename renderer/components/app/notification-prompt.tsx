/**
 * Asks for the browser's permission to show desktop notifications, but only when the operator chooses: a page that
 * asks on load gets a reflex "Block". Shown in the web host while the browser has not been asked (Electron, which
 * shows its own notifications, never shows it); both buttons are in the Tab order.
 */
import { useSyncExternalStore } from 'react';
import { keepButtonKeys } from './own-keys.ts';
import { askPermission, dismissPrompt, promptWanted, subscribePermission } from '../../notify/browser-notifications.ts';

export function NotificationPrompt() {
  const wanted = useSyncExternalStore(subscribePermission, promptWanted);
  if (!wanted) return null;
  return (
    <section className="notify-prompt" role="region" aria-labelledby="notify-prompt-title" onKeyDown={keepButtonKeys}>
      <h2 id="notify-prompt-title">Desktop notifications are off</h2>
      <p>
        Allow them so a new critical, a PagerDuty answer or a reminder reaches you while this tab is hidden. The browser
        asks you next; a click on a notification brings you to its alert.
      </p>
      <div className="notify-prompt-actions">
        <button type="button" className="btn btn-primary" onClick={() => void askPermission()}>
          Allow notifications
        </button>
        <button type="button" className="btn" onClick={dismissPrompt}>
          Not now
        </button>
      </div>
    </section>
  );
}
