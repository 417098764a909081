/**
 * The noise report over a customer with 1,000,000 alerts in the last 30 days (docs/PERFORMANCE.md "Noise report"):
 * the data set is made by generate_series in a fresh database, then the report's query (server/noise/report.ts, the
 * same function the route calls) runs a few times over 30 days, top 10. Each alert is one open/clear cycle with a
 * count of 1-5 occurrences, so the occurrences are about three times the alerts.
 *
 *   node --import tsx bench/noise-report.ts [--db postgres|pglite] [--alerts 1000000] [--runs 7] [--explain]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openTestDatabase, type DatabaseKind } from '../test/support/databases.ts';
import { seedDirectory } from '../test/support/seed.ts';
import { noiseReport, REPORT_SQL } from '../server/noise/report.ts';
import { noiseTrend } from '../server/noise/trend.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    alerts: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
    explain: { type: 'boolean', default: false },
  },
});
const kind: DatabaseKind = values.db === 'pglite' ? 'pglite' : 'postgres';
const alerts = Number(values.alerts);
const runs = Number(values.runs);
const DAYS = 30;

const { db, dispose } = await openTestDatabase(kind);
const seed = await seedDirectory(db);
const acme = seed.customers.acme.id;
const started = performance.now();

// 2,000 families, skewed so a few are most of the volume (family f takes alerts in proportion to 1/(f+1)): 400 event
// classes × 5 components on devices web01..web99 (one folded family per class and component), and a few Prometheus
// alerts. 90 % are resolved after 1-120 minutes; 2 % acknowledged, 1 % paged, 1 % noted.
await db.query(
  `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key, severity,
     summary, message, count, first_seen, last_seen, status, acknowledged_by, resolved_at, labels)
   SELECT $1, CASE WHEN f % 50 = 0 THEN 'alertmanager' ELSE 'zenoss' END, 'fp' || i, 'ck' || i,
          'web' || lpad(((i % 99) + 1)::text, 2, '0') || '.acme.com', 'comp' || (f % 5), '/Bench/Class' || (f / 5), '',
          'error', 'bench', 'bench', 1 + i % 5, seen - make_interval(mins => 1 + i % 120), seen,
          CASE WHEN i % 10 = 0 THEN 'open' WHEN i % 50 = 1 THEN 'acknowledged' ELSE 'resolved' END,
          CASE WHEN i % 50 = 1 THEN 'NOC' END,
          CASE WHEN i % 10 <> 0 AND i % 50 <> 1 THEN seen END,
          jsonb_build_object('alertname', 'Bench' || f, 'job', 'node', 'instance', 'h' || (i % 99) || ':9100')
     FROM (SELECT i, floor(exp(random() * ln(2000)))::int - 1 AS f,
                  now() - make_interval(secs => random() * $2) AS seen
             FROM generate_series(1, $3) AS i) AS g`,
  [acme, DAYS * 86_400 - 60, alerts],
);
await db.query(`INSERT INTO paging_targets (path, name, routing_key) VALUES ('casc/bench', 'Bench', 'k')`);
await db.query(
  `INSERT INTO pages (customer_id, alert_id, target_id, priority, dedup_key, message, requested_by)
   SELECT $1, id, (SELECT id FROM paging_targets LIMIT 1), 'normal', 'coss_102-' || number, 'm', 'NOC'
     FROM alerts WHERE id % 100 = 3`,
  [acme],
);
await db.query(
  `INSERT INTO alert_comments (alert_id, author, body) SELECT id, 'NOC', 'n' FROM alerts WHERE id % 100 = 7`,
);
// A second customer's alerts share the table, as in production.
await db.query(
  `INSERT INTO alerts (customer_id, source, fingerprint, clear_key, device, component, event_class, event_key, severity,
     summary, message, count, first_seen, last_seen)
   SELECT $1, 'zenoss', 'g' || i, 'g' || i, 'db' || (i % 10), 'c', '/G', '', 'error', 's', 'm', 1, now(), now()
     FROM generate_series(1, $2) AS i`,
  [seed.customers.globex.id, Math.round(alerts / 10)],
);
await db.query('ANALYZE');
const loadSeconds = (performance.now() - started) / 1000;

const customer = { id: acme, slug: 'acme' };
const until = new Date();
const period = { since: new Date(until.getTime() - DAYS * 86_400_000), until };
const times: number[] = [];
let families = 0;
let occurrences = 0;
for (let run = 0; run < runs; run++) {
  const begin = performance.now();
  const report = await noiseReport(db, customer, period, 10);
  times.push(performance.now() - begin);
  families = report.families.length;
  occurrences = report.occurrences;
}
const trendBegin = performance.now();
await noiseTrend(db, customer, 12, until);
const trendMs = performance.now() - trendBegin;

if (values.explain && kind === 'postgres') {
  // The statement's plan with the same parameters, for docs/PERFORMANCE.md.
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${REPORT_SQL}`, [
    acme,
    period.since.toISOString(),
    period.until.toISOString(),
    10,
    false,
  ]);
  console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
}

const sorted = [...times].sort((a, b) => a - b);
const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
const max = sorted[sorted.length - 1] ?? 0;
console.log(
  JSON.stringify(
    {
      db: kind,
      alerts,
      occurrences,
      families,
      loadSeconds: Math.round(loadSeconds),
      reportMs: { p50: Math.round(p50), max: Math.round(max), runs: times.map(Math.round) },
      trend12WeeksMs: Math.round(trendMs),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg: os.loadavg().map((l) => l.toFixed(2)) },
    },
    null,
    2,
  ),
);
await dispose();
