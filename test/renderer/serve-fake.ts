/**
 * Development server: builds the renderer and serves it with the fake host, so the UI can be worked on
 * without a core. `npm run dev:renderer` then open the printed address. Rebuild by restarting.
 */
import { buildRenderer, serveRenderer } from './renderer-harness.ts';

const port = Number(process.env.PORT ?? 5174);
const built = await buildRenderer();
const served = await serveRenderer(built, { injectFakeHost: true, port });
process.stdout.write(`COSS Console renderer with the fake host: ${served.url}\n`);
const stop = (): void => {
  void served.close().then(() => {
    built.remove();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
