/**
 * Waits for the machine to go quiet before a scenario. A closed browser context is torn down (and its heap
 * collected) after `close()` returns, so without a pause the previous scenario's cleanup runs during the next one's
 * measurement. Idle time is read from /proc/stat; where that does not exist, nothing is waited for.
 */
import { readFileSync } from 'node:fs';
import { sleep } from './stats.ts';

export interface QuietWait {
  /** how long it waited, ms */
  waitedMs: number;
  /** the idle share of all CPUs over the last sample, 0–1 (null without /proc/stat) */
  idle: number | null;
}

function cpuTimes(): { idle: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait count as idle.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
  } catch {
    return null;
  }
}

/** Samples the idle share every `sampleMs` until it reaches `idleShare` or `maxMs` has passed. */
export async function waitForQuietMachine(
  options: { idleShare?: number; sampleMs?: number; maxMs?: number } = {},
): Promise<QuietWait> {
  const { idleShare = 0.9, sampleMs = 1000, maxMs = 30_000 } = options;
  const started = Date.now();
  for (;;) {
    const before = cpuTimes();
    if (before === null) return { waitedMs: 0, idle: null };
    await sleep(sampleMs);
    const after = cpuTimes();
    if (after === null || after.total === before.total) return { waitedMs: Date.now() - started, idle: null };
    const idle = (after.idle - before.idle) / (after.total - before.total);
    if (idle >= idleShare || Date.now() - started >= maxMs)
      return { waitedMs: Date.now() - started, idle: Math.round(idle * 1000) / 1000 };
  }
}
