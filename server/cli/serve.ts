/** `coss serve`: one COSS node until SIGTERM or SIGINT, then a graceful drain. */
import { parseArgs } from 'node:util';
import { createServer, type CossServer } from '../app.ts';
import { configFromEnv, type ServerConfig } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { staffWithoutPagerDutyEmail } from '../admin/directory.ts';

/**
 * With a REST token, COSS acts on incidents as the operator (PagerDuty's `From` header): staff without a PagerDuty
 * email get their acknowledgements and notes refused by PagerDuty. Said at start, where an admin reads it.
 */
async function warnAboutStaffWithoutPagerDutyEmail(server: CossServer): Promise<void> {
  if (!server.context.pagerduty.apiToken) return;
  const missing = await staffWithoutPagerDutyEmail(server.context.db);
  if (missing.length === 0) return;
  const names = missing.map((user) => user.name);
  server.app.log.warn(
    { users: names },
    `staff without a PagerDuty email: PagerDuty will refuse their acknowledge, resolve, escalate, reassign and notes ` +
      `(COSS still records them). Set one with: coss admin user update --name ${names[0]} --pagerduty-email <email>`,
  );
}

/** Starts the server; resolves with the exit code after shutdown. */
export async function runServe(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  const config: Partial<ServerConfig> = { ...configFromEnv(env), dataDir: env.COSS_DATA_DIR ?? '.coss-data' };
  if (values.port !== undefined) config.port = Number(values.port);
  if (values.host !== undefined) config.host = values.host;
  if (values['data-dir'] !== undefined) config.dataDir = values['data-dir'];
  if (values['log-level'] !== undefined) config.logLevel = values['log-level'] as ServerConfig['logLevel'];

  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir ?? '.coss-data');
  const server = await createServer(config);
  const url = await server.listen();
  const store = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
  server.app.log.info({ url, store }, 'COSS is listening');
  await warnAboutStaffWithoutPagerDutyEmail(server);

  return new Promise((resolve) => {
    const stop = (signal: string) => {
      server.app.log.info({ signal }, 'shutting down: draining in-flight work');
      server.close().then(
        () => {
          release();
          resolve(0);
        },
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // An embedded COSS belongs to its console: when the console dies without stopping it (SIGKILL, a crash),
    // the orphan notices its parent is gone and drains itself instead of holding the data directory forever.
    if (env.COSS_EXIT_WITH_PARENT === '1') {
      const parent = process.ppid;
      const watch = setInterval(() => {
        if (process.ppid !== parent) {
          clearInterval(watch);
          stop('parent exited');
        }
      }, 1000);
      watch.unref();
    }
  });
}
