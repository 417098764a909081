/**
 * A real Prometheus Alertmanager for tests and benchmarks: a child process on 127.0.0.1 with a temporary config and
 * storage directory, an ephemeral web port (read back from its "Listening on" log line), clustering off, and a
 * wait for `/-/ready`. CI installs Debian's `prometheus-alertmanager`; elsewhere a missing binary means skip, in CI
 * it is an error.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const BINARY_NAMES = ['prometheus-alertmanager', 'alertmanager'];

/** The Alertmanager binary: $ALERTMANAGER_BIN, then PATH, then /usr/bin; null when absent (an error in CI). */
export function findAlertmanager(): string | null {
  const candidates: string[] = [];
  if (process.env.ALERTMANAGER_BIN) candidates.push(process.env.ALERTMANAGER_BIN);
  for (const dir of [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), '/usr/bin']) {
    for (const name of BINARY_NAMES) candidates.push(join(dir, name));
  }
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  if (process.env.CI)
    throw new Error('Alertmanager is required in CI (apt-get install prometheus-alertmanager) but was not found');
  return null;
}

export interface RunningAlertmanager {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  process: ChildProcess;
  /** everything it logged so far (stderr), for failure messages */
  log: () => string;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temporary directory */
  stop: () => Promise<void>;
}

export interface StartAlertmanagerOptions {
  /** the configuration file's YAML text */
  config: string;
  binary?: string;
  /** extra flags, e.g. ['--log.level=debug'] */
  args?: string[];
  /** how long to wait for readiness */
  timeoutMs?: number;
}

/** Starts Alertmanager with `config` and resolves once `/-/ready` answers 200. */
export async function startAlertmanager(options: StartAlertmanagerOptions): Promise<RunningAlertmanager> {
  const binary = options.binary ?? findAlertmanager();
  if (!binary) throw new Error('Alertmanager binary not found');
  const dir = mkdtempSync(join(tmpdir(), 'coss-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, options.config);
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:0',
      // An empty cluster address turns gossip off: no port 9094, no peers.
      '--cluster.listen-address=',
      '--log.level=info',
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Alertmanager did not start listening:\n${output}`)),
        options.timeoutMs ?? 15_000,
      );
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Alertmanager exited with ${code}:\n${output}`));
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        // Keep the log bounded: a long benchmark must not grow it without limit.
        output = (output + chunk).slice(-200_000);
        const match = /msg="Listening on" address=(\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const url = `http://${address}`;
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    for (;;) {
      try {
        const response = await fetch(`${url}/-/ready`);
        await response.body?.cancel();
        if (response.ok) break;
      } catch {
        // not answering yet
      }
      if (exited) throw new Error(`Alertmanager exited before it was ready:\n${output}`);
      if (Date.now() > deadline) throw new Error(`Alertmanager was not ready in time:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { url, process: child, log: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Quotes a string for YAML (JSON strings are valid YAML flow scalars). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
