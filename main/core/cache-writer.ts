/** Writes the offline cache a moment after it changes, in the background, one write for a burst of changes. */
import type { ConsoleCache } from './cache.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { errorMessage } from '../../shared/error-message.ts';

const WRITE_DELAY_MS = 300;

export interface CacheWriterOptions {
  cache: ConsoleCache;
  clock: Clock;
  /** a write failed: the banner says so */
  onError: (message: string) => void;
}

export class CacheWriter {
  private timer: TimerHandle | undefined;

  constructor(private readonly options: CacheWriterOptions) {}

  /** The cache changed: writes it soon. */
  schedule(): void {
    if (this.timer) return;
    const { cache, clock, onError } = this.options;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      // In the background: a large customer written on the event loop held keystrokes for ~70 ms each time.
      cache.flushInBackground().catch((error: unknown) => {
        onError(`Could not write the offline cache: ${errorMessage(error)}`);
      });
    }, WRITE_DELAY_MS);
  }

  /** Stops the timer; the caller writes the cache itself at stop. */
  stop(): void {
    this.options.clock.clearTimeout(this.timer);
  }
}
