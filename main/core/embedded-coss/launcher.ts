/**
 * The embedded local COSS: with no backend configured, the console runs COSS in its own process on PGlite in the
 * app's data directory, on a free localhost port, with a sample customer and sample events, so a newcomer sees a
 * working console in seconds. Its PagerDuty URLs point at a closed local port unless configured, so a demo never
 * pages anyone.
 *
 * How the process is started is the launcher's business: plain Node (web host, tests) forks
 * `entry.ts` with `child_process`; the Electron glue passes a launcher that uses `utilityProcess`,
 * which works in packaged builds where the runAsNode fuse is off. Either way the conversation is the same
 * (`protocol.ts`).
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  ChildMessageSchema,
  EMBEDDED_COSS_PROTOCOL,
  embeddedCossPaths,
  type PagerDutyTarget,
  type ParentMessage,
} from './protocol.ts';

/** Nothing listens on the discard port: PagerDuty calls fail fast and stay on this machine. */
const CLOSED_PORT_URL = 'http://127.0.0.1:9';
const OUTPUT_TAIL_CHARS = 8000;

/** A started embedded-COSS process, whatever started it. */
export interface EmbeddedCossProcess {
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** called once, when the process has ended */
  onExit(listener: (code: number | null) => void): void;
  /** ends the process without waiting for a drain (used only when a `stop` went unanswered) */
  kill(): void;
  /** the last few thousand characters it wrote to stdout and stderr, for error messages */
  output(): string;
}

/** Starts an embedded-COSS process running `entry.ts` (or its bundle). */
export type EmbeddedCossLauncher = () => EmbeddedCossProcess;

export interface EmbeddedCossOptions {
  /** the app's data directory; COSS keeps its PGlite files in `<dataDir>/embedded-coss` */
  dataDir: string;
  /** PagerDuty for the embedded COSS; defaults to a closed local port */
  pagerDuty?: PagerDutyTarget;
  /** how to start the process; defaults to `childProcessLauncher()` */
  launch?: EmbeddedCossLauncher;
  readyTimeoutMs?: number;
  /** how long a stopping COSS may drain before it is ended hard (default 15 s) */
  stopGraceMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedCoss {
  url: string;
  token: string;
  local: true;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the caller retries if another process takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The child's environment: the console's, minus what would point the embedded COSS at another database or make a
 * child of the test runner report as a test.
 */
export function embeddedCossEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  delete env.DATABASE_URL;
  delete env.COSS_DATA_DIR;
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Keeps the tail of what a process writes, for the error message when it fails. */
export function outputTail(): { append: (chunk: Buffer | string) => void; text: () => string } {
  let text = '';
  return {
    append: (chunk) => {
      text = (text + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    },
    text: () => text,
  };
}

/**
 * Forks `entry` as a Node child with an IPC channel. The default entry is the TypeScript source (run through tsx,
 * as everything is in development); tests pass the bundle to prove it runs on plain Node.
 */
export function childProcessLauncher(entry?: string): EmbeddedCossLauncher {
  return () => {
    const path = entry ?? fileURLToPath(new URL('./entry.ts', import.meta.url));
    const child = fork(path, [], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      // Not the parent's flags (a test runner's, say): only what the entry needs to load.
      execArgv: path.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: embeddedCossEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const tail = outputTail();
    child.stdout?.on('data', tail.append);
    child.stderr?.on('data', tail.append);
    // A send racing the child's exit fails with EPIPE; the exit is reported on its own.
    child.on('error', () => undefined);
    return {
      send(message) {
        if (child.connected) child.send(message, (error) => void error);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
      output: tail.text,
    };
  };
}

/** Starts the embedded COSS (it sets itself up with sample data on first run) and resolves once it answers. */
export function startEmbeddedCoss(options: EmbeddedCossOptions): Promise<EmbeddedCoss> {
  const log = options.log ?? (() => undefined);
  if (!existsSync(embeddedCossPaths(options.dataDir).statePath)) {
    log('Setting up the embedded local COSS with a sample customer (first run only)…');
  }
  const child = (options.launch ?? childProcessLauncher())();
  let exited = false;
  let exitCode: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.onExit((code) => {
      exited = true;
      exitCode = code;
      resolve();
    }),
  );
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (exited) return;
    child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill(), options.stopGraceMs ?? 15_000);
    await exit;
    clearTimeout(timer);
  };

  return new Promise<EmbeddedCoss>((resolve, reject) => {
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      const output = child.output().trim().slice(-2000);
      // Whatever went wrong, do not leave a process holding the data directory.
      void stop().finally(() => reject(new Error(`the embedded COSS ${reason}${output ? `: ${output}` : ''}`)));
    };
    const deadline = setTimeout(() => fail('was not ready in time'), options.readyTimeoutMs ?? 120_000);

    child.onMessage((raw) => {
      const parsed = ChildMessageSchema.safeParse(raw);
      if (!parsed.success)
        return fail(
          `sent a message this console does not understand (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        );
      const message = parsed.data;
      switch (message.type) {
        case 'hello':
          if (message.protocol !== EMBEDDED_COSS_PROTOCOL) {
            return fail(
              `speaks protocol ${message.protocol}, this console ${EMBEDDED_COSS_PROTOCOL} (rebuild: npm run build:electron)`,
            );
          }
          child.send({
            type: 'start',
            dataDir: options.dataDir,
            pagerDuty: options.pagerDuty ?? { eventsUrl: `${CLOSED_PORT_URL}/v2/enqueue`, apiUrl: CLOSED_PORT_URL },
          });
          return;
        case 'failed':
          if (settled) return log(`Embedded local COSS: ${message.message}`);
          return fail(`failed to start: ${message.message}`);
        case 'ready':
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          log(`Embedded local COSS (sample data) at ${message.url}`);
          resolve({ url: message.url, token: message.token, local: true, stop });
          return;
      }
    });
    void exit.then(() => {
      if (settled && !stopping) log(`The embedded local COSS exited unexpectedly (code ${exitCode ?? 'none'}).`);
      else fail(`exited before it was ready (code ${exitCode ?? 'none'})`);
    });
  });
}
