/** The one host the actions talk to: bound once at start-up (or per test), so actions stay plain functions. */
import type { HostApi } from '../../shared/host/contract.ts';

let bound: HostApi | null = null;

/** Sets the host every action uses. */
export function bindHost(host: HostApi): void {
  bound = host;
}

/** The bound host; throws if start-up has not bound one, which is a programming error. */
export function currentHost(): HostApi {
  if (bound === null) throw new Error('No host bound: call startConsole(host) first');
  return bound;
}
