/**
 * Browser entry for the fake host: installs it as window.cossHost (as the Electron preload would) before the
 * renderer starts, and exposes it as window.cossFake so tests can drive events. Options come from
 * window.cossFakeOptions, set by an earlier init script. Written against globalThis so it type-checks
 * without the DOM library, like the rest of test/.
 */
import type { HostApi } from '../../shared/host/contract.ts';
import { createFakeHost, type FakeHost, type FakeHostOptions } from './fake-host.ts';

const scope = globalThis as typeof globalThis & {
  cossFakeOptions?: FakeHostOptions;
  cossFake?: FakeHost;
  cossHost?: HostApi;
};
const fake = createFakeHost(scope.cossFakeOptions ?? {});
scope.cossFake = fake;
scope.cossHost = fake;
