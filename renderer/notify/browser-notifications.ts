/**
 * The browser's Notification API, for hosts that show no notifications themselves (the web host). Nothing asks for
 * permission on load: the prompt (components/app/notification-prompt.tsx) explains why and asks when the operator
 * chooses. A click brings the tab forward and focuses the alert.
 */

type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

const listeners = new Set<() => void>();
let dismissed = false;

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

/** What the browser allows now. */
export function notificationPermission(): Permission {
  return supported() ? Notification.permission : 'unsupported';
}

/**
 * Whether the prompt shows: in a browser tab (the web host; Electron's preload sets `window.cossHost` and its main
 * process shows the notifications), the browser has not been asked, and the operator has not put it off this session.
 */
export function promptWanted(): boolean {
  return window.cossHost === undefined && notificationPermission() === 'default' && !dismissed;
}

/** For useSyncExternalStore: called when the permission or the prompt's dismissal changes. */
export function subscribePermission(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

/** Asks the browser (only from the operator's own click or key). */
export async function askPermission(): Promise<void> {
  if (!supported()) return;
  await Notification.requestPermission();
  changed();
}

/** The operator said not now: the prompt goes until the next load. */
export function dismissPrompt(): void {
  dismissed = true;
  changed();
}

/** Shows a notification when allowed; a click calls `onClick` with the tab brought forward. */
export function showBrowserNotification(title: string, body: string, tag: string, onClick: (() => void) | null): void {
  if (notificationPermission() !== 'granted') return;
  // The sound is the console's own (sound-player.ts), so the browser's is off.
  const notification = new Notification(title, { body, tag, silent: true });
  notification.onclick = () => {
    window.focus();
    onClick?.();
    notification.close();
  };
}
