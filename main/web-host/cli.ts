/**
 * `npm run web -- --port N [--coss URL] [--data-dir DIR] [--dev-origin URL] [--wallboard]`, the COSS token in COSS_TOKEN or a
 * `--token-file`: the console in a browser. Prints the address to open (with the per-run token in its hash) and
 * runs until Ctrl-C.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { COSS_TOKEN_ENV, chooseCossToken } from './coss-token.ts';
import { parseCossUrls } from '../core/endpoint-failover.ts';
import { runConsole } from '../core/run-console.ts';
import { startWebHost } from './server.ts';

const USAGE = `usage: COSS_TOKEN=coss_u_… npm run web -- [--port N] [--coss URL] [--data-dir DIR] [--renderer DIR] [--dev-origin URL] [--wallboard]
  --port        port on 127.0.0.1 (default 7410; 0 picks a free one)
  --coss        a real COSS; your API token (coss_u_…) comes from COSS_TOKEN or --token-file FILE (--token T works
                too, but every user of this machine can read it in ps). Without --coss, Settings' COSS or an
                embedded local COSS with sample data runs. Several endpoints of one deployment (regions on the
                same database): --coss URL1,URL2 or --coss URL1 --coss URL2, the first preferred, the next tried
                in order when the one in use stops answering
  --data-dir    where settings, cache and outbox live (default ~/.coss-console/web)
  --renderer    the built renderer (default renderer/dist)
  --dev-origin  also accept this page Origin on /host, e.g. the Vite dev server http://127.0.0.1:5173
  --wallboard   a read-only wallboard for a TV: large type, no input; the page may only read (every action refused)
`;

/** Runs the web host; resolves with an exit code once it has stopped. */
export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '7410' },
        coss: { type: 'string', multiple: true },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'data-dir': { type: 'string' },
        renderer: { type: 'string' },
        'dev-origin': { type: 'string', multiple: true },
        wallboard: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const endpoints = values.coss === undefined ? null : parseCossUrls(values.coss.join(','));
  if (endpoints !== null && ('error' in endpoints || endpoints.urls.length === 0)) {
    process.stderr.write(`--coss: ${'error' in endpoints ? endpoints.error : 'no URL given'}\n${USAGE}`);
    return 2;
  }
  const [preferred, ...alternates] = endpoints?.urls ?? [];
  if (values.coss === undefined && (values.token !== undefined || values['token-file'] !== undefined)) {
    process.stderr.write(`a token goes with --coss\n${USAGE}`);
    return 2;
  }
  const token = chooseCossToken({ flag: values.token, file: values['token-file'], env: process.env[COSS_TOKEN_ENV] });
  if (!token.ok) {
    process.stderr.write(`${token.error}\n${USAGE}`);
    return 2;
  }
  for (const warning of token.warnings) process.stderr.write(`${warning}\n`);
  if (values.coss !== undefined && token.token === null) {
    process.stderr.write(
      `--coss needs your API token: in ${COSS_TOKEN_ENV}, or a file given with --token-file\n${USAGE}`,
    );
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`--port must be a port number\n${USAGE}`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? join(homedir(), '.coss-console', 'web');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const running = await runConsole({
    dataDir,
    ...(preferred !== undefined && token.token ? { coss: { url: preferred, token: token.token, alternates } } : {}),
    log,
  });
  const host = await startWebHost({
    backend: running.core,
    port,
    staticDir: values.renderer ?? fileURLToPath(new URL('../../renderer/dist', import.meta.url)),
    extraOrigins: values['dev-origin'] ?? [],
    wallboard: values.wallboard,
  });
  log(`COSS Console web host: ${host.url}`);
  if (values.wallboard) log('Wallboard: read-only, every action is refused. Open the address full screen on the TV.');
  log(
    preferred !== undefined
      ? `Connected to COSS at ${[preferred, ...alternates].join(', then ')}.`
      : 'No --coss given: using Settings, else an embedded local COSS with sample data (starting in the background).',
  );

  return new Promise((resolve) => {
    const stop = () => {
      void (async () => {
        await host.close();
        await running.stop();
        resolve(0);
      })();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
