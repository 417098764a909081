/**
 * The one allowlist of links the console opens outside itself, in the system browser or mail client: the renderer
 * checks it to say why a link stays closed, the core before it asks the host, the Electron glue before
 * `shell.openExternal`. Any other scheme (`file:`, `javascript:`, an app's own) could open or run something local.
 */
export const EXTERNAL_LINK_SCHEMES: readonly string[] = ['https:', 'http:', 'mailto:'];

/** Whether a URL scheme (as `URL.protocol` spells it, e.g. `mailto:`) may be opened outside the console. */
export function isExternalLinkScheme(protocol: string): boolean {
  return EXTERNAL_LINK_SCHEMES.includes(protocol.toLowerCase());
}

/** Whether `url` is a link the console may open outside itself. */
export function isAllowedExternalLink(url: string): boolean {
  try {
    return isExternalLinkScheme(new URL(url).protocol);
  } catch {
    return false;
  }
}
