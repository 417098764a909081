/** Whichever overlay is open, if any. */
import { useConsoleStore } from '../../state/store.ts';
import { BulkDialog } from '../queue/bulk-dialog.tsx';
import { CheatSheet } from '../overlays/cheat-sheet.tsx';
import { CommandPalette } from '../overlays/command-palette.tsx';
import { NoteDialog } from '../detail/note-dialog.tsx';
import { NotesSearchPanel } from '../notes/notes-search-panel.tsx';
import { PageDialog } from '../detail/page-dialog.tsx';
import { ReassignDialog } from '../detail/reassign-dialog.tsx';
import { ReopenDialog } from '../detail/reopen-dialog.tsx';
import { TicketDialog } from '../detail/ticket-dialog.tsx';
import { SettingsDialog } from '../settings/settings-dialog.tsx';
import { MaintenanceDialog } from '../maintenance/maintenance-dialog.tsx';
import { MaintenanceList } from '../maintenance/maintenance-list.tsx';
import { HeartbeatList } from '../heartbeats/heartbeat-list.tsx';
import { NoiseView } from '../noise/noise-view.tsx';
import { TriageView } from '../triage/triage-view.tsx';
import { TransformEditor } from '../transforms/transform-editor.tsx';
import { TransformList } from '../transforms/transform-list.tsx';

export function Overlays() {
  const overlay = useConsoleStore((state) => state.overlay);
  if (overlay === null) return null;
  switch (overlay.kind) {
    case 'palette':
      return <CommandPalette />;
    case 'cheat-sheet':
      return <CheatSheet />;
    case 'page':
      return <PageDialog number={overlay.number} />;
    case 'note':
      return <NoteDialog number={overlay.number} />;
    case 'reassign':
      return <ReassignDialog number={overlay.number} />;
    case 'ticket':
      return <TicketDialog number={overlay.number} />;
    case 'reopen':
      return <ReopenDialog number={overlay.number} />;
    case 'bulk':
      return <BulkDialog action={overlay.action} numbers={overlay.numbers} />;
    case 'settings':
      return <SettingsDialog />;
    case 'notes-search':
      return <NotesSearchPanel />;
    case 'maintenance':
      return <MaintenanceDialog customer={overlay.customer} seed={overlay.seed} />;
    case 'maintenance-list':
      return <MaintenanceList customer={overlay.customer} />;
    case 'heartbeats':
      return <HeartbeatList customer={overlay.customer} />;
    case 'noise':
      return <NoiseView customer={overlay.customer} />;
    case 'triage':
      return <TriageView customer={overlay.customer} />;
    case 'transform-editor':
      return <TransformEditor customer={overlay.customer} number={overlay.number} />;
    case 'transforms':
      return <TransformList customer={overlay.customer} />;
  }
}
