/** Reading alerts: the filtered queue and one alert with its history. */
import { SEVERITIES, type Alert } from '../../shared/alert.ts';
import type { AlertComment, AlertHistoryEntry, AlertListQuery } from '../../shared/actions.ts';
import type { Sql } from '../db/database.ts';
import { toAlert, type AlertRow } from './row.ts';
import { alertTimeline } from './timeline.ts';

/**
 * The queue: worst severity first, then newest; or, with `order=number`, by event number from `after` on.
 * `customerIds` is what the caller may see (null = all).
 */
export async function listAlerts(db: Sql, customerIds: number[] | null, query: AlertListQuery): Promise<Alert[]> {
  const byNumber = query.order === 'number';
  const minRank = query.minSeverity ? SEVERITIES.indexOf(query.minSeverity) : 0;
  const allowedSeverities = SEVERITIES.slice(minRank);
  const result = await db.query<AlertRow & { slug: string }>(
    `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id
     WHERE ($1::bigint[] IS NULL OR a.customer_id = ANY($1::bigint[]))
       AND ($2::text[] IS NULL OR a.status = ANY($2::text[]))
       AND a.severity = ANY($3::text[])
       AND ($4::text IS NULL OR a.device ILIKE $4 OR a.summary ILIKE $4 OR a.component ILIKE $4
            OR a.number::text = $5)
       AND ($8::bigint IS NULL OR a.number > $8)
     ORDER BY ${byNumber ? 'a.number, ' : ''}array_position($6::text[], a.severity) DESC, a.last_seen DESC, a.id DESC
     LIMIT $7`,
    [
      customerIds,
      query.status && query.status.length > 0 ? query.status : null,
      allowedSeverities,
      query.q ? `%${query.q.replace(/[\\%_]/g, '\\$&')}%` : null,
      query.q ?? null,
      SEVERITIES,
      query.limit ?? 500,
      query.after ?? null,
    ],
  );
  return result.rows.map((row) => toAlert(row, row.slug));
}

/** One alert by event number with its customer id, or null. */
export async function findAlert(db: Sql, number: number): Promise<{ alert: Alert; customerId: number } | null> {
  const result = await db.query<AlertRow & { slug: string }>(
    `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id WHERE a.number = $1`,
    [number],
  );
  const row = result.rows[0];
  return row ? { alert: toAlert(row, row.slug), customerId: Number(row.customer_id) } : null;
}

/** The alert's incident timeline and operator notes, oldest first; `internalRoom`: the reader may see that room. */
export async function alertHistory(
  db: Sql,
  found: { alert: Alert; customerId: number },
  reader: { internalRoom: boolean },
): Promise<{ history: AlertHistoryEntry[]; comments: AlertComment[] }> {
  const history = await alertTimeline(db, found.alert.id, found.alert, found.customerId, reader.internalRoom);
  const comments = await db.query<{ id: number; author: string; body: string; created_at: Date }>(
    'SELECT id, author, body, created_at FROM alert_comments WHERE alert_id = $1 ORDER BY id',
    [found.alert.id],
  );
  return {
    history,
    comments: comments.rows.map((row) => ({
      id: Number(row.id),
      author: row.author,
      body: row.body,
      createdAt: new Date(row.created_at).toISOString(),
    })),
  };
}
