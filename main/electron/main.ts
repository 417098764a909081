/**
 * The Electron main process: lifecycle, the one window, security switches, and serving the console core over IPC.
 * Everything the console does lives in main/core (plain Node); this file only connects it to Electron.
 */
import { app, BrowserWindow, globalShortcut, Menu, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchHostRequest } from '../core/host-dispatch.ts';
import { runConsole, type RunningConsole } from '../core/run-console.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { APP_ORIGIN, serveHostOverIpc } from './ipc-host.ts';
import { electronNotifier } from './notifier.ts';
import { safeStorageSecretStore } from './safe-storage-secrets.ts';
import { guardPermissions, guardWebContents, openExternalSafely } from './window-guards.ts';
import { applicationMenu } from './menu.ts';
import { utilityProcessLauncher } from './embedded-coss-utility.ts';
import { secureWebPreferences } from './web-preferences.ts';
import { createWallboardWindow, wallboardRequested } from './wallboard-window.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Brings the console forward on the newest critical alert, from anywhere on the desktop. */
const FRONT_SHORTCUT = 'CommandOrControl+Shift+Space';

// Every renderer is sandboxed, whatever a BrowserWindow option says.
app.enableSandbox();
registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

let window: BrowserWindow | null = null;
/** The wallboard's kiosk window, when one is open (`--wallboard`, or Window → Open Wallboard). */
let wallboard: BrowserWindow | null = null;
let running: RunningConsole | null = null;
const PRELOAD = join(ROOT, 'dist/electron/preload.cjs');

function openWallboard(): void {
  if (wallboard !== null && !wallboard.isDestroyed()) return void wallboard.focus();
  const opened = createWallboardWindow(PRELOAD);
  opened.on('closed', () => {
    if (wallboard === opened) wallboard = null;
  });
  wallboard = opened;
}

function bringToFront(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function createWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0f1115',
    title: 'COSS Console',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  guardWebContents(created.webContents);
  void created.loadURL(`${APP_ORIGIN}/index.html`);
  return created;
}

app.on('second-instance', bringToFront);

void app.whenReady().then(async () => {
  guardPermissions(session.defaultSession);
  serveRenderer(join(ROOT, 'renderer/dist'));
  running = await runConsole({
    dataDir: app.getPath('userData'),
    secrets: safeStorageSecretStore(app.getPath('userData')),
    notifier: electronNotifier(bringToFront),
    openExternal: openExternalSafely,
    // The bundle, not the TypeScript source: a packaged app has neither tsx nor a Node binary to run it with.
    launchEmbedded: utilityProcessLauncher(join(ROOT, 'dist/electron/embedded-coss.mjs')),
  });
  const core = running.core;
  const host = serveHostOverIpc(
    {
      dispatch: (name, args) => dispatchHostRequest(core.handlers, name, args),
      subscribe: (listener) => core.on(listener),
    },
    () => window?.webContents ?? null,
    () => (wallboard !== null && !wallboard.isDestroyed() ? [wallboard.webContents] : []),
  );
  // `--wallboard`: a TV's machine runs the kiosk alone; otherwise the console, with the wallboard a menu item away.
  if (wallboardRequested(process.argv)) openWallboard();
  else window = createWindow();
  Menu.setApplicationMenu(applicationMenu((id) => host.send('menu.command', { id }), openWallboard));
  globalShortcut.register(FRONT_SHORTCUT, () => {
    bringToFront();
    const alert = core.newestCritical();
    if (alert) host.send('alerts.focus', alert);
  });
});

app.on('window-all-closed', () => app.quit());

app.on('will-quit', (event) => {
  globalShortcut.unregisterAll();
  if (running) {
    // Stop the core (and the embedded COSS) before exiting, so the local data directory is left consistent.
    event.preventDefault();
    const stopping = running;
    running = null;
    void stopping.stop().finally(() => app.exit(0));
  }
});
