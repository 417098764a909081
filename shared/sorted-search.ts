/** Binary search over arrays kept sorted by a comparator: the queue, a group's alerts, the groups themselves. */

/** Where `item` is, or would go, in `items` sorted by `compare`: the first index whose element is not before it. */
export function lowerBound<T>(items: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle] as T, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
