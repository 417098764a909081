/**
 * Which alerts changed between one version of a customer's alert map and the next. The queue is patched from this
 * (queue-selectors.ts) instead of comparing all 10,000–100,000 entries to find the few a stream frame touched.
 * Kept beside the maps, not in the store: a map that was made some other way simply has no delta, and the queue
 * then finds the changes by comparing.
 */
import type { AlertView } from '../../shared/host/contract.ts';

export type AlertMap = ReadonlyMap<number, AlertView>;

export interface AlertDelta {
  /** the map this one was made from */
  from: AlertMap;
  /** event numbers set (added or replaced) */
  changed: readonly number[];
  /** event numbers deleted */
  removed: readonly number[];
}

const deltas = new WeakMap<AlertMap, AlertDelta>();

/** A new map: `current` with `changed` set and `removed` deleted, remembering what was done. */
export function applyAlertChanges(current: AlertMap, changed: readonly AlertView[], removed: readonly number[]): Map<number, AlertView> {
  const next = new Map(current);
  for (const alert of changed) next.set(alert.number, alert);
  for (const number of removed) next.delete(number);
  deltas.set(next, { from: current, changed: changed.map((alert) => alert.number), removed });
  return next;
}

/** How `map` was made from its predecessor, when applyAlertChanges made it. */
export function deltaOf(map: AlertMap): AlertDelta | undefined {
  return deltas.get(map);
}
