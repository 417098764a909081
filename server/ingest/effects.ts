/**
 * Ingest effects: work that follows from an alert opening and must commit with it or not at all — posting its card
 * into the room, paging a target a transform names. They run in the ingest transaction after the alerts are written,
 * once per opened alert (never on a repeat), and what they write is appended to the event log after the alerts' own
 * events, so a console sees the alert before the room line that names it.
 */
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import type { OpenedAlert } from './store.ts';

export interface IngestEffect {
  readonly name: string;
  /** Called only with a non-empty list; returns the events to append (room lines, pages…). */
  run(tx: Sql, opened: readonly OpenedAlert[]): Promise<NewEvent[]>;
}

/** Runs `effects` in order over the batch's opened alerts; their events in the same order. */
export async function runEffects(
  effects: readonly IngestEffect[],
  tx: Sql,
  opened: readonly OpenedAlert[],
): Promise<NewEvent[]> {
  if (opened.length === 0 || effects.length === 0) return [];
  const events: NewEvent[] = [];
  for (const effect of effects) events.push(...(await effect.run(tx, opened)));
  return events;
}
