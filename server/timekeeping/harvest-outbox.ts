/** The harvest_outbox table as the delivery outbox sees it, and a claimed row with what its call needs. */
import type { Sql } from '../db/database.ts';
import type { ClaimedDelivery, OutboxTable } from '../delivery/outbox-table.ts';

/**
 * Every request goes to one Harvest account, so every row is paced under one key; a time entry's rows run in
 * order (its stop never overtakes its start).
 */
export const HARVEST_OUTBOX: OutboxTable = {
  rows: 'harvest_outbox',
  pacing: 'harvest_pacing',
  paceKey: 'pace_key',
  sequence: 'time_entry_id',
  paced: 'true',
};

export type HarvestOperation = 'start' | 'stop' | 'log';

/** A claimed row with its time entry, alert and customer: everything the call is built from. */
export interface HarvestDelivery {
  claim: ClaimedDelivery;
  operation: HarvestOperation;
  entry: {
    id: number;
    kind: 'timer' | 'log';
    harvestUserId: number;
    projectId: number;
    taskId: number;
    spentDate: string;
    notes: string | null;
    trackedMs: number;
    harvestEntryId: number | null;
  };
  alert: { number: number; summary: string; device: string };
  customer: { id: number; slug: string; number: number; name: string };
  /** whose time it is: the display name the room knows them by */
  person: string;
}

interface EntryRow {
  id: number;
  kind: 'timer' | 'log';
  harvest_user_id: number;
  project_id: number;
  task_id: number;
  spent_date: string;
  notes: string | null;
  tracked_ms: number;
  harvest_entry_id: number | null;
  alert_number: number;
  summary: string;
  device: string;
  customer_id: number;
  slug: string;
  customer_number: number;
  customer_name: string;
  person: string;
}

/** Reads what a claimed row's call needs; null when its time entry is gone (the alert was deleted). */
export async function readHarvestDelivery(db: Sql, claim: ClaimedDelivery): Promise<HarvestDelivery | null> {
  const row = (
    await db.query<EntryRow>(
      `SELECT t.id, t.kind, t.harvest_user_id, t.project_id, t.task_id, to_char(t.spent_date, 'YYYY-MM-DD') AS spent_date,
              t.notes, t.tracked_ms, t.harvest_entry_id, a.number AS alert_number, a.summary, a.device,
              c.id AS customer_id, c.slug, c.number AS customer_number, c.name AS customer_name, u.display_name AS person
       FROM harvest_time_entries t JOIN alerts a ON a.id = t.alert_id JOIN customers c ON c.id = t.customer_id
         JOIN users u ON u.id = t.user_id
       WHERE t.id = $1`,
      [claim.columns['time_entry_id']],
    )
  ).rows[0];
  if (!row) return null;
  return {
    claim,
    operation: claim.columns['operation'] as HarvestOperation,
    entry: {
      id: Number(row.id),
      kind: row.kind,
      harvestUserId: Number(row.harvest_user_id),
      projectId: Number(row.project_id),
      taskId: Number(row.task_id),
      spentDate: row.spent_date,
      notes: row.notes,
      trackedMs: Number(row.tracked_ms),
      harvestEntryId: row.harvest_entry_id === null ? null : Number(row.harvest_entry_id),
    },
    alert: { number: Number(row.alert_number), summary: row.summary, device: row.device },
    customer: {
      id: Number(row.customer_id),
      slug: row.slug,
      number: Number(row.customer_number),
      name: row.customer_name,
    },
    person: row.person,
  };
}
