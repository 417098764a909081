/**
 * The embedded COSS child: one process that owns the PGlite directory, sets up the sample data on first run, serves
 * COSS on a free localhost port and tells its parent where. It runs the server in-process (not `coss serve`), so it
 * needs neither tsx nor a Node binary of its own: bundled, it runs as an Electron utility process in a packaged app
 * whose runAsNode fuse is off. The parent talks to it only through `protocol.ts`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { createServer, type CossServer } from '../../../server/app.ts';
import { assertDataDirFree, lockDataDir } from '../../../server/cli/data-dir-lock.ts';
import type { Database } from '../../../server/db/database.ts';
import { openDatabase } from '../../../server/db/open.ts';
import { pagerDutyConfigFromEnv } from '../../../server/integrations/pagerduty/config.ts';
import {
  EMBEDDED_COSS_PROTOCOL,
  embeddedCossPaths,
  ParentMessageSchema,
  type ParentChannel,
  type ParentMessage,
} from './protocol.ts';
import { issueSessionToken, postSamples, setUpSampleDirectory } from './setup.ts';
import { errorMessage } from '../../../shared/error-message.ts';

type StartMessage = Extract<ParentMessage, { type: 'start' }>;

// What setup has done, and nothing secret (versions before 2026-11-26 also kept a token and a key here; parsing
// drops them, the file is rewritten at start and the token is revoked by the next issueSessionToken).
const SampleStateSchema = z.object({ seeded: z.boolean() });
type SampleState = z.infer<typeof SampleStateSchema>;

function readState(path: string): SampleState | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = SampleStateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function writeState(path: string, state: SampleState): void {
  writeFileSync(path, JSON.stringify(state), { mode: 0o600 });
}

interface RunningCoss {
  url: string;
  token: string;
  close(): Promise<void>;
}

async function startCoss(start: StartMessage): Promise<RunningCoss> {
  const { storeDir, statePath } = embeddedCossPaths(start.dataDir);
  mkdirSync(start.dataDir, { recursive: true });
  // Checked before anything is removed: a second console on the same data directory must not wipe the first's.
  const busy = assertDataDirFree(storeDir);
  if (busy) throw new Error(busy);
  let state = readState(statePath);
  // No record of a finished setup: whatever is in the directory is a broken first run of sample data.
  if (!state) rmSync(storeDir, { recursive: true, force: true });
  const release = lockDataDir(storeDir);
  let db: Database | null = null;
  let server: CossServer | null = null;
  try {
    db = await openDatabase({ databaseUrl: undefined, dataDir: storeDir });
    if (!state) {
      await setUpSampleDirectory(db);
      state = { seeded: false };
    }
    writeState(statePath, state);
    const token = await issueSessionToken(db);
    // PagerDuty from the start message only: the console's own environment must not leak into its demo backend.
    const pagerDuty = pagerDutyConfigFromEnv({
      PAGERDUTY_EVENTS_URL: start.pagerDuty.eventsUrl,
      PAGERDUTY_API_URL: start.pagerDuty.apiUrl,
      PAGERDUTY_API_TOKEN: start.pagerDuty.apiToken ?? '',
      PAGERDUTY_RECONCILE_INTERVAL_MS: '0',
    });
    server = await createServer({ port: 0, host: '127.0.0.1', dataDir: storeDir, logLevel: 'warn' }, db, pagerDuty);
    // Port 0: the OS picks a free port as it binds, so no other process can take it in between.
    const url = await server.listen();
    if (!state.seeded) {
      await postSamples(db, url, token);
      state = { ...state, seeded: true };
      writeState(statePath, state);
    }
    const opened = { db, server };
    return {
      url,
      token,
      async close() {
        try {
          await opened.server.close();
        } finally {
          await opened.db.close();
          release();
        }
      },
    };
  } catch (error) {
    await server?.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    release();
    throw error;
  }
}

export interface EmbeddedCossChild {
  /** resolves with the process exit code once COSS has stopped (or never started) */
  exited: Promise<number>;
  /** drains and stops COSS (SIGTERM, a `stop` message and a vanished parent all end here) */
  stop(): void;
}

/**
 * Speaks the protocol on `channel`: says hello, waits for `start`, answers `ready` or `failed`, and stops on `stop`,
 * on `stop()` or when the parent is gone. Never exits the process itself (the entry module does), so tests can run it.
 */
export function serveEmbeddedCoss(channel: ParentChannel): EmbeddedCossChild {
  let stopRequested = false;
  let wakeStop: () => void = () => undefined;
  const stopped = new Promise<null>((resolve) => {
    wakeStop = () => resolve(null);
  });
  const stop = () => {
    stopRequested = true;
    wakeStop();
  };
  let deliverStart: (message: StartMessage) => void = () => undefined;
  const started = new Promise<StartMessage>((resolve) => {
    deliverStart = resolve;
  });
  let startSeen = false;

  channel.onMessage((raw) => {
    const parsed = ParentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      channel.post({
        type: 'failed',
        message: `the embedded COSS ignored a message it does not understand: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
      return;
    }
    if (parsed.data.type === 'stop') return stop();
    if (startSeen) {
      channel.post({
        type: 'failed',
        message: 'the embedded COSS was asked to start twice; the second request was ignored',
      });
      return;
    }
    startSeen = true;
    deliverStart(parsed.data);
  });
  channel.onParentGone(stop);
  channel.post({ type: 'hello', protocol: EMBEDDED_COSS_PROTOCOL });

  const exited = (async () => {
    try {
      const start = await Promise.race([started, stopped]);
      if (!start) return 0;
      let running: RunningCoss;
      try {
        running = await startCoss(start);
      } catch (error) {
        channel.post({ type: 'failed', message: errorMessage(error) });
        return 1;
      }
      if (!stopRequested) channel.post({ type: 'ready', url: running.url, token: running.token });
      await stopped;
      try {
        await running.close();
        return 0;
      } catch (error) {
        // The parent may be gone by now; stderr is what it (or a terminal) still sees.
        process.stderr.write(`embedded COSS: shutdown failed: ${errorMessage(error)}\n`);
        return 1;
      }
    } finally {
      await channel.close();
    }
  })();
  return { exited, stop };
}
