/**
 * Entry point of the embedded COSS child process: `child_process.fork` of this file (through tsx in development, or
 * of its bundle dist/electron/embedded-coss.mjs) or Electron's `utilityProcess.fork` of the bundle.
 */
import { serveEmbeddedCoss } from './child.ts';
import { detectParentChannel } from './protocol.ts';

// Everything the embedded COSS writes (PGlite's files, its lock and state) is for this user alone.
process.umask(0o077);
const channel = detectParentChannel();
if (!channel) {
  process.stderr.write(
    'embedded-coss: start me with child_process.fork or utilityProcess.fork; I take my orders from the parent\n',
  );
  process.exit(2);
}
const child = serveEmbeddedCoss(channel);
process.once('SIGTERM', () => child.stop());
process.once('SIGINT', () => child.stop());
// Exit explicitly: a pending timer or socket in a library must not keep an orphan alive.
process.exit(await child.exited);
