/**
 * The embedded COSS's sample data. First-run setup does what `coss admin customer/user/token/key/target add` would,
 * through the same directory functions, on the database the child already has open: PGlite opens once instead of
 * five times (each open costs one to several seconds). Note rules and events then go through the REST API, so the
 * samples take the same path as real alerts (normalisation, notes, numbering).
 *
 * No secret is written to a file: the console's token is issued afresh at every start (the last one revoked) and
 * handed over in memory, and the sample customer's ingest key lives only while the samples are posted.
 */
import {
  addCustomer,
  addIngestKey,
  addToken,
  addUser,
  revokeSecret,
  revokeTokensLabelled,
} from '../../../server/admin/directory.ts';
import type { Database } from '../../../server/db/database.ts';
import { upsertTarget } from '../../../server/paging/targets.ts';

/** A routing key that PagerDuty would accept in shape but that names no real service. */
const SAMPLE_ROUTING_KEY = 'c0550000000000000000000000000102';

export const SAMPLE_NOTE_RULES = [
  {
    name: 'Acme tier notes',
    position: 10,
    match: { deviceGroup: '/Customers/Acme' },
    tierNotes:
      '**Tier 1:** the NOC pages `casc/int/systems` (COSS oncall macro – Systems) for any Acme outage. Call Acme IT at +1 555 0102 after paging.',
  },
  {
    name: 'x7 DNS ELB',
    position: 20,
    match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' },
    deviceNotes:
      'x7.acme.com fronts the Acme ELB; if CheckDNSELB fails, check [Route 53 health](https://wiki.example/acme/dns) first, then the ELB listeners.',
  },
];

/** The Zenoss event of the NOC's own transcript: x7's CheckDNSELB going critical, event 32962. */
export const TRANSCRIPT_EVENT = {
  device: 'x7.acme.com',
  ipAddress: '172.30.0.14',
  component: 'CheckDNSELB',
  eventClass: '/Status/DNS',
  severity: 5,
  summary: 'CheckDNSELB CRITICAL: fisheye.acme.com does not resolve',
  DeviceGroups: ['/Customers/Acme'],
  Systems: ['/Acme/Systems'],
};

export const SAMPLE_EVENTS = [
  TRANSCRIPT_EVENT,
  {
    device: 'db01.acme.com',
    component: 'disk',
    eventClass: '/Perf/Filesystem',
    eventKey: '/var',
    severity: 4,
    summary: 'Filesystem /var 94% full',
    DeviceGroups: ['/Customers/Acme'],
  },
  {
    device: 'web1.acme.com',
    component: 'httpd',
    eventClass: '/Status/Web',
    severity: 3,
    summary: 'HTTP response time 2.4 s (threshold 2 s)',
    DeviceGroups: ['/Customers/Acme/Web'],
  },
  {
    device: 'vpn.acme.com',
    component: 'ipsec',
    eventClass: '/Net/VPN',
    severity: 2,
    summary: 'Tunnel to LAX re-keyed',
    DeviceGroups: ['/Customers/Acme'],
  },
];

const LOCAL_USER = 'local';
const SESSION_LABEL = 'embedded console';

/** Creates the sample customer, the local operator and the paging target. */
export async function setUpSampleDirectory(db: Database): Promise<void> {
  // One transaction: a first run killed half-way leaves nothing behind that a second run would trip over.
  await db.transaction(async (tx) => {
    await addCustomer(tx, { number: 102, slug: 'acme', name: 'Acme (sample)', timeZone: 'America/Los_Angeles' });
    await addUser(tx, {
      name: LOCAL_USER,
      displayName: 'Local operator',
      role: 'operator',
      pagerdutyEmail: 'local@coss.invalid',
    });
    await upsertTarget(tx, {
      path: 'casc/int/systems',
      name: 'COSS oncall macro – Systems',
      routingKey: SAMPLE_ROUTING_KEY,
      customer: null,
    });
    // The seed transcript's event number, so the sample reads like the real thing.
    await tx.query("SELECT setval('alert_number_seq', 32961)");
  });
}

/**
 * The local operator's token for this run. Earlier runs' tokens are revoked, so a token copied out of a running
 * console (or a state file of an older version, which kept one) stops working at the next start.
 */
export async function issueSessionToken(db: Database): Promise<string> {
  return db.transaction(async (tx) => {
    await revokeTokensLabelled(tx, LOCAL_USER, SESSION_LABEL);
    return (await addToken(tx, LOCAL_USER, SESSION_LABEL)).token;
  });
}

async function post(url: string, secret: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`embedded COSS refused ${path}: HTTP ${response.status} ${await response.text()}`);
}

/**
 * Posts the sample note rules and events to a running embedded COSS, with an ingest key made for the purpose and
 * revoked afterwards (also when posting fails: a retry at the next start makes its own).
 */
export async function postSamples(db: Database, url: string, token: string): Promise<void> {
  const key = await addIngestKey(db, 'acme', 'embedded samples');
  try {
    for (const rule of SAMPLE_NOTE_RULES) await post(url, token, '/api/v1/customers/acme/note-rules', rule);
    // One by one: a batch numbers its alerts in key order, and x7 should be the transcript's 32962.
    for (const event of SAMPLE_EVENTS) await post(url, key.key, '/api/v1/alerts/zenoss', event);
  } finally {
    await revokeSecret(db, 'key', key.id);
  }
}
