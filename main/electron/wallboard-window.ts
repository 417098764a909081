/**
 * The wallboard in Electron: a kiosk window (full screen, no frame or menu bar) showing `?view=wallboard`, with the
 * console window's security switches and guards. It is read-only twice over: the renderer installs no keys in that
 * view, and ipc-host.ts answers this window (known by its contents, whatever its page's address) only the
 * wallboard's reads. It never navigates: the kiosk shows the wallboard and nothing else. Opened by `--wallboard` at start or
 * from the Window menu; a TV is left on it, so it is closed with the OS's own keys (Alt+F4), not ours.
 */
import { BrowserWindow } from 'electron';
import { WALLBOARD_QUERY } from '../../shared/host/wallboard.ts';
import { APP_ORIGIN } from './ipc-host.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { guardWebContents } from './window-guards.ts';

/** Whether the app was started as a wallboard (`coss-console --wallboard`). */
export function wallboardRequested(argv: readonly string[]): boolean {
  return argv.includes('--wallboard');
}

export function createWallboardWindow(preload: string): BrowserWindow {
  const created = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#0f1115',
    title: 'COSS Wallboard',
    webPreferences: secureWebPreferences(preload),
  });
  created.setMenuBarVisibility(false);
  guardWebContents(created.webContents);
  created.webContents.on('will-navigate', (event) => event.preventDefault());
  void created.loadURL(`${APP_ORIGIN}/index.html?${WALLBOARD_QUERY}`);
  return created;
}
