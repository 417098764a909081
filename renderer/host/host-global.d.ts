import type { HostApi } from '../../shared/host/contract.ts';

declare global {
  interface Window {
    /** Installed by the Electron preload (contextBridge); absent in a plain browser, where the web host serves. */
    cossHost?: HostApi;
  }
}
