/**
 * How many of the queue's rows a maintenance window (or Zenoss's Maintenance state) covers: the toolbar says it beside
 * its count, which still counts them as COSS does. Counted per chunk of the rows and kept per chunk, so a stream frame
 * over 100,000 rows counts again only the chunks its changes landed in (renderer/state/sorted-chunks.ts).
 */
import type { AlertView } from '../../shared/host/contract.ts';
import { selectQueue } from './queue-selectors.ts';
import type { ConsoleState } from './store.ts';

const chunkCounts = new WeakMap<readonly AlertView[], number>();

function countIn(chunk: readonly AlertView[]): number {
  let count = chunkCounts.get(chunk);
  if (count !== undefined) return count;
  count = 0;
  for (const alert of chunk)
    if (alert.status !== 'resolved' && alert.maintenance !== undefined && alert.maintenance !== null) count += 1;
  chunkCounts.set(chunk, count);
  return count;
}

/** Rows of the queue, as shown, whose alert is open (or acknowledged) and under maintenance. */
export function selectMaintenanceCount(state: ConsoleState): number {
  let total = 0;
  for (const chunk of selectQueue(state).rows.chunks) total += countIn(chunk);
  return total;
}
