/**
 * Builds the renderer into renderer/dist. Relative `base` so the same files load from Electron's custom
 * protocol and from the web host. No React plugin: esbuild's automatic JSX runtime is all the app needs.
 */
import { defineConfig } from 'vite';

// The folder of this file, without node:url: renderer/ may not import Node built-ins (eslint.config.js),
// and this config sits beside the code it builds.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Source maps stay out of the shipped bundle; the CSP also forbids the eval-based ones.
    sourcemap: false,
    target: 'chrome120',
    // Loaded from disk or localhost, never over a slow network: one chunk for everything the first screen needs;
    // the markdown renderer is split off by its dynamic import (components/notes/markdown-notes.tsx) and loads when idle.
    chunkSizeWarningLimit: 1024,
  },
});
