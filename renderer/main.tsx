/** Renderer entry: pick the host, start the store on it, render the shell (or the wallboard, `?view=wallboard`). */
import './host/zod-jitless.ts'; // first: before any zod schema is built (CSP forbids eval)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './components/app/app-shell.tsx';
import { preloadMarkdown } from './components/notes/markdown-notes.tsx';
import { pickHost } from './host/host.ts';
import { startConsole } from './state/start-console.ts';
import { startWallboard } from './state/wallboard-start.ts';
import { Wallboard } from './components/wallboard/wallboard.tsx';
import { isWallboardAddress } from '../shared/host/wallboard.ts';
import './styles/theme.css';
import './styles/layout.css';
import './styles/queue.css';
import './styles/detail.css';
import './styles/room.css';
import './styles/overlays.css';
import './styles/settings.css';
import './styles/notes-search.css';
import './styles/maintenance.css';
import './styles/heartbeats.css';
import './styles/noise.css';
import './styles/tickets.css';
import './styles/wallboard.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
const wallboard = isWallboardAddress(location.search);
createRoot(root).render(<StrictMode>{wallboard ? <Wallboard /> : <AppShell />}</StrictMode>);
// The wallboard shows no notes; the console fetches the markdown renderer as soon as start-up is done.
if (wallboard) void startWallboard(pickHost());
else void startConsole(pickHost()).finally(preloadMarkdown);
