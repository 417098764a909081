/**
 * The messages between the console and its embedded COSS child, and the two ways they travel: Node's IPC channel
 * (`child_process.fork`, used by the web host and tests) and Electron's `process.parentPort` (a utility process,
 * used by the desktop app because packaged builds cannot run Electron as Node). Both ends validate every message:
 * the two sides may come from different builds (a stale bundle), and a bad message must become an error, not a hang.
 *
 *   child  → parent  hello {protocol}          the child is listening (messages sent before that could be lost)
 *   parent → child   start {dataDir, pagerDuty}
 *   child  → parent  ready {url, token} | failed {message}
 *   parent → child   stop                      drain and exit (a signal cannot do that on Windows)
 */
import { join } from 'node:path';
import { z } from 'zod';

export const EMBEDDED_COSS_PROTOCOL = 1;

export const PagerDutyTargetSchema = z.object({
  eventsUrl: z.string().url(),
  apiUrl: z.string().url(),
  apiToken: z.string().optional(),
});
export type PagerDutyTarget = z.infer<typeof PagerDutyTargetSchema>;

export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    /** the console's data directory; COSS keeps PGlite in `<dataDir>/embedded-coss` */
    dataDir: z.string().min(1),
    pagerDuty: PagerDutyTargetSchema,
  }),
  z.object({ type: z.literal('stop') }),
]);
export type ParentMessage = z.infer<typeof ParentMessageSchema>;

export const ChildMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int() }),
  z.object({ type: z.literal('ready'), url: z.string().url(), token: z.string().min(1) }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

/** `<dataDir>/embedded-coss` holds PGlite; `<dataDir>/embedded-coss.json` records a finished first-run setup. */
export function embeddedCossPaths(dataDir: string): { storeDir: string; statePath: string } {
  return { storeDir: join(dataDir, 'embedded-coss'), statePath: join(dataDir, 'embedded-coss.json') };
}

/** The child's side of the conversation, whatever carries it. */
export interface ParentChannel {
  post(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** called once when the parent is gone (crashed or killed without stopping us) */
  onParentGone(listener: () => void): void;
  /** stops listening once what was posted is on its way, so the process can exit without losing its last word */
  close(): Promise<void>;
}

/**
 * Electron's `process.parentPort`, typed by shape: this module runs in plain Node too and must not import electron.
 * Messages arrive wrapped as `{ data }` (a MessageEvent) and are queued until a listener is registered.
 */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * A parent that dies without a word re-parents us (ppid changes on POSIX). Chromium also ends a utility process whose
 * browser process is gone; this check is the fallback that does not depend on it.
 */
function watchParentPid(onGone: () => void, intervalMs: number): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The child side over Electron's parentPort. */
export function parentPortChannel(port: ParentPortLike, options: { parentCheckMs?: number } = {}): ParentChannel {
  const listeners: Array<(event: { data: unknown }) => void> = [];
  const stopWatching: Array<() => void> = [];
  return {
    post: (message) => port.postMessage(message),
    onMessage(listener) {
      const wrapped = (event: { data: unknown }) => listener(event?.data);
      listeners.push(wrapped);
      port.on('message', wrapped);
    },
    onParentGone(listener) {
      stopWatching.push(watchParentPid(listener, options.parentCheckMs ?? 1000));
    },
    async close() {
      for (const listener of listeners.splice(0)) port.off('message', listener);
      for (const stop of stopWatching.splice(0)) stop();
      // postMessage gives no delivery callback; a short pause lets the last message leave before the process exits.
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

/** The child side over Node's IPC channel (`child_process.fork`). */
export function processIpcChannel(
  proc: NodeJS.Process = process,
  options: { parentCheckMs?: number } = {},
): ParentChannel {
  const send = proc.send?.bind(proc);
  if (!send) throw new Error('this process has no IPC channel: start it with child_process.fork');
  const messageListeners: Array<(message: unknown) => void> = [];
  const goneListeners: Array<() => void> = [];
  const stopWatching: Array<() => void> = [];
  const sending = new Set<Promise<void>>();
  return {
    post(message) {
      if (!proc.connected) return;
      // A failed send means the parent is gone, which 'disconnect' reports; here it only has to settle.
      const sent = new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve()));
      sending.add(sent);
      void sent.then(() => sending.delete(sent));
    },
    onMessage(listener) {
      messageListeners.push(listener);
      proc.on('message', listener);
    },
    onParentGone(listener) {
      // The IPC channel closes when the parent exits for any reason, including SIGKILL.
      let called = false;
      const once = () => {
        if (called) return;
        called = true;
        listener();
      };
      goneListeners.push(once);
      proc.on('disconnect', once);
      stopWatching.push(watchParentPid(once, options.parentCheckMs ?? 1000));
    },
    async close() {
      for (const listener of messageListeners.splice(0)) proc.off('message', listener);
      for (const listener of goneListeners.splice(0)) proc.off('disconnect', listener);
      for (const stop of stopWatching.splice(0)) stop();
      await Promise.all(sending);
      // Node keeps a process with a connected IPC channel alive; let it go once we are done.
      if (proc.connected) proc.disconnect();
    },
  };
}

/** How this process was started: as an Electron utility process, a forked Node child, or neither (null). */
export function detectParentChannel(proc: NodeJS.Process = process): ParentChannel | null {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPortLike | null }).parentPort;
  if (port) return parentPortChannel(port);
  if (proc.send) return processIpcChannel(proc);
  return null;
}
