/** Navigation and new-window guards, permission denial, and the openExternal allowlist. */
import { shell, type Session, type WebContents } from 'electron';
import { isAllowedExternalLink } from '../../shared/external-links.ts';
import { APP_ORIGIN } from './ipc-host.ts';

/** Opens an allowed URL in the system browser; returns whether it did. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalLink(url)) return false;
  await shell.openExternal(url);
  return true;
}

/** The window never navigates away from the app and never opens child windows; links go to the system browser. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) {
      event.preventDefault();
      void openExternalSafely(url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission request except desktop notifications (the console's own use). */
export function guardPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
}
