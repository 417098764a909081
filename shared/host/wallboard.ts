/**
 * The wallboard: the console read-only, in large type, for a TV on the NOC floor (`npm run web -- --wallboard`, the
 * Electron kiosk window). A page opened with `?view=wallboard` shows it, and its host answers only the reads below:
 * nobody at a TV should be able to acknowledge, page or resolve by leaning on a keyboard. Which requests are a
 * wallboard's is decided by the host from what it knows, not from the page's own address alone, which a page can
 * change (history.replaceState): the web host by its --wallboard flag, Electron by the sending window.
 */
import type { HostRequestName } from './contract.ts';

/** The query a wallboard page is opened with (`/?view=wallboard`). */
export const WALLBOARD_QUERY = 'view=wallboard';

/** Everything the wallboard asks for; every other request is refused for a wallboard page. */
const WALLBOARD_REQUESTS: ReadonlySet<HostRequestName> = new Set<HostRequestName>([
  'session.get',
  'customers.list',
  'alerts.list',
  'heartbeats.list',
  'maintenance.list',
]);

/** Whether a wallboard page may make request `name`. */
export function wallboardMay(name: string): boolean {
  return (WALLBOARD_REQUESTS as ReadonlySet<string>).has(name);
}

/** The refusal a wallboard page gets for any other request, saying why. */
export function wallboardRefusal(name: string): { code: 'forbidden'; message: string } {
  return {
    code: 'forbidden',
    message: `${name} refused: this is a read-only wallboard, which only shows alerts, on-call, heartbeats and maintenance`,
  };
}

/**
 * The wallboard's refusal for a request, or null to serve it. `fromWallboardWindow`: the host knows the sender is a
 * wallboard (its kiosk window, or a host started for one), whatever address the page now shows; `frameUrl`: the
 * sending frame's address, a wallboard page opened in another window.
 */
export function wallboardRefusalFor(
  name: string,
  sender: { fromWallboardWindow: boolean; frameUrl: string },
): { code: 'forbidden'; message: string } | null {
  if (!sender.fromWallboardWindow && !isWallboardAddress(sender.frameUrl)) return null;
  return wallboardMay(name) ? null : wallboardRefusal(name);
}

/** Whether a page address (`location.search`, or a whole URL) asks for the wallboard. */
export function isWallboardAddress(address: string): boolean {
  const query = address.includes('?') ? address.slice(address.indexOf('?') + 1).split('#')[0] : '';
  return new URLSearchParams(query).get('view') === 'wallboard';
}
