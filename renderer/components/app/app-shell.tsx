/** The window: sidebar, queue (with the opened alert below it), the ops room, and what floats above. */
import { useEffect, useSyncExternalStore } from 'react';
import { installKeybindings } from '../../commands/keybindings.ts';
import { useConsoleStore } from '../../state/store.ts';
import { AlertDetail } from '../detail/alert-detail.tsx';
import { AlertQueue } from '../queue/alert-queue.tsx';
import { BulkActionBar } from '../queue/bulk-action-bar.tsx';
import { ConnectionBanner, ConnectionChip } from './connection-banner.tsx';
import { CustomerSidebar } from './customer-sidebar.tsx';
import { installLinkGuard } from '../common/open-external.ts';
import { OpsRoom } from '../room/ops-room.tsx';
import { Overlays } from './overlays.tsx';
import { QueueToolbar } from '../queue/queue-toolbar.tsx';
import { Toasts } from './toasts.tsx';
import { AlertReminders } from './alert-reminders.tsx';
import { NotificationPrompt } from './notification-prompt.tsx';
import { soundBlocked, subscribeSoundState } from '../../sound/sound-player.ts';

/** Said while the browser holds the sound back (no key pressed in this page yet): a critical would be silent. */
function SoundBlockedChip() {
  const blocked = useSyncExternalStore(subscribeSoundState, soundBlocked);
  if (!blocked) return null;
  return (
    <span className="sound-blocked" role="status">
      Sound off until you press a key here
    </span>
  );
}

function StatusBar() {
  return (
    <footer className="statusbar">
      <ConnectionChip />
      <SoundBlockedChip />
      <span className="statusbar-keys">
        <kbd>j</kbd>/<kbd>k</kbd> move <kbd>Enter</kbd> open <kbd>a</kbd> ack <kbd>x</kbd> mark <kbd>p</kbd> page{' '}
        <kbd>/</kbd> search <kbd>?</kbd> keys <kbd>Ctrl K</kbd> commands
      </span>
    </footer>
  );
}

export function AppShell() {
  const ready = useConsoleStore((state) => state.ready);
  const startError = useConsoleStore((state) => state.startError);
  const detailOpen = useConsoleStore((state) => state.detailOpen);

  useEffect(() => installKeybindings(), []);
  useEffect(() => installLinkGuard(), []);

  if (startError !== null) {
    return (
      <div className="fatal" role="alert">
        <h1>The console could not start</h1>
        <p>{startError}</p>
      </div>
    );
  }
  return (
    <div className="app" data-ready={ready}>
      {/*
        The banner and the notification prompt take the top row, in the flow: the prompt waits for a choice and
        must not cover the queue's columns meanwhile. First in the Tab order, so its buttons are a Tab or two away.
      */}
      <div className="app-top">
        <ConnectionBanner />
        <NotificationPrompt />
      </div>
      <div className="notice-stack">
        <AlertReminders />
      </div>
      <div className="workspace">
        <CustomerSidebar />
        <main className={detailOpen ? 'center has-detail' : 'center'}>
          <QueueToolbar />
          <AlertQueue />
          <BulkActionBar />
          {detailOpen && <AlertDetail />}
        </main>
        <OpsRoom />
      </div>
      <StatusBar />
      <Overlays />
      <Toasts />
    </div>
  );
}
