/** `coss`: serve the backend, or administer customers, users, tokens and keys. */
import { runAdmin } from './admin.ts';
import { runServe } from './serve.ts';

const USAGE = `usage:
  coss serve [--port N] [--host H] [--data-dir DIR]      start COSS (DATABASE_URL selects PostgreSQL, else PGlite)
  coss admin <noun> <verb> [options] [--json]            manage the directory (coss admin help)
`;

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') return runServe(rest, env);
  if (command === 'admin') return runAdmin(rest, env);
  process.stdout.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}
