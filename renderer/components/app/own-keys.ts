/** Keeps Enter and Space on a button for the button: the console's key commands (Enter opens an alert) listen on the window. */
import type { KeyboardEvent } from 'react';

export function keepButtonKeys(event: KeyboardEvent<HTMLElement>): void {
  if ((event.key === 'Enter' || event.key === ' ') && event.target instanceof HTMLButtonElement)
    event.stopPropagation();
}
