/** Links never navigate the console window: they go to the host, which opens allowlisted URLs in a browser. */
import { isExternalLinkScheme } from '../../../shared/external-links.ts';
import { currentHost } from '../../state/host-binding.ts';
import { pushToast } from '../../state/ui-actions.ts';

/** Asks the host to open a URL outside the app; tells the operator when it would not. */
export async function openExternal(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    pushToast('error', `Not a link the console can open: ${url}`);
    return;
  }
  if (!isExternalLinkScheme(parsed.protocol)) {
    pushToast('error', `Links of type ${parsed.protocol} are not opened from the console.`);
    return;
  }
  const response = await currentHost().invoke('app.openExternal', { url: parsed.href });
  if (!response.ok) pushToast('error', `Opening ${parsed.host || parsed.href} failed: ${response.error.message}`);
  else if (!response.value.opened)
    pushToast('info', `The console does not open ${parsed.host || parsed.href}; copy the link instead.`);
}

/**
 * Catches every link click in the window (markdown, room lines) and hands it to the host, so even a link
 * rendered outside the markdown component cannot replace the console.
 */
export function installLinkGuard(): () => void {
  const onClick = (event: MouseEvent): void => {
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (anchor === null) return;
    event.preventDefault();
    void openExternal(anchor.getAttribute('href') ?? '');
  };
  // auxclick too: a middle click would otherwise open the link in a new window.
  document.addEventListener('click', onClick);
  document.addEventListener('auxclick', onClick);
  return () => {
    document.removeEventListener('click', onClick);
    document.removeEventListener('auxclick', onClick);
  };
}
