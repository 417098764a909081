/**
 * A sorted list held in chunks that its versions share: the queue's rows. A stream frame changes a few dozen alerts
 * of a 100,000-row queue, 60 times a second. Copying the whole array for each version made ~0.5 MB of garbage a
 * frame, and the frames that paid for its collection missed the stream's target. A new version copies only the
 * chunks its changes land in, plus the list of chunks and their offsets: with chunks of ~√n rows that is
 * O(k·√n + √n) for k changes, instead of O(n). A chunk is never changed once made, so every version stays as it was.
 */
import { lowerBound } from '../../shared/sorted-search.ts';

/** Rows per chunk for a list of `size`: ~√size, so one chunk and the list of chunks cost about the same to copy. */
function chunkTarget(size: number): number {
  return Math.max(8, Math.ceil(Math.sqrt(size)));
}

/** Where each chunk starts, and the total length last. */
function startsOf<T>(chunks: readonly (readonly T[])[]): Int32Array {
  const starts = new Int32Array(chunks.length + 1);
  for (let at = 0; at < chunks.length; at++) starts[at + 1] = (starts[at] as number) + (chunks[at] as T[]).length;
  return starts;
}

/** `rows` cut into chunks of about `target` rows each, appended to `into`. */
function cutInto<T>(into: (readonly T[])[], rows: readonly T[], target: number): void {
  const count = Math.ceil(rows.length / target);
  if (count <= 1) {
    if (rows.length > 0) into.push(rows);
    return;
  }
  for (let at = 0; at < count; at++)
    into.push(rows.slice(Math.floor((at * rows.length) / count), Math.floor(((at + 1) * rows.length) / count)));
}

/**
 * One chunk with the rows at the (ascending) `leaving` offsets taken out and the (sorted) `entering` items put in
 * where lowerBound would put them among the chunk's rows.
 */
function mergeChunk<T>(
  chunk: readonly T[],
  leaving: readonly number[],
  entering: readonly T[],
  compare: (a: T, b: T) => number,
): T[] {
  const merged: T[] = [];
  let out = 0;
  let next = 0;
  for (let at = 0; at < chunk.length; at++) {
    const row = chunk[at] as T;
    while (next < entering.length && compare(row, entering[next] as T) >= 0) merged.push(entering[next++] as T);
    if (out < leaving.length && leaving[out] === at) out++;
    else merged.push(row);
  }
  while (next < entering.length) merged.push(entering[next++] as T);
  return merged;
}

interface ChunkEdit<T> {
  leaving: number[];
  entering: T[];
}

/** An immutable list sorted by one comparator, in shared chunks. */
export class SortedChunks<T> implements Iterable<T> {
  private constructor(
    /** the rows in order, cut in chunks that later versions share: never empty, never changed */
    readonly chunks: readonly (readonly T[])[],
    private readonly starts: Int32Array,
  ) {}

  /** The list of `rows`, which are sorted already. */
  static of<T>(rows: readonly T[]): SortedChunks<T> {
    const chunks: (readonly T[])[] = [];
    cutInto(chunks, rows, chunkTarget(rows.length));
    return new SortedChunks(chunks, startsOf(chunks));
  }

  get length(): number {
    return this.starts[this.chunks.length] as number;
  }

  /** The row at `index`; undefined outside 0 … length - 1 (no counting from the end). */
  get(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    // The last chunk starting at or before the index.
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.starts[middle] as number) <= index) low = middle;
      else high = middle - 1;
    }
    return (this.chunks[low] as readonly T[])[index - (this.starts[low] as number)];
  }

  /** Where `item` is, or would go: the first index whose row is not before it. */
  lowerBound(item: T, compare: (a: T, b: T) => number): number {
    const chunk = this.chunkFor(item, compare);
    if (chunk === this.chunks.length) return this.length;
    return (this.starts[chunk] as number) + lowerBound(this.chunks[chunk] as readonly T[], item, compare);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /**
   * This list without the `leaving` items (those of them it holds, by identity) and with the `entering` ones
   * (sorted by `compare`) at their sorted places: the same rows as sorting the result from scratch, when `compare`
   * is the list's order and a total one. Only the chunks a change lands in are copied. A chunk that grows past
   * twice the target is cut; one that shrinks under half of it joins the next.
   */
  with(leaving: readonly T[], entering: readonly T[], compare: (a: T, b: T) => number): SortedChunks<T> {
    const count = this.chunks.length;
    if (count === 0) return SortedChunks.of(entering);
    const edits = new Map<number, ChunkEdit<T>>();
    const edit = (chunk: number): ChunkEdit<T> => {
      let found = edits.get(chunk);
      if (found === undefined) edits.set(chunk, (found = { leaving: [], entering: [] }));
      return found;
    };
    let removed = 0;
    for (const item of leaving) {
      const chunk = this.chunkFor(item, compare);
      if (chunk === count) continue;
      const rows = this.chunks[chunk] as readonly T[];
      const at = lowerBound(rows, item, compare);
      if (rows[at] !== item) continue;
      edit(chunk).leaving.push(at);
      removed++;
    }
    // Past the last row: the last chunk grows.
    for (const item of entering) edit(Math.min(this.chunkFor(item, compare), count - 1)).entering.push(item);
    if (edits.size === 0) return this;

    const target = chunkTarget(this.length - removed + entering.length);
    const chunks: (readonly T[])[] = [];
    // A chunk left under half the target, waiting to be joined to the next one.
    let short: readonly T[] | null = null;
    for (let at = 0; at < count; at++) {
      const change = edits.get(at);
      let rows = this.chunks[at] as readonly T[];
      if (change !== undefined) {
        change.leaving.sort((a, b) => a - b);
        rows = mergeChunk(rows, change.leaving, change.entering, compare);
      }
      if (short !== null) {
        rows = short.concat(rows);
        short = null;
      } else if (change === undefined) {
        chunks.push(rows);
        continue;
      }
      if (rows.length < target >> 1) short = rows.length > 0 ? rows : null;
      else if (rows.length > 2 * target) cutInto(chunks, rows, target);
      else chunks.push(rows);
    }
    if (short !== null) {
      const last = chunks.pop();
      if (last === undefined) chunks.push(short);
      else cutInto(chunks, last.concat(short), target);
    }
    return new SortedChunks(chunks, startsOf(chunks));
  }

  /** The first chunk whose last row is not before `item`; the chunk count when every row is. */
  private chunkFor(item: T, compare: (a: T, b: T) => number): number {
    let low = 0;
    let high = this.chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const rows = this.chunks[middle] as readonly T[];
      if (compare(rows[rows.length - 1] as T, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
