/**
 * Picks the host the renderer talks to: the Electron preload's `window.cossHost`, or the web host's WebSocket.
 * Everything above this file sees one HostApi and cannot tell which.
 */
import type { HostApi } from '../../shared/host/contract.ts';
import { createWebHostClient, readTokenFromHash } from './web-host-client.ts';

const TOKEN_KEY = 'coss.webHostToken';

/** The host for this window: the preload's when present, else a WebSocket client to the page's own origin. */
export function pickHost(): HostApi {
  if (window.cossHost !== undefined) return window.cossHost;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const fromHash = readTokenFromHash(location.hash);
  // Keep the token out of the address bar once read, so a screenshot or screen share does not leak it;
  // sessionStorage (this tab only) keeps a reload working.
  if (fromHash !== null) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  const url = `${scheme}//${location.host}/host?token=${encodeURIComponent(token ?? '')}`;
  return createWebHostClient({ url, createSocket: (address) => new WebSocket(address) });
}
