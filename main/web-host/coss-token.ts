/**
 * Where `npm run web` takes the COSS API token from. A token on the command line is visible to every local user
 * (`ps`, /proc/PID/cmdline), so a file (`--token-file`) or the environment (`COSS_TOKEN`) comes first; the flag still
 * works, with a warning.
 */
import { readFileSync, statSync } from 'node:fs';

/** The token env variable `npm run web` reads. */
export const COSS_TOKEN_ENV = 'COSS_TOKEN';

export interface TokenSources {
  /** `--token` */
  flag: string | undefined;
  /** `--token-file` */
  file: string | undefined;
  /** `COSS_TOKEN` from the environment */
  env: string | undefined;
}

export type TokenChoice = { ok: true; token: string | null; warnings: string[] } | { ok: false; error: string };

/** Picks the token: `--token-file`, else `--token` (with a warning), else `COSS_TOKEN`; null when none is given. */
export function chooseCossToken(sources: TokenSources): TokenChoice {
  if (sources.flag !== undefined && sources.file !== undefined)
    return { ok: false, error: '--token and --token-file: give one of them' };
  if (sources.file !== undefined) return tokenFromFile(sources.file);
  if (sources.flag !== undefined) {
    if (sources.flag.trim() === '') return { ok: false, error: '--token is empty' };
    return {
      ok: true,
      token: sources.flag.trim(),
      warnings: [
        `warning: a token given with --token is visible to every user of this machine (ps); put it in ${COSS_TOKEN_ENV} or a file read with --token-file instead`,
      ],
    };
  }
  const fromEnv = sources.env?.trim();
  return { ok: true, token: fromEnv ? fromEnv : null, warnings: [] };
}

function tokenFromFile(path: string): TokenChoice {
  let text: string;
  let mode: number;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode;
  } catch (error) {
    return {
      ok: false,
      error: `--token-file: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  const token = text.trim();
  if (token === '') return { ok: false, error: `--token-file: ${path} is empty` };
  const warnings =
    (mode & 0o077) === 0
      ? []
      : [
          `warning: ${path} can be read by other users of this machine (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); chmod 600 it`,
        ];
  return { ok: true, token, warnings };
}
