/**
 * A customer's alerts as immutable versions, cheap to derive one from the next, and a record of which alerts
 * changed between them.
 *
 * The store never changes a map in place (selectors compare by reference), so every stream frame makes a new
 * version. Copying a 100,000-entry Map for the ten alerts a frame touches cost ~10 ms, more than the frame has. A
 * version is therefore a shared, never-modified base plus a small overlay of the changes since; once the overlay
 * grows past a bound it is folded into a new base, one copy per few thousand changes instead of one per frame.
 *
 * The queue is patched from the recorded changes (queue-selectors.ts) instead of comparing every entry to find the
 * few a frame touched. A map made some other way simply has no delta, and the queue then finds changes by comparing.
 */
import type { AlertView } from '../../shared/host/contract.ts';

export type AlertMap = ReadonlyMap<number, AlertView>;

export interface AlertDelta {
  /** the version this one was made from */
  from: AlertMap;
  /** event numbers set (added or replaced) */
  changed: readonly number[];
  /** event numbers deleted */
  removed: readonly number[];
}

const deltas = new WeakMap<AlertMap, AlertDelta>();

/** Overlay entries allowed before folding into a new base: ~8·√n, so the fold's O(n) copy is rare and each
 * version's overlay copy stays small (2,500 entries at 100,000 alerts). Near the optimum of overlay copies per
 * version against base copies per change at a stream's ~20 changes a frame. */
function overlayLimit(size: number): number {
  return Math.max(256, Math.ceil(8 * Math.sqrt(size)));
}

/** An immutable version: `base` with `overlay` on top (an overlay value of null deletes the base entry). */
class LayeredAlertMap implements ReadonlyMap<number, AlertView> {
  constructor(
    readonly base: AlertMap,
    readonly overlay: ReadonlyMap<number, AlertView | null>,
    readonly size: number,
  ) {}

  get(number: number): AlertView | undefined {
    const over = this.overlay.get(number);
    if (over !== undefined) return over ?? undefined;
    return this.base.get(number);
  }

  has(number: number): boolean {
    return this.get(number) !== undefined;
  }

  *entries(): MapIterator<[number, AlertView]> {
    for (const entry of this.base) if (!this.overlay.has(entry[0])) yield entry;
    for (const [number, alert] of this.overlay) if (alert !== null) yield [number, alert];
  }

  *keys(): MapIterator<number> {
    for (const [number] of this.entries()) yield number;
  }

  *values(): MapIterator<AlertView> {
    for (const [, alert] of this.entries()) yield alert;
  }

  forEach(callback: (value: AlertView, key: number, map: ReadonlyMap<number, AlertView>) => void): void {
    for (const [number, alert] of this.entries()) callback(alert, number, this);
  }

  [Symbol.iterator](): MapIterator<[number, AlertView]> {
    return this.entries();
  }
}

/** A new version: `current` with `changed` set and `removed` deleted, remembering what was done. */
export function applyAlertChanges(
  current: AlertMap,
  changed: readonly AlertView[],
  removed: readonly number[],
): AlertMap {
  const base = current instanceof LayeredAlertMap ? current.base : current;
  const overlay = new Map<number, AlertView | null>(current instanceof LayeredAlertMap ? current.overlay : []);
  let size = current.size;
  for (const alert of changed) {
    if (!current.has(alert.number) && overlay.get(alert.number) == null) size++;
    overlay.set(alert.number, alert);
  }
  for (const number of removed) {
    if (overlay.get(number) === null) continue;
    if (overlay.get(number) !== undefined || base.has(number)) size--;
    overlay.set(number, null);
  }
  const limit = overlayLimit(size);
  // Past the limit the new base is copied a slice per version (one per frame of a stream); a burst far past it
  // (a reload's worth of changes) is folded at once.
  const folded =
    overlay.size > FORCE_FOLD_FACTOR * limit
      ? fold(finishCopy(base), overlay)
      : overlay.size > limit
        ? advanceCopy(base, overlay)
        : null;
  const next: AlertMap = folded ?? new LayeredAlertMap(base, overlay, size);
  deltas.set(next, { from: current, changed: changed.map((alert) => alert.number), removed });
  return next;
}

/** Versions a fold's copy is spread over: 12,500 entries each at 100,000 alerts (about 2 ms). */
const COPY_VERSIONS = 8;
/** An overlay this many times its limit is folded at once, however far the copy got. */
const FORCE_FOLD_FACTOR = 4;

/**
 * The next base, copied from a base a slice at a time. Copying 100,000 entries at once took 12–30 ms, a long frame
 * every ~2,500 changes of a stream; a slice per version spreads it over 8 versions (frames of a stream), while the
 * overlay grows by only those frames' changes. The base is never modified, so its iterator stays valid between
 * versions. Versions that branch from one base share the copy; the first to finish takes it, the others start again.
 */
const copies = new WeakMap<AlertMap, { copy: Map<number, AlertView>; rest: Iterator<[number, AlertView]> }>();

function advanceCopy(base: AlertMap, overlay: ReadonlyMap<number, AlertView | null>): Map<number, AlertView> | null {
  let progress = copies.get(base);
  if (progress === undefined) {
    progress = { copy: new Map(), rest: base.entries() };
    copies.set(base, progress);
  }
  const slice = Math.max(32, Math.ceil(base.size / COPY_VERSIONS));
  for (let count = 0; count < slice; count++) {
    const step = progress.rest.next();
    if (step.done === true) {
      copies.delete(base);
      return fold(progress.copy, overlay);
    }
    progress.copy.set(step.value[0], step.value[1]);
  }
  return null;
}

/** A private copy of the base: the one under way finished, or (none started) V8's native Map-from-Map copy. */
function finishCopy(base: AlertMap): Map<number, AlertView> {
  const progress = copies.get(base);
  if (progress === undefined) return new Map(base);
  copies.delete(base);
  for (let step = progress.rest.next(); step.done !== true; step = progress.rest.next())
    progress.copy.set(step.value[0], step.value[1]);
  return progress.copy;
}

/**
 * The new base: the overlay applied to a private copy of the old base (modified here, never after). Entry order
 * differs from the layered walk's (a replaced entry keeps its place); nothing reads an order from it.
 */
function fold(copy: Map<number, AlertView>, overlay: ReadonlyMap<number, AlertView | null>): Map<number, AlertView> {
  for (const [number, alert] of overlay) {
    if (alert === null) copy.delete(number);
    else copy.set(number, alert);
  }
  return copy;
}

/** How `map` was made from its predecessor, when applyAlertChanges made it. */
export function deltaOf(map: AlertMap): AlertDelta | undefined {
  return deltas.get(map);
}

/**
 * Every number changed or removed on the way from `from` to `to`, following recorded deltas back (several
 * versions may be made between two looks at the queue). Null when `to` does not descend from `from` through
 * recorded deltas. The walk stops once more than `limit` numbers are found: the caller then knows it is too many.
 */
export function changesBetween(from: AlertMap, to: AlertMap, limit: number): Set<number> | null {
  const numbers = new Set<number>();
  let version = to;
  while (version !== from) {
    const delta = deltas.get(version);
    if (delta === undefined) return null;
    for (const number of delta.changed) numbers.add(number);
    for (const number of delta.removed) numbers.add(number);
    if (numbers.size > limit) return numbers;
    version = delta.from;
  }
  return numbers;
}
