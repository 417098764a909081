/** Turns keyboard events into the key strings shared/console-commands.ts uses, and key strings into labels. */

/** The minimal KeyboardEvent shape, so this stays testable without a DOM. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/**
 * 'j', 'G', '?' for plain printable keys (Shift is already in the character); 'Mod+k', 'Mod+Shift+f' style for chords;
 * named keys as the browser names them ('Enter', 'ArrowDown').
 */
export function keyString(press: KeyPress): string {
  const mod = press.ctrlKey || press.metaKey;
  if (press.key.length === 1 && !mod && !press.altKey) return press.key;
  const parts: string[] = [];
  if (mod) parts.push('Mod');
  if (press.altKey) parts.push('Alt');
  // With Ctrl/Cmd held the character no longer says whether Shift was down ('Mod+Shift+f' vs 'Mod+f'), so name it.
  if (press.shiftKey && (press.key.length > 1 || mod)) parts.push('Shift');
  parts.push(press.key.length === 1 ? press.key.toLowerCase() : press.key);
  return parts.join('+');
}

const LABELS: Readonly<Record<string, string>> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Enter: 'Enter',
  PageDown: 'PgDn',
  PageUp: 'PgUp',
};

/** A key string as the cheat sheet and palette show it: 'Mod+k' → ['Ctrl', 'K'], 'g r' → ['g', 'r']. */
export function keyLabel(keys: string, isMac: boolean): string[] {
  if (keys.includes(' ')) return keys.split(' ');
  return keys
    .split('+')
    .map((part) =>
      part === 'Mod'
        ? isMac
          ? '⌘'
          : 'Ctrl'
        : (LABELS[part] ?? (part.length === 1 && keys.includes('+') ? part.toUpperCase() : part)),
    );
}
