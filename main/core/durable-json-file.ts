/**
 * A JSON file that is replaced atomically (temp file, fsync, rename) and can be saved either synchronously or in
 * the background. Background saves are coalesced: while one is being written, any number of further requests
 * become one more write of the state as it is then. Every save writes `snapshot()` as it is when the write starts,
 * so a save resolves once the file holds the state at the time of the request or newer.
 *
 * Why not conf: conf writes synchronously with fsync, which blocked the keystroke → COSS path twice per action
 * (the outbox's write before sending and again after the answer). Here the fsync runs on libuv's thread pool while
 * the request is in flight, and the rename is synchronous and guarded by a version check, so an older background
 * write can never replace a newer synchronous one.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';

export interface DurableJsonFileOptions {
  /**
   * Background saves serialise the snapshot's large top-level arrays a slice per tick, so a 4 MB cache file does
   * not hold the event loop for its whole JSON.stringify. Only for snapshots whose top-level arrays are fresh copies
   * (or never changed in place) of items that are never changed in place: the slices are read across ticks.
   */
  slicedArrays?: boolean;
}

/** Items per tick when serialising a large array in the background: about a millisecond of alerts. */
const SLICE = 250;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * JSON.stringify(value) with the large top-level arrays done a slice per tick. Everything else is serialised in the
 * first tick, together with taking the array copies, so the text is the value as it was when this was called.
 */
async function stringifyInSlices(value: unknown): Promise<string> {
  if (!isPlainObject(value)) return JSON.stringify(value);
  const parts: Array<{ key: string; text: string } | { key: string; items: unknown[] }> = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function') continue;
    if (Array.isArray(item) && item.length > SLICE) parts.push({ key: JSON.stringify(key), items: item.slice() });
    else parts.push({ key: JSON.stringify(key), text: JSON.stringify(item) });
  }
  const out: string[] = [];
  for (const part of parts) {
    if ('text' in part) {
      out.push(`${part.key}:${part.text}`);
      continue;
    }
    const slices: string[] = [];
    for (let start = 0; start < part.items.length; start += SLICE) {
      await nextTick();
      // An array's JSON without its brackets; items that JSON.stringify drops become null, as in an array.
      slices.push(JSON.stringify(part.items.slice(start, start + SLICE)).slice(1, -1));
    }
    out.push(`${part.key}:[${slices.join(',')}]`);
  }
  return `{${out.join(',')}}`;
}

interface Waiter {
  version: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DurableJsonFile {
  /** the newest state version anyone asked to have on disk */
  private requested = 0;
  /** the newest state version known to be on disk */
  private committed = 0;
  private writing: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private tempCounter = 0;

  constructor(
    readonly path: string,
    private readonly snapshot: () => unknown,
    private readonly options: DurableJsonFileOptions = {},
  ) {}

  /** The parsed file, or undefined when it is missing or not JSON. */
  read(): unknown {
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Writes the current state now; returns once it is on disk. Throws what the file system throws. */
  saveSync(): void {
    const version = ++this.requested;
    const temp = this.tempPath();
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(this.snapshot()));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    this.commit(version);
  }

  /** Asks for the current state to be written in the background; resolves once it (or a newer state) is on disk. */
  save(): Promise<void> {
    const version = ++this.requested;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ version, resolve, reject }));
    this.writing ??= this.writeLoop().finally(() => {
      this.writing = null;
    });
    return done;
  }

  /** Resolves when every save asked for so far is on disk (or has failed). */
  async flush(): Promise<void> {
    while (this.writing !== null) await this.writing;
  }

  private async writeLoop(): Promise<void> {
    while (this.committed < this.requested) {
      const version = this.requested;
      const value = this.snapshot();
      const temp = this.tempPath();
      try {
        const text = this.options.slicedArrays === true ? await stringifyInSlices(value) : JSON.stringify(value);
        const handle = await open(temp, 'w', 0o600);
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        this.fail(version, error);
        continue;
      }
      // No await between this check and the rename: a synchronous save cannot slip in between.
      if (this.committed >= version) {
        await unlink(temp).catch(() => undefined);
        continue;
      }
      try {
        renameSync(temp, this.path);
      } catch (error) {
        try {
          unlinkSync(temp);
        } catch {
          // already gone
        }
        this.fail(version, error);
        continue;
      }
      this.commit(version);
    }
  }

  private commit(version: number): void {
    if (version > this.committed) this.committed = version;
    const ready = this.waiters.filter((waiter) => waiter.version <= this.committed);
    this.waiters = this.waiters.filter((waiter) => waiter.version > this.committed);
    for (const waiter of ready) waiter.resolve();
  }

  /** A failed write: its waiters learn why, and the loop stops asking for it (a later save tries again). */
  private fail(version: number, error: unknown): void {
    const failed = this.waiters.filter((waiter) => waiter.version <= version);
    this.waiters = this.waiters.filter((waiter) => waiter.version > version);
    for (const waiter of failed) waiter.reject(error);
    // Give up on this version so the loop ends unless something newer was asked for meanwhile.
    if (this.requested === version) this.requested = this.committed;
  }

  private tempPath(): string {
    this.tempCounter += 1;
    return `${this.path}.${process.pid}.${this.tempCounter}.tmp`;
  }
}
