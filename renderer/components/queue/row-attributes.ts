/** What every queue row (an alert or a group header) is to the list: an option, its place, and a pick by mouse. */
import type { HTMLAttributes, MouseEvent } from 'react';

export interface QueueRowPlace {
  rowId: string;
  index: number;
  isCursor: boolean;
  /** `open` on a double click, or on what opens the row by itself (a header's fold arrow) */
  onPick: (index: number, open: boolean) => void;
}

/** The option's attributes; `opens` says whether a single click on that target opens the row. */
export function queueRowAttributes(
  place: QueueRowPlace,
  className: string,
  opens: (target: HTMLElement) => boolean = () => false,
): HTMLAttributes<HTMLDivElement> {
  return {
    id: place.rowId,
    className,
    role: 'option',
    'aria-selected': place.isCursor,
    'aria-posinset': place.index + 1,
    'aria-setsize': -1,
    onMouseDown: (event: MouseEvent<HTMLDivElement>) => {
      // Keep focus on the list itself: the row is not a focus stop, the list is.
      event.preventDefault();
      place.onPick(place.index, event.detail >= 2 || opens(event.target as HTMLElement));
    },
  };
}
