/** Renderer entry: pick the host, start the store on it, render the shell. */
import './host/zod-jitless.ts'; // first: before any zod schema is built (CSP forbids eval)
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './components/app/app-shell.tsx';
import { preloadMarkdown } from './components/notes/markdown-notes.tsx';
import { pickHost } from './host/host.ts';
import { startConsole } from './state/start-console.ts';
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

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
// The markdown renderer is not needed for the first screen: fetched as soon as start-up is done.
void startConsole(pickHost()).finally(preloadMarkdown);
