/**
 * The console as the end-to-end tests run it: the real core and the real web host (main/web-host), either in this
 * process (runConsole + startWebHost, so a test can look at the core's outbox) or as the `npm run web` command line
 * in a child process whose printed address is parsed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConsole, type RunningConsole, type RunConsoleOptions } from '../../../main/core/run-console.ts';
import { startWebHost } from '../../../main/web-host/server.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface WebConsole {
  /** the printed address: http://127.0.0.1:N/#token=… */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface InProcessConsole extends WebConsole {
  running: RunningConsole;
}

/** runConsole + startWebHost in this process, with a fresh data directory. */
export async function startInProcessConsole(options: {
  cossUrl: string;
  token: string;
  staticDir: string;
  tuning?: RunConsoleOptions['tuning'];
}): Promise<InProcessConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-e2e-console-'));
  const running = await runConsole({
    dataDir,
    coss: { url: options.cossUrl, token: options.token },
    ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  const host = await startWebHost({ backend: running.core, port: 0, staticDir: options.staticDir });
  return {
    url: host.url,
    dataDir,
    running,
    async stop() {
      await host.close();
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `COSS_TOKEN=T npm run web -- --port 0 --coss URL --data-dir D --renderer R` as a child process (the script's own
 * command line, run without npm in between so SIGTERM reaches it); resolves with the address it prints.
 */
export async function spawnWebConsole(options: {
  cossUrl: string;
  token: string;
  staticDir: string;
}): Promise<WebConsole & { output(): string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-e2e-console-'));
  const env: NodeJS.ProcessEnv = { ...process.env, COSS_TOKEN: options.token };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/web-host/cli.ts',
      '--port',
      '0',
      '--coss',
      options.cossUrl,
      '--data-dir',
      dataDir,
      '--renderer',
      options.staticDir,
    ],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the web host printed no address within 20 s:\n${output}`)),
      20_000,
    );
    const onData = (chunk: string) => {
      output += chunk;
      const match = /COSS Console web host: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the web host exited before printing its address:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
