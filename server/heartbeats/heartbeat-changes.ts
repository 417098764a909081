/**
 * What staff do to heartbeats, from REST and the CLI alike: each change commits with its `heartbeat.changed` event,
 * so consoles following the stream see it at once, and removing a missed heartbeat resolves its alert.
 */
import { DEFAULT_HEARTBEAT_GRACE_MS, type HeartbeatInput, type HeartbeatPatch } from '../../shared/heartbeat.ts';
import type { Database, Sql } from '../db/database.ts';
import { appendEvents } from '../events/log.ts';
import {
  createHeartbeat,
  deleteHeartbeat,
  heartbeatEvent,
  updateHeartbeat,
  type HeartbeatRow,
} from './heartbeat-store.ts';
import type { HeartbeatMonitor } from './heartbeat-monitor.ts';

export interface ChangeContext {
  db: Database;
  monitor: HeartbeatMonitor;
  /** called with the newest seq after commit, to wake a stream hub (a no-op in the CLI: other nodes poll) */
  onCommitted: (seq: number) => void;
}

async function commitWith(
  context: ChangeContext,
  work: (tx: Sql) => Promise<HeartbeatRow>,
  change: 'created' | 'changed' | 'deleted',
  actor: string,
): Promise<HeartbeatRow> {
  const now = context.monitor.now();
  const { row, range } = await context.db.transaction(async (tx) => {
    const row = await work(tx);
    return { row, range: await appendEvents(tx, [heartbeatEvent(row, now, change, actor)]) };
  });
  if (range) context.onCommitted(range.last);
  return row;
}

/** Makes a heartbeat before its first ping; conflict when the name is taken. */
export function addHeartbeat(
  context: ChangeContext,
  customerId: number,
  input: HeartbeatInput,
  actor: string,
): Promise<HeartbeatRow> {
  const fields = { name: input.name, intervalMs: input.interval, graceMs: input.grace ?? DEFAULT_HEARTBEAT_GRACE_MS };
  return commitWith(
    context,
    (tx) => createHeartbeat(tx, customerId, fields, actor, context.monitor.now()),
    'created',
    actor,
  );
}

/** A new interval or grace. */
export function changeHeartbeat(
  context: ChangeContext,
  customerId: number,
  name: string,
  patch: HeartbeatPatch,
  actor: string,
): Promise<HeartbeatRow> {
  return commitWith(
    context,
    (tx) => updateHeartbeat(tx, customerId, name, { intervalMs: patch.interval, graceMs: patch.grace }),
    'changed',
    actor,
  );
}

/** Removes a heartbeat; its alert, if it was missed, is resolved (nothing else would resolve it). */
export async function removeHeartbeat(
  context: ChangeContext,
  customerId: number,
  name: string,
  actor: string,
): Promise<HeartbeatRow> {
  const row = await commitWith(context, (tx) => deleteHeartbeat(tx, customerId, name), 'deleted', actor);
  if (row.missed_at !== null) await context.monitor.recover(row, 'removed', actor, true);
  return row;
}
