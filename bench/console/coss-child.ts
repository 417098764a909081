/**
 * A seeded COSS node in its own process (its own event loop, as in production), for the console benchmark:
 * test/support/server.ts on PostgreSQL (a fresh database, dropped at exit) or PGlite. Prints one JSON line
 * `{"url", "nocToken", "acmeKey", "database"}` when it listens; SIGTERM closes it.
 *
 *   node --import tsx bench/console/coss-child.ts postgres|pglite
 */
import { startTestServer } from '../../test/support/server.ts';

const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const server = await startTestServer(kind, { logLevel: 'warn' });
process.stdout.write(
  `${JSON.stringify({ url: server.url, nocToken: server.tokens.noc, acmeKey: server.keys.acme, database: kind })}\n`,
);

let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void server.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
