/**
 * Which DOM element each visible row of a windowed list uses. A row that was already on screen keeps its element
 * (a new alert above it only moves it down); a row coming into view takes an element another row just left, so a
 * page jump rewrites the text of existing elements instead of tearing ~50 rows down and building them again.
 * Creating elements cost more than changing their text: style recalc and layout-tree rebuild for every new node.
 */
import type { Key } from 'react';

/** Row identity → slot number, as committed for the previous render. */
export type SlotAssignment = ReadonlyMap<Key, number>;

/**
 * Slots for `identities` (the rows in view, top to bottom). Identities seen before keep their slot; the others take
 * the lowest slots nobody kept. Pure: the same inputs give the same answer, so a render that React repeats is safe.
 */
export function assignSlots(identities: readonly Key[], previous: SlotAssignment): Map<Key, number> {
  const next = new Map<Key, number>();
  const taken = new Set<number>();
  for (const identity of identities) {
    const slot = previous.get(identity);
    if (slot !== undefined && !taken.has(slot)) {
      next.set(identity, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const identity of identities) {
    if (next.has(identity)) continue;
    while (taken.has(free)) free++;
    next.set(identity, free);
    taken.add(free);
  }
  return next;
}
