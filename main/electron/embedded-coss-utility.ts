/**
 * Starts the embedded COSS as an Electron utility process: Electron's own way to run a Node child, which works in a
 * packaged app whose runAsNode fuse is off (spawning the app binary as Node would not). The entry is the bundle
 * built by scripts/build-electron.ts; everything else about the embedded COSS lives in main/core.
 */
import { utilityProcess } from 'electron';
import { embeddedCossEnv, outputTail, type EmbeddedCossLauncher } from '../core/embedded-coss/launcher.ts';

export function utilityProcessLauncher(entry: string): EmbeddedCossLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'COSS Console embedded COSS',
      env: embeddedCossEnv(),
      // stdin cannot be anything but ignored in a utility process; the output is kept for error messages.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail = outputTail();
    child.stdout?.on('data', tail.append);
    child.stderr?.on('data', tail.append);
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', listener),
      kill: () => void child.kill(),
      output: tail.text,
    };
  };
}
