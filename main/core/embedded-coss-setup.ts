/**
 * First-run setup of the embedded COSS, run as a child process (`node --import tsx embedded-coss-setup.ts DIR`)
 * while no server holds the PGlite directory. It does what `coss admin customer/user/token/key/target add` would,
 * through the same directory functions, in one process: PGlite opens once instead of five times (each open costs
 * one to several seconds), which is the difference between a first start in seconds and one in a minute.
 * Prints one JSON line: the operator token and the ingest key.
 */
import { openDatabase } from '../../server/db/open.ts';
import { addCustomer, addIngestKey, addToken, addUser } from '../../server/admin/directory.ts';
import { upsertTarget } from '../../server/paging/targets.ts';

/** A routing key that PagerDuty would accept in shape but that names no real service. */
const SAMPLE_ROUTING_KEY = 'c0550000000000000000000000000102';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: embedded-coss-setup.ts DATA_DIR\n');
  process.exit(2);
}
const db = await openDatabase({ databaseUrl: undefined, dataDir });
try {
  await addCustomer(db, { number: 102, slug: 'acme', name: 'Acme (sample)', timeZone: 'America/Los_Angeles' });
  await addUser(db, { name: 'local', displayName: 'Local operator', role: 'operator', pagerdutyEmail: 'local@coss.invalid' });
  const token = (await addToken(db, 'local', 'embedded console')).token;
  const ingestKey = (await addIngestKey(db, 'acme', 'embedded samples')).key;
  await upsertTarget(db, { path: 'casc/int/systems', name: 'COSS oncall macro – Systems', routingKey: SAMPLE_ROUTING_KEY, customer: null });
  // The seed transcript's event number, so the sample reads like the real thing.
  await db.query("SELECT setval('alert_number_seq', 32961)");
  process.stdout.write(JSON.stringify({ token, ingestKey }) + '\n');
} finally {
  await db.close();
}
