/**
 * The console's composition root, used by every host (Electron's main, the web host, tests): settings and cache in
 * a data directory, tokens in the store the host passes (safeStorage in Electron) or the honest file store (or
 * memory for a token given on the command line), and the embedded local COSS when none is configured. What differs
 * per host is passed in: the secret store, the notifier, openExternal, how the embedded COSS process starts.
 */
import { ConsoleCore, type ConsoleCoreOptions } from './console-core.ts';
import type { Notifier } from './desktop-notices.ts';
import { startEmbeddedCoss, type EmbeddedCoss, type EmbeddedCossLauncher } from './embedded-coss/launcher.ts';
import { FileSecretStore, MemorySecretStore, type SecretStore } from './secret-store.ts';
import { SECRET_NAMES, SettingsStore } from './settings.ts';

export interface RunConsoleOptions {
  dataDir: string;
  /**
   * a COSS given on the command line wins over Settings; without either the embedded one starts. `alternates`: the
   * same deployment's other endpoints, in the order they are tried when the one in use stops answering
   */
  coss?: { url: string; token: string; alternates?: string[] };
  notifier?: Notifier;
  /** where tokens live; the Electron glue passes its safeStorage store */
  secrets?: SecretStore;
  openExternal?: (url: string) => Promise<boolean>;
  /** how the embedded COSS process starts; the Electron glue passes utilityProcess, plain Node forks a child */
  launchEmbedded?: EmbeddedCossLauncher;
  log?: (line: string) => void;
  /** connection tuning (tests shorten the reconnect backoff so a restarted COSS is found in seconds) */
  tuning?: Pick<
    ConsoleCoreOptions,
    'backoff' | 'heartbeatTimeoutMs' | 'offlineAfterAttempts' | 'outboxRetryMs' | 'requestTimeoutMs' | 'endpoints'
  >;
}

export interface RunningConsole {
  core: ConsoleCore;
  secrets: SecretStore;
  /** the embedded COSS, once started */
  embedded(): EmbeddedCoss | null;
  stop(): Promise<void>;
}

/** Creates and starts the core; resolves when it serves from cache (connecting continues in the background). */
export async function runConsole(options: RunConsoleOptions): Promise<RunningConsole> {
  const settings = new SettingsStore(options.dataDir);
  const secrets: SecretStore = options.coss
    ? new MemorySecretStore()
    : (options.secrets ?? new FileSecretStore(options.dataDir));
  if (options.coss) await secrets.set(SECRET_NAMES.cossToken, options.coss.token);
  let embedded: Promise<EmbeddedCoss> | null = null;
  let started: EmbeddedCoss | null = null;
  const commandLine = options.coss;
  const core = new ConsoleCore({
    dataDir: options.dataDir,
    settings,
    secrets,
    ...options.tuning,
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.openExternal ? { openExternal: options.openExternal } : {}),
    async resolveTarget(current, token) {
      const [preferred, ...alternates] = current.cossUrls;
      if (commandLine && preferred === undefined)
        return {
          url: commandLine.url,
          token: token ?? commandLine.token,
          local: false,
          origin: 'command-line',
          alternates: commandLine.alternates ?? [],
        };
      if (preferred !== undefined)
        return token ? { url: preferred, token, local: false, origin: 'settings', alternates } : null;
      embedded ??= startEmbeddedCoss({
        dataDir: options.dataDir,
        ...(options.log ? { log: options.log } : {}),
        ...(options.launchEmbedded ? { launch: options.launchEmbedded } : {}),
      });
      const local = await embedded;
      started = local;
      return { url: local.url, token: local.token, local: true, origin: 'embedded' };
    },
  });
  await core.start();
  return {
    core,
    secrets,
    embedded: () => started,
    async stop() {
      await core.stop();
      if (embedded) await (await embedded.catch(() => null))?.stop();
    },
  };
}
