/**
 * A customer's noise trend, ISO week by ISO week (Monday 00:00 UTC): volume, the share of it in families classified
 * actionable by the end of that week, and the share that transforms suppressed. Definitions in docs/NOISE.md.
 */
import type { NoiseTrend } from '../../shared/noise.ts';
import type { Sql } from '../db/database.ts';

/** The most weeks one trend covers (two years). */
export const MAX_WEEKS = 104;

interface WeekRow {
  week_start: string;
  occurrences: number | string;
  actionable: number | string;
  suppressed: number | string;
}

/**
 * An alert counts in the week of its last_seen, with all of its occurrences (what is stored is a count per alert,
 * not a time per occurrence). A family counts as actionable from the week its classification was made, so the
 * trend shows triage taking effect instead of rewriting the past. Weeks without alerts are listed with zeros.
 */
const TREND_SQL = `
WITH weeks AS (
  SELECT generate_series(date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC'),
                         date_trunc('week', $3::timestamptz AT TIME ZONE 'UTC'),
                         interval '1 week') AS week_start
), per_week AS (
  SELECT date_trunc('week', a.last_seen AT TIME ZONE 'UTC') AS week_start,
         sum(a.count)::float8 AS occurrences,
         coalesce(sum(a.count) FILTER (
           WHERE cl.classified_at < (date_trunc('week', a.last_seen AT TIME ZONE 'UTC') + interval '1 week')
                                    AT TIME ZONE 'UTC'), 0)::float8 AS actionable,
         coalesce(sum(a.count) FILTER (WHERE a.suppressed_by IS NOT NULL), 0)::float8 AS suppressed
    FROM alerts a
    LEFT JOIN family_classifications cl
      ON cl.customer_id = a.customer_id AND cl.family = a.family AND cl.classification = 'actionable'
   WHERE a.customer_id = $1 AND a.last_seen >= date_trunc('week', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
     AND a.last_seen <= $3
   GROUP BY 1
)
SELECT to_char(w.week_start, 'YYYY-MM-DD"T00:00:00.000Z"') AS week_start, coalesce(p.occurrences, 0) AS occurrences, coalesce(p.actionable, 0) AS actionable,
       coalesce(p.suppressed, 0) AS suppressed
  FROM weeks w LEFT JOIN per_week p ON p.week_start = w.week_start
 ORDER BY w.week_start`;

/** The last `weeks` ISO weeks up to `until`, the current (partial) week last. */
export async function noiseTrend(
  db: Sql,
  customer: { id: number; slug: string },
  weeks: number,
  until: Date,
): Promise<NoiseTrend> {
  const since = new Date(until.getTime() - (weeks - 1) * 7 * 86_400_000);
  const rows = (await db.query<WeekRow>(TREND_SQL, [customer.id, since.toISOString(), until.toISOString()])).rows;
  return {
    customer: customer.slug,
    weeks: rows.map((row) => {
      const occurrences = Number(row.occurrences);
      const share = (part: number | string) => (occurrences === 0 ? 0 : Number(part) / occurrences);
      return {
        weekStart: row.week_start,
        occurrences,
        actionableShare: share(row.actionable),
        suppressedShare: share(row.suppressed),
      };
    }),
  };
}
