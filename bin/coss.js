#!/usr/bin/env node
// Entry point of the `coss` command: runs the TypeScript sources through tsx's loader (no build step).
import { register } from 'tsx/esm/api';

// Everything COSS writes (PGlite's files, the data directory lock) is for this user alone, as PostgreSQL does it.
process.umask(0o077);
register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
