/**
 * The noise report (docs/NOISE.md): a customer's event families over a period, ranked by occurrences, computed in
 * one SQL statement from the alerts as stored. Definitions of every figure are in docs/NOISE.md.
 */
import type { Classification, NoiseFamily, NoiseReport } from '../../shared/noise.ts';
import type { Database, Sql } from '../db/database.ts';

/** The most families one report lists. */
export const MAX_TOP = 100;

interface FamilyRow {
  family: string;
  occurrences: number | string;
  total: number | string;
  alerts: number;
  acknowledged: number;
  paged: number;
  noted: number;
  cleared_untouched: number;
  latest_number: number | string;
  tier_notes: string;
  device_notes: string;
  note_rule_ids: number[];
  classification: Classification | null;
}

/**
 * Per family of the period's alerts (last_seen in [since, until]): the figures a hash aggregate can count in one
 * pass, then the newest alert's number and notes (found by the family's newest last_seen through
 * alerts_by_customer_last_seen, not a sort per family), then the family's classification. Pages and notes are joined
 * as distinct alert ids so each alert counts once. Distinct devices and the median need a sort of each family's
 * rows, so they are DETAIL_SQL's, for the listed families only (docs/PERFORMANCE.md "Noise report" says why).
 */
export const REPORT_SQL = `
WITH per_family AS (
  SELECT a.family,
         sum(a.count)::float8 AS occurrences,
         count(*)::int AS alerts,
         count(*) FILTER (WHERE a.acknowledged_by IS NOT NULL)::int AS acknowledged,
         count(*) FILTER (WHERE pg.alert_id IS NOT NULL)::int AS paged,
         count(*) FILTER (WHERE cm.alert_id IS NOT NULL)::int AS noted,
         count(*) FILTER (WHERE a.status = 'resolved' AND a.acknowledged_by IS NULL
                            AND pg.alert_id IS NULL AND cm.alert_id IS NULL)::int AS cleared_untouched,
         max(a.last_seen) AS newest
    FROM alerts a
    LEFT JOIN (SELECT DISTINCT alert_id FROM pages WHERE customer_id = $1 AND alert_id IS NOT NULL) pg
      ON pg.alert_id = a.id
    -- Every commented alert's id, unfiltered: people write few notes, and reading them all (an index-only scan)
    -- cost a tenth of looking up each one's alert to keep the customer's (docs/PERFORMANCE.md).
    LEFT JOIN (SELECT DISTINCT alert_id FROM alert_comments) cm
      ON cm.alert_id = a.id
   WHERE a.customer_id = $1 AND a.last_seen >= $2 AND a.last_seen <= $3
   GROUP BY a.family
), totalled AS (
  SELECT f.*, sum(f.occurrences) OVER () AS total FROM per_family f
), ranked AS (
  SELECT t.*
    FROM totalled t
   WHERE NOT $5::boolean
      OR NOT EXISTS (SELECT 1 FROM family_classifications u WHERE u.customer_id = $1 AND u.family = t.family)
   ORDER BY t.occurrences DESC, t.family
   LIMIT $4
)
SELECT r.*, n.number AS latest_number, n.tier_notes, n.device_notes, n.note_rule_ids, cl.classification
  FROM ranked r
  CROSS JOIN LATERAL (
    SELECT x.number, x.tier_notes, x.device_notes, x.note_rule_ids
      FROM alerts x
     WHERE x.customer_id = $1 AND x.last_seen = r.newest AND x.family = r.family
     ORDER BY x.id DESC
     LIMIT 1) n
  LEFT JOIN family_classifications cl ON cl.customer_id = $1 AND cl.family = r.family
 ORDER BY r.occurrences DESC, r.family`;

/** Distinct devices and the median time open of the listed families, over the same period. */
export const DETAIL_SQL = `
SELECT a.family,
       count(DISTINCT a.device)::int AS devices,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.resolved_at - a.first_seen))
         FILTER (WHERE a.status = 'resolved' AND a.resolved_at IS NOT NULL) AS median_open
  FROM alerts a
 WHERE a.customer_id = $1 AND a.last_seen >= $2 AND a.last_seen <= $3 AND a.family = ANY($4::text[])
 GROUP BY a.family`;

interface DetailRow {
  family: string;
  devices: number;
  median_open: number | string | null;
}

const TOTAL_SQL = `SELECT coalesce(sum(count), 0)::float8 AS total FROM alerts
  WHERE customer_id = $1 AND last_seen >= $2 AND last_seen <= $3`;

/** A family key in words: "/Net/Link · eth0 · web#.acme.com", "HighLoad (job node)". */
export function familyLabel(family: string): string {
  const [kind, ...parts] = family.split('|');
  if (kind === 'prometheus') {
    const [alertname = '', ...job] = parts;
    const jobName = job.join('|');
    return jobName === '' ? alertname : `${alertname} (job ${jobName})`;
  }
  return parts.filter((part) => part !== '').join(' · ');
}

/**
 * The noise report of one customer over [since, until], its `top` families (1..MAX_TOP); with `unclassifiedOnly`
 * only families nobody has classified yet (what a triage session takes), shares still of the whole volume.
 */
export async function noiseReport(
  db: Database,
  customer: { id: number; slug: string },
  period: { since: Date; until: Date },
  top: number,
  options: { unclassifiedOnly?: boolean } = {},
): Promise<NoiseReport> {
  return db.transaction((tx) => noiseReportIn(tx, customer, period, top, options));
}

/** noiseReport in the caller's transaction (a room command's, a triage start's). */
export async function noiseReportIn(
  tx: Sql,
  customer: { id: number; slug: string },
  period: { since: Date; until: Date },
  top: number,
  options: { unclassifiedOnly?: boolean } = {},
): Promise<NoiseReport> {
  const params = [customer.id, period.since.toISOString(), period.until.toISOString()];
  // JIT compiling costs ~100 ms on every run of these statements and saves nothing on a million rows; the
  // per-family sorts of DETAIL_SQL spill to disk at the default 4 MB. Both last until the transaction ends.
  await tx.query(`SET LOCAL jit = off`);
  await tx.query(`SET LOCAL work_mem = '64MB'`);
  const rows = (await tx.query<FamilyRow>(REPORT_SQL, [...params, top, options.unclassifiedOnly === true])).rows;
  const detailRows =
    rows.length === 0 ? [] : (await tx.query<DetailRow>(DETAIL_SQL, [...params, rows.map((row) => row.family)])).rows;
  const details = new Map(detailRows.map((row) => [row.family, row]));
  // The total is carried by the window sum when any family is listed; only an empty list needs a second look.
  const total = rows[0]
    ? Number(rows[0].total)
    : Number((await tx.query<{ total: number }>(TOTAL_SQL, params)).rows[0]?.total ?? 0);
  const hours = Math.max(period.until.getTime() - period.since.getTime(), 1) / 3_600_000;
  return {
    customer: customer.slug,
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    occurrences: total,
    families: rows.map((row) => toFamily(row, details.get(row.family), total, hours)),
  };
}

function toFamily(row: FamilyRow, detail: DetailRow | undefined, total: number, hours: number): NoiseFamily {
  const occurrences = Number(row.occurrences);
  return {
    family: row.family,
    label: familyLabel(row.family),
    occurrences,
    share: total === 0 ? 0 : occurrences / total,
    alerts: row.alerts,
    devices: detail?.devices ?? 0,
    acknowledged: row.acknowledged,
    paged: row.paged,
    noted: row.noted,
    clearedUntouched: row.cleared_untouched,
    medianOpenSeconds: detail === undefined || detail.median_open === null ? null : Number(detail.median_open),
    flapsPerHour: row.alerts / hours,
    notes: { tier: row.tier_notes, device: row.device_notes, ruleIds: row.note_rule_ids.map(Number) },
    classification: row.classification ?? 'unclassified',
    latestNumber: Number(row.latest_number),
  };
}
