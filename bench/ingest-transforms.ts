/**
 * Ingest with 100 transforms on the customer against ingest with none, in one run on one node: Acme has no
 * transforms, Globex has 100 (device and component globs, organizer paths, summary regexes, families, label
 * selectors, severity ranges; a few match), and rounds alternate between the two so that drift on a shared machine
 * falls on both. Each round posts Zenoss events, 100 per POST (a mix of new alerts and repeats), from a closed loop
 * of keep-alive requests for a fixed time. On PGlite and PostgreSQL (when it answers).
 *
 *   node --import tsx bench/ingest-transforms.ts [--seconds 4] [--rounds 3] [--concurrency 8] [--only pglite|postgres]
 *
 * Prints a markdown table (docs/PERFORMANCE.md, "Ingest with transforms"); target: within 10 %.
 */
import { parseArgs } from 'node:util';
import { databaseKinds, type DatabaseKind } from '../test/support/databases.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { createTransform } from '../server/transforms/transform-changes.ts';
import { TransformInputSchema } from '../shared/transforms.ts';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    concurrency: { type: 'string' },
    only: { type: 'string' },
  },
  strict: true,
});
const SECONDS = Number(flags.seconds ?? 4);
const ROUNDS = Number(flags.rounds ?? 3);
const CONCURRENCY = Number(flags.concurrency ?? 8);
const BATCH = 100;
if (!(SECONDS > 0 && SECONDS <= 60 && ROUNDS >= 1 && ROUNDS <= 10 && CONCURRENCY >= 1 && CONCURRENCY <= 64)) {
  throw new Error('seconds 1-60, rounds 1-10, concurrency 1-64');
}

/** 100 transforms as a customer's NOC would write them over months of triage; five of them match some events. */
function transforms() {
  const list = [];
  for (let i = 0; i < 100; i += 1) {
    const match = [
      { device: `lab-${i}-*.acme.com` },
      { summary: `(timeout|refused) on port ${1000 + i}$`, severity: { max: 'error' } },
      { eventClass: `/App/Service${i}`, component: `svc${i}*` },
      { family: `event|/Status/Ping|eth0|host#-${i}.acme.com` },
      { labels: `{job="job${i}", instance=~"node${i}-[0-9]+:9100"}` },
    ][i % 5];
    const actions = [
      [{ type: 'suppress' }],
      [{ type: 'set-severity', severity: 'warning' }],
      [{ type: 'set-summary', template: '[{device}] {summary}' }],
      [{ type: 'attach-notes', tierNotes: `Runbook ${i}: check the service` }],
    ][i % 4];
    list.push(TransformInputSchema.parse({ name: `transform ${i}`, position: i, match, actions }));
  }
  // These match: web devices' pings (the bench's events) get notes, and one series is suppressed.
  list[0] = TransformInputSchema.parse({
    name: 'web ping notes',
    position: 0,
    match: { device: 'web*', eventClass: '/Status/Ping' },
    actions: [{ type: 'attach-notes', tierNotes: 'Check the load balancer first' }],
  });
  list[1] = TransformInputSchema.parse({
    name: 'web7 noise',
    position: 1,
    match: { device: 'web7*' },
    actions: [{ type: 'suppress' }],
  });
  return list;
}

let sequence = 0;
/** A POST's events: 100 devices of 2,000, so rounds both open alerts and repeat them. */
function body(): unknown[] {
  const events = [];
  for (let i = 0; i < BATCH; i += 1) {
    const device = `web${(sequence * 37 + i * 13) % 2000}.acme.com`;
    events.push({
      evid: `bench-${sequence}-${i}`,
      device,
      component: 'eth0',
      eventClass: '/Status/Ping',
      eventKey: '',
      severity: 4,
      summary: `${device} ping loss 40% on port 8080`,
      count: 1,
    });
  }
  sequence += 1;
  return events;
}

/** Alerts per second posted for `customer` during SECONDS, from CONCURRENCY closed loops. */
async function round(t: TestServer, key: string): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let alerts = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const response = await t.request('POST', '/api/v1/alerts/zenoss', key, body());
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
      alerts += BATCH;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return alerts / ((performance.now() - started) / 1000);
}

async function bench(kind: DatabaseKind): Promise<{ none: number[]; hundred: number[] }> {
  const t = await startTestServer(kind, { maintenanceCheckMs: 0, heartbeatCheckMs: 0 });
  try {
    const globex = { id: t.customers.globex.id, slug: 'globex' };
    await t.server.context.db.transaction(async (tx) => {
      for (const input of transforms()) await createTransform(tx, globex, input, { name: 'bench' }, '');
    });
    t.server.context.transforms.invalidate(globex.id);
    await round(t, t.keys.acme); // warm-up, both customers
    await round(t, t.keys.globex);
    const none: number[] = [];
    const hundred: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      // Alternate which goes first, so neither always follows the other's checkpoint.
      if (i % 2 === 0) {
        none.push(await round(t, t.keys.acme));
        hundred.push(await round(t, t.keys.globex));
      } else {
        hundred.push(await round(t, t.keys.globex));
        none.push(await round(t, t.keys.acme));
      }
    }
    const suppressed = await t.server.context.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM alerts WHERE customer_id = $1 AND suppressed_by IS NOT NULL',
      [globex.id],
    );
    if (Number(suppressed.rows[0]?.n ?? 0) === 0) throw new Error('the transforms did not run');
    return { none, hundred };
  } finally {
    await t.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const kinds = (await databaseKinds()).filter((kind) => flags.only === undefined || flags.only === kind);
const lines = [
  `| database | no transforms (alerts/s, median of ${ROUNDS}) | 100 transforms | ratio | rounds (none / 100) |`,
  '| --- | --- | --- | --- | --- |',
];
for (const kind of kinds) {
  const { none, hundred } = await bench(kind);
  const ratio = median(hundred) / median(none);
  const fmt = (values: number[]) => values.map((value) => Math.round(value)).join(', ');
  lines.push(
    `| ${kind} | ${Math.round(median(none))} | ${Math.round(median(hundred))} | ${ratio.toFixed(3)} | ${fmt(none)} / ${fmt(hundred)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
