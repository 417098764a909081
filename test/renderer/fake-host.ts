/**
 * An in-memory HostApi with realistic NOC data, for renderer development and tests. Pure TypeScript (no
 * node:*, no DOM) so the same code runs in Node for store tests and in Chromium for the end-to-end tests.
 *
 * Long on purpose: it answers the whole host contract (every request channel) and seeds five customers' alerts, rooms
 * and notes; its seed table is most of its length.
 */
import type { Severity } from '../../shared/alert.ts';
import { searchNoteTexts, type SearchableEntry } from '../../shared/notes-search.ts';
import { ALL_CUSTOMERS, HOST_REQUESTS } from '../../shared/host/contract.ts';
import type {
  ActionOutcome,
  AlertView,
  CustomerSummary,
  HostApi,
  HostArgs,
  HostError,
  HostEventName,
  HostEventPayload,
  HostRequestName,
  HostResponse,
  HostResult,
} from '../../shared/host/contract.ts';
import type { ConnectionState } from '../../shared/host/connection.ts';
import type { RoomMessage, RoomName } from '../../shared/room.ts';
import type { Role } from '../../shared/roles.ts';
import { createEventListeners } from '../../shared/host/event-listeners.ts';
import { createFakeMaintenance } from './fake-maintenance.ts';
import { createFakeHeartbeats, type HeartbeatChange } from './fake-heartbeats.ts';
import { createFakeNoise } from './fake-noise.ts';
import { createFakeTransforms } from './fake-transforms.ts';
import { createFakeTriage } from './fake-triage.ts';
import { createFakeTickets } from './fake-tickets.ts';
import type { AlertTime } from '../../shared/alert-time.ts';

export interface FakeHostOptions {
  /** the clock, as ms since the epoch; fixed by tests that compare screenshots */
  now?: number;
  /** extra generated alerts for the first customer (100,000 for the windowing test) */
  bulkAlerts?: number;
  /** spread the bulk alerts round-robin over this many customers (more than the five seeded adds "Bulk 6"…) */
  bulkCustomers?: number;
  /** earlier chat lines in Acme's room, before the seeded transcript */
  roomHistory?: number;
  /** how actions answer: done by COSS, queued offline, or sent straight to PagerDuty */
  outcome?: ActionOutcome['status'];
  connection?: Partial<ConnectionState>;
  /** what settings.get says about token storage; default: the web host's honest unencrypted file */
  secretStorage?: { encrypted: boolean; description: string };
  /** who is signed in; default: the operator NOC */
  user?: { name: string; displayName: string; role: Role; customer: string | null };
}

export interface FakeHostCall {
  name: HostRequestName;
  args: unknown;
}

/** The fake host plus the handles a test uses to drive it. */
export interface FakeHost extends HostApi {
  calls: FakeHostCall[];
  openedUrls: string[];
  emit<N extends HostEventName>(name: N, payload: HostEventPayload<N>): void;
  setConnection(change: Partial<ConnectionState>): void;
  setOutcome(outcome: ActionOutcome['status']): void;
  /** raise a new alert, as an ingest would, and announce it */
  raise(customer: string, alert: Partial<AlertView> & { number: number; summary: string; severity: Severity }): void;
  /** change (or make) a customer's heartbeat as COSS would, or remove it (null), and announce 'heartbeats.changed' */
  setHeartbeat(customer: string, name: string, change: HeartbeatChange | null): void;
  /** set alert `number`'s time per person, as COSS would answer `alerts.time` */
  setTime(number: number, people: AlertTime['people']): void;
  /** answer request `name` `ms` later from now on, as a slow COSS would (0: at once again) */
  delay(name: HostRequestName, ms: number): void;
}

interface CustomerSeed {
  slug: string;
  name: string;
  number: number;
  timeZone: string;
  onCall: CustomerSummary['onCall'];
  onCallProblem?: string;
}

const SEEDED_CUSTOMERS: readonly CustomerSeed[] = [
  {
    slug: 'acme',
    name: 'Acme',
    number: 102,
    timeZone: 'America/Los_Angeles',
    onCall: [
      { target: 'casc/int/systems', targetName: 'COSS oncall macro – Systems', people: ['Romel Emperado'] },
      { target: 'acme/oncall', targetName: 'Acme on-call', people: ['Dana Whitfield'] },
    ],
  },
  {
    slug: 'globex',
    name: 'Globex',
    number: 117,
    timeZone: 'America/Chicago',
    onCall: [{ target: 'casc/int/network', targetName: 'COSS oncall – Network', people: ['Priya Natarajan'] }],
  },
  {
    slug: 'initech',
    name: 'Initech',
    number: 131,
    timeZone: 'America/New_York',
    onCall: [{ target: 'casc/int/systems', targetName: 'COSS oncall macro – Systems', people: ['Romel Emperado'] }],
  },
  {
    slug: 'umbrella',
    name: 'Umbrella Health',
    number: 144,
    timeZone: 'Europe/London',
    onCall: [{ target: 'umbrella/dba', targetName: 'Umbrella DBA', people: [] }],
  },
  {
    slug: 'hooli',
    name: 'Hooli',
    number: 150,
    timeZone: 'UTC',
    onCall: [],
    onCallProblem: 'no paging target in this room',
  },
];

/** The seeded customers, plus generated ones up to `count` (the benchmark's 10 customers). */
function withBulkCustomers(count: number): readonly CustomerSeed[] {
  const extra: CustomerSeed[] = [];
  for (let index = SEEDED_CUSTOMERS.length; index < count; index++) {
    extra.push({
      slug: `bulk${index + 1}`,
      name: `Bulk ${index + 1}`,
      number: 200 + index,
      timeZone: 'UTC',
      onCall: [],
    });
  }
  return [...SEEDED_CUSTOMERS, ...extra];
}

const TARGETS = [
  { path: 'casc/int/systems', name: 'COSS oncall macro – Systems', customer: null },
  { path: 'casc/int/network', name: 'COSS oncall – Network', customer: null },
  { path: 'casc/romel', name: 'Romel Emperado', customer: null },
];
const CUSTOMER_TARGETS: Readonly<Record<string, { path: string; name: string; customer: string }[]>> = {
  acme: [{ path: 'acme/oncall', name: 'Acme on-call', customer: 'acme' }],
  globex: [{ path: 'globex/noc', name: 'Globex NOC', customer: 'globex' }],
  umbrella: [{ path: 'umbrella/dba', name: 'Umbrella DBA', customer: 'umbrella' }],
};

const DNS_TIER_NOTES = `## CheckDNSELB — tier 1
1. Confirm from a second vantage point: \`dig +short www.acme.com @8.8.8.8\`
2. If the ELB name no longer resolves, check the **AWS status page** and the [Route 53 health checks](https://console.aws.amazon.com/route53/healthchecks/home).
3. Still failing after 10 min: page **casc/int/systems** (normal); customer-facing outage → \`.urgent\`.

> Do **not** restart x7 during business hours (Acme change freeze, ticket CHG-4411).`;

const DNS_DEVICE_NOTES = `**x7.acme.com** — DNS probe host in us-west-2, owned by Acme IT (Dana Whitfield).
- Probes \`www.acme.com\` → \`acme-web-prod-1234.us-west-2.elb.amazonaws.com\` every 60 s
- Runbook: [Acme DNS runbook](https://wiki.example.com/acme/dns-runbook)`;

const FISHEYE_TIER_NOTES = `Tier 1: check \`systemctl status fisheye\` over the jump host, then page **casc/int/systems**.
Acme wants a call to the on-call engineer for anything that takes longer than 30 min.`;

/** A runbook rule as the core's notes bundle holds it; `alerts` are the seeded alerts that carry its notes. */
interface NoteRuleSeed {
  id: number;
  customer: string;
  name: string;
  match: Record<string, string>;
  tierNotes: string;
  deviceNotes: string;
  alerts: readonly number[];
}

const NOTE_RULES: readonly NoteRuleSeed[] = [
  {
    id: 7,
    customer: 'acme',
    name: 'CheckDNSELB on the x7 DNS probe host',
    match: { deviceGlob: 'x7.acme.com', component: 'CheckDNSELB' },
    tierNotes: DNS_TIER_NOTES,
    deviceNotes: DNS_DEVICE_NOTES,
    alerts: [32977],
  },
  {
    id: 11,
    customer: 'acme',
    name: 'Fisheye web checks',
    match: { deviceGlob: 'fisheye.acme.com', eventClass: '/Status/Web' },
    tierNotes: FISHEYE_TIER_NOTES,
    deviceNotes: '',
    alerts: [32962],
  },
  {
    id: 12,
    customer: 'acme',
    name: 'Postgres data filesystems',
    match: { deviceGlob: 'db*.acme.com', component: '/var/lib/pgsql' },
    tierNotes: 'Page **casc/int/systems** at once: Postgres stops accepting writes at 100%.',
    deviceNotes: '',
    alerts: [32981],
  },
  {
    id: 13,
    customer: 'acme',
    name: 'Postfix mail queue',
    match: { deviceGlob: 'mail.acme.com', component: 'postfix' },
    tierNotes: 'Check for a spam run first: `mailq | tail -1`.',
    deviceNotes: '',
    alerts: [32940],
  },
  {
    id: 14,
    customer: 'acme',
    name: 'Portland office VPN',
    match: { deviceGlob: 'vpn1.acme.com', component: 'ipsec' },
    tierNotes: 'Portland office has a backup LTE link; confirm in the room before paging.',
    deviceNotes: '',
    alerts: [32955],
  },
  {
    id: 21,
    customer: 'globex',
    name: 'Lumen BGP sessions',
    match: { component: 'BGP' },
    tierNotes: 'Call the carrier (Lumen) NOC first: +1 877 453 8353, circuit ID in the device notes.',
    deviceNotes: 'Circuit **DIA-55821**, Lumen. Contract: 4h MTTR.',
    alerts: [32901],
  },
  {
    id: 31,
    customer: 'initech',
    name: 'TPS tomcat',
    match: { deviceGlob: 'tps-app*.initech.com', component: 'tomcat' },
    tierNotes: 'Restart is allowed: `sudo systemctl restart tomcat`. Tell Bill in the room.',
    deviceNotes: '',
    alerts: [32920],
  },
  {
    id: 41,
    customer: 'umbrella',
    name: 'Oracle tablespaces',
    match: { component: 'oracle' },
    tierNotes: 'Page **umbrella/dba**; never extend tablespaces ourselves.',
    deviceNotes: '',
    alerts: [33030],
  },
];

interface AlertSeed {
  customer: string;
  number: number;
  severity: Severity;
  device: string;
  ip: string | null;
  component: string;
  summary: string;
  minutesAgo: number;
  count?: number;
  status?: AlertView['status'];
  acknowledgedBy?: string;
  tier?: string;
  deviceNotes?: string;
  eventClass?: string;
  systems?: string[];
  /** what Alertmanager sent with a Prometheus alert */
  prometheus?: { labels: Record<string, string>; annotations: Record<string, string>; generatorUrl: string };
}

/** 40 alerts spread over the customers, worst for Acme: a realistic bad night. */
const ALERTS: readonly AlertSeed[] = [
  {
    customer: 'acme',
    number: 32962,
    severity: 'critical',
    device: 'fisheye.acme.com',
    ip: '172.30.0.14',
    component: 'httpd',
    summary: 'HTTP check failed: connection refused on :8060',
    minutesAgo: 47,
    count: 14,
    status: 'acknowledged',
    acknowledgedBy: 'Romel Emperado',
    tier: FISHEYE_TIER_NOTES,
    systems: ['/Systems'],
    eventClass: '/Status/Web',
  },
  {
    customer: 'acme',
    number: 32977,
    severity: 'critical',
    device: 'x7.acme.com',
    ip: '10.20.7.7',
    component: 'CheckDNSELB',
    summary: 'CheckDNSELB CRITICAL: www.acme.com does not resolve to the ELB',
    minutesAgo: 6,
    count: 3,
    tier: DNS_TIER_NOTES,
    deviceNotes: DNS_DEVICE_NOTES,
    systems: ['/Systems/DNS'],
    eventClass: '/Status/DNS',
  },
  {
    customer: 'acme',
    number: 32981,
    severity: 'critical',
    device: 'db01.acme.com',
    ip: '172.30.1.21',
    component: '/var/lib/pgsql',
    summary: 'Filesystem /var/lib/pgsql 98% full (2.1 GB free)',
    minutesAgo: 3,
    count: 2,
    tier: 'Page **casc/int/systems** at once: Postgres stops accepting writes at 100%.',
    systems: ['/Systems/Database'],
  },
  {
    customer: 'acme',
    number: 32940,
    severity: 'error',
    device: 'mail.acme.com',
    ip: '172.30.0.25',
    component: 'postfix',
    summary: 'Mail queue above 5,000 messages',
    minutesAgo: 92,
    count: 31,
    tier: 'Check for a spam run first: `mailq | tail -1`. Runbook: https://wiki.acme.example/mail-queue.',
    prometheus: {
      labels: { alertname: 'MailQueueHigh', job: 'postfix', instance: 'mail.acme.com:9154', severity: 'error' },
      annotations: {
        summary: 'Mail queue above 5,000 messages',
        runbook_url: 'https://wiki.acme.example/runbooks/mail-queue',
        dashboard: 'Queue graph: https://grafana.acme.example/d/postfix',
      },
      generatorUrl: 'https://prometheus.acme.example/graph?g0.expr=postfix_showq_message_size_bytes_count',
    },
  },
  {
    customer: 'acme',
    number: 32955,
    severity: 'error',
    device: 'vpn1.acme.com',
    ip: '203.0.113.10',
    component: 'ipsec',
    summary: 'IPsec tunnel to Portland office down',
    minutesAgo: 21,
    count: 5,
    tier: 'Portland office has a backup LTE link; confirm in the room before paging.',
  },
  {
    customer: 'acme',
    number: 32966,
    severity: 'error',
    device: 'lb2.acme.com',
    ip: '172.30.0.3',
    component: 'haproxy',
    summary: 'Backend pool web-prod has 1 of 4 servers up',
    minutesAgo: 12,
    count: 8,
  },
  {
    customer: 'acme',
    number: 32970,
    severity: 'warning',
    device: 'web03.acme.com',
    ip: '172.30.2.13',
    component: 'cpu',
    summary: 'CPU load 15-min average 11.2 on 8 cores',
    minutesAgo: 33,
    count: 12,
  },
  {
    customer: 'acme',
    number: 32971,
    severity: 'warning',
    device: 'web04.acme.com',
    ip: '172.30.2.14',
    component: 'memory',
    summary: 'Swap use 71%',
    minutesAgo: 31,
    count: 9,
    status: 'acknowledged',
    acknowledgedBy: 'NOC',
  },
  {
    customer: 'acme',
    number: 32973,
    severity: 'warning',
    device: 'backup.acme.com',
    ip: '172.30.3.2',
    component: 'bacula',
    summary: 'Nightly backup job acme-files took 6h12m (limit 5h)',
    minutesAgo: 240,
  },
  {
    customer: 'acme',
    number: 32975,
    severity: 'warning',
    device: 'sw-core-1.acme.com',
    ip: '172.30.0.1',
    component: 'Gi1/0/24',
    summary: 'Interface errors 0.8% on uplink',
    minutesAgo: 18,
    count: 4,
  },
  {
    customer: 'acme',
    number: 32979,
    severity: 'info',
    device: 'fisheye.acme.com',
    ip: '172.30.0.14',
    component: 'yum',
    summary: '14 security updates available',
    minutesAgo: 720,
  },
  {
    customer: 'acme',
    number: 32980,
    severity: 'info',
    device: 'x7.acme.com',
    ip: '10.20.7.7',
    component: 'ntpd',
    summary: 'Clock offset 120 ms',
    minutesAgo: 58,
  },
  {
    customer: 'acme',
    number: 32983,
    severity: 'debug',
    device: 'web03.acme.com',
    ip: '172.30.2.13',
    component: 'snmp',
    summary: 'SNMP agent restarted',
    minutesAgo: 2,
  },
  {
    customer: 'acme',
    number: 32930,
    severity: 'critical',
    device: 'ns2.acme.com',
    ip: '172.30.0.53',
    component: 'named',
    summary: 'named not answering on udp/53',
    minutesAgo: 180,
    status: 'resolved',
  },
  {
    customer: 'globex',
    number: 32901,
    severity: 'critical',
    device: 'core-rtr-1.globex.net',
    ip: '198.51.100.1',
    component: 'BGP',
    summary: 'BGP session to AS64500 down',
    minutesAgo: 9,
    count: 6,
    tier: 'Call the carrier (Lumen) NOC first: +1 877 453 8353, circuit ID in the device notes.',
    deviceNotes: 'Circuit **DIA-55821**, Lumen. Contract: 4h MTTR.',
  },
  {
    customer: 'globex',
    number: 32905,
    severity: 'error',
    device: 'fw1.globex.net',
    ip: '198.51.100.2',
    component: 'ha',
    summary: 'Firewall HA pair out of sync',
    minutesAgo: 26,
  },
  {
    customer: 'globex',
    number: 32908,
    severity: 'error',
    device: 'esx04.globex.local',
    ip: '10.1.0.24',
    component: 'datastore2',
    summary: 'Datastore latency 180 ms',
    minutesAgo: 14,
    count: 7,
  },
  {
    customer: 'globex',
    number: 32912,
    severity: 'warning',
    device: 'esx02.globex.local',
    ip: '10.1.0.22',
    component: 'memory',
    summary: 'Host memory 93% used',
    minutesAgo: 61,
  },
  {
    customer: 'globex',
    number: 32915,
    severity: 'warning',
    device: 'ups-a.globex.local',
    ip: '10.1.9.1',
    component: 'battery',
    summary: 'UPS battery self-test failed',
    minutesAgo: 300,
    status: 'acknowledged',
    acknowledgedBy: 'Priya Natarajan',
  },
  {
    customer: 'globex',
    number: 32918,
    severity: 'info',
    device: 'dc1.globex.local',
    ip: '10.1.0.10',
    component: 'w32time',
    summary: 'Time source changed',
    minutesAgo: 44,
  },
  {
    customer: 'globex',
    number: 32919,
    severity: 'warning',
    device: 'sql01.globex.local',
    ip: '10.1.0.40',
    component: 'MSSQLSERVER',
    summary: 'Long-running query 14 min (reporting)',
    minutesAgo: 15,
  },
  {
    customer: 'initech',
    number: 32920,
    severity: 'critical',
    device: 'tps-app1.initech.com',
    ip: '192.0.2.11',
    component: 'tomcat',
    summary: 'TPS report service returning 503',
    minutesAgo: 4,
    count: 11,
    tier: 'Restart is allowed: `sudo systemctl restart tomcat`. Tell Bill in the room.',
  },
  {
    customer: 'initech',
    number: 32921,
    severity: 'error',
    device: 'tps-db1.initech.com',
    ip: '192.0.2.21',
    component: 'mysqld',
    summary: 'Replication lag 840 s',
    minutesAgo: 22,
  },
  {
    customer: 'initech',
    number: 32922,
    severity: 'warning',
    device: 'printer-3f.initech.com',
    ip: '192.0.2.99',
    component: 'toner',
    summary: 'PC LOAD LETTER',
    minutesAgo: 95,
  },
  {
    customer: 'initech',
    number: 32923,
    severity: 'warning',
    device: 'tps-app2.initech.com',
    ip: '192.0.2.12',
    component: 'disk',
    summary: '/var/log 88% full',
    minutesAgo: 130,
  },
  {
    customer: 'initech',
    number: 32924,
    severity: 'info',
    device: 'tps-app1.initech.com',
    ip: '192.0.2.11',
    component: 'deploy',
    summary: 'Deploy 2.14.1 finished',
    minutesAgo: 40,
  },
  {
    customer: 'umbrella',
    number: 32930 + 100,
    severity: 'error',
    device: 'ehr-db.umbrella.nhs',
    ip: '10.40.0.5',
    component: 'oracle',
    summary: 'Tablespace USERS 91% full',
    minutesAgo: 50,
    tier: 'Page **umbrella/dba**; never extend tablespaces ourselves.',
  },
  {
    customer: 'umbrella',
    number: 33031,
    severity: 'warning',
    device: 'ehr-web1.umbrella.nhs',
    ip: '10.40.1.11',
    component: 'iis',
    summary: 'Response time p95 3.2 s',
    minutesAgo: 19,
  },
  {
    customer: 'umbrella',
    number: 33032,
    severity: 'warning',
    device: 'ehr-web2.umbrella.nhs',
    ip: '10.40.1.12',
    component: 'iis',
    summary: 'Response time p95 3.4 s',
    minutesAgo: 19,
  },
  {
    customer: 'umbrella',
    number: 33033,
    severity: 'info',
    device: 'pacs.umbrella.nhs',
    ip: '10.40.2.2',
    component: 'dicom',
    summary: 'Study import backlog 12',
    minutesAgo: 8,
  },
  {
    customer: 'umbrella',
    number: 33034,
    severity: 'error',
    device: 'vpn.umbrella.nhs',
    ip: '10.40.0.1',
    component: 'certificate',
    summary: 'TLS certificate expires in 6 days',
    minutesAgo: 600,
    status: 'acknowledged',
    acknowledgedBy: 'NOC',
  },
  {
    customer: 'hooli',
    number: 33040,
    severity: 'info',
    device: 'nucleus-ci.hooli.xyz',
    ip: null,
    component: 'jenkins',
    summary: 'Build queue 40 jobs',
    minutesAgo: 35,
  },
  {
    customer: 'hooli',
    number: 33041,
    severity: 'warning',
    device: 'nucleus-api-7f9c',
    ip: null,
    component: 'KubePodCrashLooping',
    summary: 'Pod nucleus-api-7f9c restarting (5 in 10 min)',
    minutesAgo: 11,
    count: 5,
  },
  {
    customer: 'hooli',
    number: 33042,
    severity: 'error',
    device: 'k8s-prod',
    ip: null,
    component: 'KubeNodeNotReady',
    summary: 'Node ip-10-2-3-4 NotReady',
    minutesAgo: 7,
  },
  {
    customer: 'hooli',
    number: 33043,
    severity: 'debug',
    device: 'k8s-prod',
    ip: null,
    component: 'Watchdog',
    summary: 'Alertmanager watchdog',
    minutesAgo: 1,
  },
  {
    customer: 'hooli',
    number: 33044,
    severity: 'warning',
    device: 'redis-0',
    ip: null,
    component: 'RedisMemoryHigh',
    summary: 'Redis memory 86% of maxmemory',
    minutesAgo: 28,
  },
  {
    customer: 'acme',
    number: 32984,
    severity: 'error',
    device: 'web01.acme.com',
    ip: '172.30.2.11',
    component: 'httpd',
    summary: 'HTTP 5xx rate 12% over 5 min',
    minutesAgo: 5,
    count: 6,
  },
  {
    customer: 'acme',
    number: 32985,
    severity: 'warning',
    device: 'web02.acme.com',
    ip: '172.30.2.12',
    component: 'httpd',
    summary: 'HTTP p95 latency 2.8 s',
    minutesAgo: 5,
    count: 4,
  },
  {
    customer: 'acme',
    number: 32986,
    severity: 'info',
    device: 'sw-access-3.acme.com',
    ip: '172.30.0.33',
    component: 'Gi0/12',
    summary: 'Port flapping (printer VLAN)',
    minutesAgo: 75,
  },
  {
    customer: 'globex',
    number: 32925,
    severity: 'critical',
    device: 'mpls-pe-2.globex.net',
    ip: '198.51.100.6',
    component: 'OSPF',
    summary: 'OSPF adjacency lost on Te0/1/0',
    minutesAgo: 10,
    count: 2,
    status: 'acknowledged',
    acknowledgedBy: 'Priya Natarajan',
  },
];

const BULK_DEVICES = ['web', 'db', 'cache', 'lb', 'mq', 'app', 'batch', 'edge'];
const BULK_COMPONENTS = ['cpu', 'memory', 'disk', 'httpd', 'ping', 'snmp', 'ntpd', 'sshd'];
const BULK_SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'warning', 'info', 'info', 'debug'];

export function createFakeHost(options: FakeHostOptions = {}): FakeHost {
  const CUSTOMERS = withBulkCustomers(options.bulkCustomers ?? 1);
  const now = options.now ?? Date.now();
  const iso = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();
  let outcome: ActionOutcome['status'] = options.outcome ?? 'done';
  let connection: ConnectionState = {
    status: 'live',
    attempt: 0,
    cossUrl: 'https://coss.noc.example.com',
    local: false,
    lastSeq: 48_211,
    syncedAt: iso(0),
    pendingActions: 0,
    lastError: null,
    ...options.connection,
  };
  const listeners = createEventListeners();
  const calls: FakeHostCall[] = [];
  const delays = new Map<HostRequestName, number>();
  const openedUrls: string[] = [];
  const alerts = new Map<number, AlertView>();
  const comments = new Map<number, { id: number; author: string; body: string; createdAt: string }[]>();
  const history = new Map<number, { seq: number; kind: string; actor: string | null; at: string; text: string }[]>();
  const rooms = new Map<string, RoomMessage[]>();
  let seq = 48_211;
  let messageId = 9000;
  let commentId = 500;
  let keySerial = 0;

  function makeAlert(seed: AlertSeed): AlertView {
    const status = seed.status ?? 'open';
    return {
      id: seed.number,
      customer: seed.customer,
      number: seed.number,
      source: 'zenoss',
      fingerprint: `${seed.device}|${seed.component}|${seed.eventClass ?? '/Status'}||${seed.severity}`,
      device: seed.device,
      ip: seed.ip,
      component: seed.component,
      eventClass: seed.eventClass ?? '/Status',
      eventKey: '',
      severity: seed.severity,
      summary: seed.summary,
      message: seed.summary,
      count: seed.count ?? 1,
      firstSeen: iso(seed.minutesAgo),
      lastSeen: iso(Math.max(0, seed.minutesAgo - (seed.count ?? 1) + 1)),
      status,
      acknowledgedBy: seed.acknowledgedBy ?? null,
      assignee: null,
      resolvedAt: status === 'resolved' ? iso(seed.minutesAgo - 20) : null,
      deviceGroups: [`/Customers/${seed.customer}`],
      systems: seed.systems ?? [],
      location: null,
      labels: seed.prometheus?.labels ?? {},
      annotations: seed.prometheus?.annotations ?? {},
      externalId: null,
      generatorUrl: seed.prometheus?.generatorUrl ?? null,
      notes: {
        tier: seed.tier ?? '',
        device: seed.deviceNotes ?? '',
        ruleIds:
          seed.tier !== undefined
            ? NOTE_RULES.filter((rule) => rule.alerts.includes(seed.number)).map((rule) => rule.id)
            : [],
      },
      updatedAt: iso(Math.max(0, seed.minutesAgo - 1)),
      pages: [],
    };
  }

  for (const seed of ALERTS) {
    alerts.set(seed.number, makeAlert(seed));
    history.set(seed.number, [
      {
        seq: seq - 100 + (seed.number % 97),
        kind: 'alert.created',
        actor: null,
        at: iso(seed.minutesAgo),
        text: `Opened: ${seed.severity} ${seed.summary}`,
      },
    ]);
  }
  const fisheye = alerts.get(32962);
  if (fisheye !== undefined) {
    fisheye.pages = [
      {
        dedupKey: 'coss_102-32962',
        target: 'casc/int/systems',
        targetName: 'COSS oncall macro – Systems',
        priority: 'normal',
        delivery: 'sent',
        incidentStatus: 'acknowledged',
        assignees: ['Romel Emperado'],
      },
    ];
    history.get(32962)?.push(
      {
        seq: seq - 4,
        kind: 'page.updated',
        actor: null,
        at: iso(40),
        text: 'Page to COSS oncall macro – Systems (normal) sent to PagerDuty',
      },
      {
        seq: seq - 3,
        kind: 'page.updated',
        actor: 'Romel Emperado',
        at: iso(38),
        text: 'PagerDuty: incident acknowledged by Romel Emperado (COSS oncall macro – Systems)',
      },
      { seq: seq - 2, kind: 'alert.acknowledged', actor: 'Romel Emperado', at: iso(38), text: 'Acknowledged' },
    );
    comments.set(32962, [
      { id: commentId++, author: 'NOC', body: 'Paged Systems; Romel acked in PD.', createdAt: iso(37) },
    ]);
  }

  const bulkOwners = CUSTOMERS.slice(0, Math.max(1, options.bulkCustomers ?? 1)).map((seed) => seed.slug);
  for (let index = 0; index < (options.bulkAlerts ?? 0); index++) {
    const number = 100_000 + index;
    const severity = BULK_SEVERITIES[index % BULK_SEVERITIES.length] ?? 'info';
    alerts.set(
      number,
      makeAlert({
        customer: bulkOwners[index % bulkOwners.length] ?? 'acme',
        number,
        severity,
        device: `${BULK_DEVICES[index % BULK_DEVICES.length]}${String(index % 997).padStart(3, '0')}.acme.com`,
        ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
        component: BULK_COMPONENTS[(index >> 3) % BULK_COMPONENTS.length] ?? 'cpu',
        summary: `Synthetic alert ${index} for load testing the queue`,
        minutesAgo: (index * 7) % 1440,
      }),
    );
  }

  const line = (
    customer: string,
    kind: RoomMessage['kind'],
    author: string,
    body: string,
    minutesAgo: number,
  ): RoomMessage => ({
    id: messageId++,
    customer,
    kind,
    author,
    body,
    command: null,
    replyTo: null,
    createdAt: iso(minutesAgo),
  });
  rooms.set('acme', [
    line('acme', 'system', 'COSS', 'Room opened for Acme (customer #102).', 600),
    ...Array.from({ length: options.roomHistory ?? 0 }, (_, index) =>
      line('acme', 'human', 'NOC', `history line ${index + 1}`, 599 - index),
    ),
    line(
      'acme',
      'human',
      'NOC',
      '.oncall [casc/int/systems, 32962] Pls check 32962 re Acme : Systems : fisheye.acme.com (172.30.0.14) CRITICAL ...',
      41,
    ),
    line(
      'acme',
      'bot',
      'Bot',
      "NOC, I've successfully sent event coss_102-32962 to COSS oncall macro – Systems via PagerDuty.",
      41,
    ),
    line(
      'acme',
      'bot',
      'Bot',
      'NOC, PagerDuty is reporting that incident coss_102-32962 (for COSS oncall macro – Systems) was acknowledged by Romel Emperado on 2012-Nov-4 06:01AM PST.',
      38,
    ),
    line('acme', 'human', 'Romel Emperado', 'on it, fisheye ran out of heap again. restarting.', 36),
    line('acme', 'human', 'NOC', 'x7 is failing CheckDNSELB too, looking', 5),
  ]);
  rooms.set('globex', [
    line('globex', 'human', 'NOC', 'BGP to Lumen down, calling carrier per notes', 8),
    line(
      'globex',
      'bot',
      'Bot',
      'NOC, PagerDuty is reporting that incident coss_117-32925 (for COSS oncall – Network) was acknowledged by Priya Natarajan.',
      9,
    ),
  ]);

  let settings: HostResult<'settings.get'> = {
    cossUrl: connection.local ? '' : connection.cossUrl,
    connectedTo: { url: connection.cossUrl, origin: connection.local ? 'embedded' : 'settings' },
    hasToken: true,
    pagerDutyFallback: true,
    notifications: {
      rules: [
        { customer: '*', minSeverity: 'critical', sound: 'alarm' },
        { customer: 'acme', minSeverity: 'error', sound: 'soft' },
      ],
      quietHours: { enabled: false, start: '22:00', end: '07:00' },
      pages: true,
      retriggerSound: true,
    },
    secretStorage: options.secretStorage ?? {
      encrypted: false,
      description:
        'No OS keyring is available here: tokens are stored unencrypted in /home/noc/.local/share/coss-console/secrets.json, readable only by your user (mode 0600).',
    },
  };

  /** As the core's searchNotes over its cached bundle: rules first, then alert notes and comments, newest first. */
  function searchNotes(customer: string, query: string): HostResult<'notes.search'> {
    const entries: SearchableEntry[] = [];
    for (const alert of [...alerts.values()]
      .filter((candidate) => candidate.customer === customer)
      .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen))) {
      const text = [alert.notes.tier, alert.notes.device].filter((part) => part.trim() !== '').join('\n\n');
      if (text !== '')
        entries.push({
          alertNumber: alert.number,
          title: `#${alert.number} ${alert.device} ${alert.component}: ${alert.summary}`,
          text,
        });
      for (const comment of comments.get(alert.number) ?? []) {
        entries.push({
          alertNumber: alert.number,
          title: `#${alert.number} note by ${comment.author}`,
          text: comment.body,
        });
      }
    }
    return searchNoteTexts(
      NOTE_RULES.filter((candidate) => candidate.customer === customer),
      entries,
      query,
    );
  }

  /** As the core's settings.set: the contract's schema, then the URL check, then the change; a new COSS reconnects. */
  function setSettings(args: unknown): HostResponse<HostResult<'settings.set'>> {
    // Without zod's JIT: it compiles with `new Function`, which the renderer's CSP refuses inside the page.
    const parsed = HOST_REQUESTS['settings.set'].args.safeParse(args, { jitless: true });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue !== undefined && issue.path.length > 0 ? issue.path.join('.') : 'arguments';
      return fail('invalid_arguments', `settings.set: ${field}: ${issue?.message ?? 'invalid'}`);
    }
    const { cossUrl, token, pagerDutyFallback, notifications } = parsed.data;
    if (cossUrl !== undefined && cossUrl !== '' && !/^https?:\/\//.test(cossUrl)) {
      return fail('invalid_arguments', 'The COSS URL must start with http:// or https://, e.g. https://coss.example.');
    }
    const before = settings;
    settings = {
      ...settings,
      ...(cossUrl !== undefined ? { cossUrl: cossUrl.replace(/\/+$/, '') } : {}),
      ...(pagerDutyFallback !== undefined ? { pagerDutyFallback } : {}),
      ...(notifications !== undefined ? { notifications } : {}),
      ...(token !== undefined ? { hasToken: token !== '' } : {}),
    };
    if (
      settings.cossUrl !== before.cossUrl ||
      token !== undefined ||
      settings.pagerDutyFallback !== before.pagerDutyFallback
    ) {
      const local = settings.cossUrl === '';
      connection = {
        ...connection,
        status: 'connecting',
        attempt: 0,
        local,
        cossUrl: local ? 'http://127.0.0.1:7870' : settings.cossUrl,
      };
      setTimeout(() => {
        emit('connection.changed', connection);
        setTimeout(() => {
          connection = { ...connection, status: 'live', lastError: null };
          emit('connection.changed', connection);
        }, 50);
      }, 0);
    }
    return ok(settings);
  }

  // A copy for the listeners, as IPC and the WebSocket make one.
  function emit<N extends HostEventName>(name: N, payload: HostEventPayload<N>): void {
    listeners.emit(name, structuredClone(payload));
  }

  function summaries(): CustomerSummary[] {
    const counts = new Map<string, Record<Severity, number>>();
    for (const seed of CUSTOMERS)
      counts.set(seed.slug, { clear: 0, debug: 0, info: 0, warning: 0, error: 0, critical: 0 });
    for (const alert of alerts.values()) {
      const record = counts.get(alert.customer);
      if (record !== undefined && alert.status === 'open') record[alert.severity] += 1;
    }
    return CUSTOMERS.map((seed) => ({
      ...seed,
      unacknowledged: counts.get(seed.slug) ?? { clear: 0, debug: 0, info: 0, warning: 0, error: 0, critical: 0 },
    }));
  }

  /** resolves waiting out their undo window, by event number */
  const heldResolves = new Map<number, ReturnType<typeof setTimeout>>();

  function nextOutcome(message: string): ActionOutcome {
    const suffix =
      outcome === 'queued'
        ? ' (queued: COSS is unreachable; it goes when COSS is back)'
        : outcome === 'direct'
          ? ' (sent directly to PagerDuty)'
          : '';
    return {
      status: outcome,
      idempotencyKey: `fake-${++keySerial}-${Math.random().toString(36).slice(2, 10)}`,
      message: message + suffix,
    };
  }

  function say(customer: string, kind: RoomMessage['kind'], author: string, body: string, where?: RoomName): void {
    const message = line(customer, kind, author, body, 0);
    message.createdAt = new Date().toISOString();
    if (where !== undefined) message.room = where;
    const room = rooms.get(customer) ?? [];
    room.push(message);
    rooms.set(customer, room);
    emit('room.message', message);
  }

  function changeStatus(
    numbers: readonly number[],
    status: 'acknowledged' | 'resolved',
    note: string | undefined,
  ): ActionOutcome[] {
    const changed = new Map<string, AlertView[]>();
    const results = numbers.map((number) => {
      const alert = alerts.get(number);
      if (alert === undefined) return nextOutcome(`${number} not found`);
      if (outcome === 'done') {
        const next: AlertView = {
          ...alert,
          status,
          acknowledgedBy: status === 'acknowledged' ? 'NOC' : alert.acknowledgedBy,
          resolvedAt: status === 'resolved' ? new Date().toISOString() : null,
          updatedAt: new Date().toISOString(),
        };
        alerts.set(number, next);
        changed.set(alert.customer, [...(changed.get(alert.customer) ?? []), next]);
        const text = status === 'acknowledged' ? 'Acknowledged' : 'Resolved';
        history.get(number)?.push({
          seq: ++seq,
          kind: `alert.${status}`,
          actor: 'NOC',
          at: new Date().toISOString(),
          text: note !== undefined ? `${text}: ${note}` : text,
        });
        if (note !== undefined)
          comments.set(number, [
            ...(comments.get(number) ?? []),
            { id: commentId++, author: 'NOC', body: note, createdAt: new Date().toISOString() },
          ]);
      }
      return nextOutcome(`${status === 'acknowledged' ? 'Acknowledged' : 'Resolved'} ${number}`);
    });
    // Announce asynchronously, as a real stream would: after the answer.
    setTimeout(() => {
      for (const [customer, list] of changed) emit('alerts.changed', { customer, alerts: list, removed: [] });
      if (changed.size > 0) emit('customers.changed', summaries());
    }, 0);
    return results;
  }

  function ok<T>(value: T): HostResponse<T> {
    return { ok: true, value };
  }
  function fail(code: HostError['code'], message: string, field?: string): HostResponse<never> {
    return { ok: false, error: { code, message, ...(field !== undefined ? { field } : {}) } };
  }

  const maintenance = createFakeMaintenance({
    alerts,
    announce: (customer, changed) =>
      setTimeout(() => emit('alerts.changed', { customer, alerts: changed, removed: [] }), 0),
    say: (customer, body) => say(customer, 'bot', 'Bot', body),
    fail,
  });

  const transforms = createFakeTransforms({ alerts, now, isLive: () => connection.status === 'live', fail });
  const noise = createFakeNoise({ now, isLive: () => connection.status === 'live', fail });
  const triage = createFakeTriage({
    now,
    isLive: () => connection.status === 'live',
    say: (customer, body) => say(customer, 'bot', 'Bot', body),
    fail,
  });

  const heartbeats = createFakeHeartbeats({
    iso,
    now,
    isLive: () => connection.status === 'live',
    announce: (customer) => setTimeout(() => emit('heartbeats.changed', { customer }), 0),
    fail,
  });

  const tickets = createFakeTickets({
    alerts,
    customerNumber: (customer) => CUSTOMERS.find((seed) => seed.slug === customer)?.number ?? 0,
    isLive: () => connection.status === 'live',
    outcome: () => outcome,
    nextOutcome,
    say: (customer, kind, author, body) => say(customer, kind, author, body),
    announce: (customer, changed) => emit('alerts.changed', { customer, alerts: changed, removed: [] }),
    fail,
  });

  const handlers: { [N in HostRequestName]: (args: HostArgs<N>) => HostResponse<HostResult<N>> } = {
    'session.get': () =>
      ok({ connection, user: options.user ?? { name: 'noc', displayName: 'NOC', role: 'operator', customer: null } }),
    'customers.list': () => ok(summaries()),
    'alerts.list': ({ customer }) =>
      ok([...alerts.values()].filter((alert) => customer === ALL_CUSTOMERS || alert.customer === customer)),
    'alerts.get': ({ number }) => {
      const alert = alerts.get(number);
      if (alert === undefined) return fail('not_found', `Alert ${number} does not exist (it may have been purged).`);
      return ok({ alert, history: history.get(number) ?? [], comments: comments.get(number) ?? [] });
    },
    'alerts.acknowledge': ({ numbers, note }) => ok(changeStatus(numbers, 'acknowledged', note)),
    'alerts.resolve': ({ numbers, note }) => ok(changeStatus(numbers, 'resolved', note)),
    'alerts.note': ({ number, text }) => {
      if (!alerts.has(number)) return fail('not_found', `Alert ${number} does not exist.`);
      comments.set(number, [
        ...(comments.get(number) ?? []),
        { id: commentId++, author: 'NOC', body: text, createdAt: new Date().toISOString() },
      ]);
      return ok(nextOutcome(`Note added to ${number}`));
    },
    'alerts.escalate': ({ number, level }) => ok(nextOutcome(`Escalated ${number} to level ${level ?? 2}`)),
    'alerts.resolveLater': ({ number, delayMs }) => {
      const alert = alerts.get(number);
      if (alert === undefined)
        return fail('not_found', `Event ${number} is not among the open alerts this console holds.`);
      const sendsAt = new Date(Date.now() + delayMs).toISOString();
      if (!heldResolves.has(number)) {
        heldResolves.set(
          number,
          setTimeout(() => {
            heldResolves.delete(number);
            const [result] = changeStatus([number], 'resolved', undefined);
            const status = outcome === 'direct' ? 'done' : outcome;
            emit('alerts.heldSettled', {
              number,
              customer: alert.customer,
              status,
              message: `Resolve ${number}: ${result?.message ?? ''}`,
            });
          }, delayMs),
        );
      }
      return ok({
        number,
        idempotencyKey: `fake-held-${number}`,
        sendsAt,
        message: `Resolving ${number} in ${Math.round(delayMs / 1000)} s (not sent yet): u takes it back.`,
      });
    },
    'alerts.undoResolve': ({ number }) => {
      const timer = heldResolves.get(number);
      if (timer === undefined)
        return ok({
          undone: false,
          message: `Too late to undo: the resolve of ${number} has gone to COSS. Reopen it (O) instead.`,
        });
      clearTimeout(timer);
      heldResolves.delete(number);
      return ok({ undone: true, message: `${number} was not resolved: nothing was sent to COSS or PagerDuty.` });
    },
    'alerts.reopen': ({ number }) => {
      const alert = alerts.get(number);
      if (alert === undefined) return fail('not_found', `There is no event ${number}.`);
      if (alert.status !== 'resolved')
        return fail('conflict', `${number} is not resolved (it is ${alert.status}): nothing to reopen.`);
      const next: AlertView = {
        ...alert,
        status: 'open',
        resolvedAt: null,
        acknowledgedBy: null,
        updatedAt: new Date().toISOString(),
      };
      alerts.set(number, next);
      history.get(number)?.push({
        seq: ++seq,
        kind: 'alert.reopened',
        actor: 'NOC',
        at: new Date().toISOString(),
        text: 'Reopened: open again after being resolved',
      });
      setTimeout(() => {
        emit('alerts.changed', { customer: alert.customer, alerts: [next], removed: [] });
        emit('customers.changed', summaries());
      }, 0);
      return ok(nextOutcome(`Reopened ${number}: open again in COSS.`));
    },
    'alerts.reassign': ({ number, target }) => {
      const alert = alerts.get(number);
      if (alert === undefined)
        return fail('not_found', `Event ${number} is not among the open alerts this console holds.`);
      if (alert.pages.length === 0)
        return fail(
          'conflict',
          `COSS did not do it: event ${number} was not paged; page it first with .oncall [target, ${number}].`,
        );
      say(alert.customer, 'human', 'NOC', `.reassign ${number} ${target}`);
      const answer = `reassigning ${alert.pages[0]?.dedupKey ?? ''} to ${target} in PagerDuty.`;
      say(alert.customer, 'bot', 'Bot', `NOC, ${answer}`);
      return ok(nextOutcome(`Reassign ${number} to ${target}: ${answer}`));
    },
    'page.send': ({ customer, target, number, priority, message, force }) => {
      const seed = CUSTOMERS.find((candidate) => candidate.slug === customer);
      const targetName = [...TARGETS, ...(CUSTOMER_TARGETS[customer] ?? [])].find(
        (candidate) => candidate.path === target,
      )?.name;
      if (seed === undefined || targetName === undefined)
        return fail('invalid_arguments', `Unknown paging target ${target}.`);
      const refused =
        maintenance.pageRefusal(number, force === true) ??
        transforms.pageRefusal(number === null ? undefined : alerts.get(number), force === true);
      if (refused !== null) return { ok: false, error: refused };
      const word = priority === 'normal' ? 'oncall' : priority;
      say(customer, 'human', 'NOC', `.${word} [${target}${number !== null ? `, ${number}` : ''}] ${message}`.trim());
      const dedupKey = `coss_${seed.number}-${number ?? `m${messageId}`}`;
      if (number !== null) {
        const alert = alerts.get(number);
        if (alert !== undefined) {
          const next: AlertView = {
            ...alert,
            pages: [
              ...alert.pages,
              {
                dedupKey,
                target,
                targetName,
                priority,
                delivery: outcome === 'done' ? 'sent' : outcome === 'direct' ? 'direct' : 'queued',
                incidentStatus: outcome === 'queued' ? null : 'triggered',
                assignees: [],
              },
            ],
          };
          alerts.set(number, next);
          setTimeout(() => emit('alerts.changed', { customer, alerts: [next], removed: [] }), 0);
        }
      }
      if (outcome !== 'queued')
        say(customer, 'bot', 'Bot', `NOC, I've successfully sent event ${dedupKey} to ${targetName} via PagerDuty.`);
      return ok(nextOutcome(`Paged ${targetName} (${priority})`));
    },
    ...maintenance.handlers,
    'room.list': ({ customer }) => ok(rooms.get(customer) ?? []),
    'room.send': ({ customer, body, room }) => {
      say(customer, 'human', 'NOC', body, room);
      if (body.startsWith('.help'))
        say(
          customer,
          'bot',
          'Bot',
          'NOC, commands: .oncall .urgent .emergency .ack .resolve .escalate .reassign .note .who .help',
          room,
        );
      return ok(nextOutcome('Sent to the room'));
    },
    ...heartbeats.handlers,
    ...tickets.handlers,
    ...noise.handlers,
    ...triage.handlers,
    ...transforms.handlers,
    'targets.list': ({ customer }) => ok([...TARGETS, ...(CUSTOMER_TARGETS[customer] ?? [])]),
    // The core answers from its cached bundle whatever the connection: so does the fake.
    'notes.search': ({ customer, query }) => {
      if (!CUSTOMERS.some((seed) => seed.slug === customer))
        return fail('not_found', `There is no customer "${customer}".`);
      return ok(searchNotes(customer, query));
    },
    'settings.get': () => ok(settings),
    'settings.set': (args) => setSettings(args),
    // The fake has one endpoint, as most consoles do.
    'connection.usePreferred': () =>
      ok({ moved: false, message: 'Only one COSS endpoint is configured: there is no other to move to.' }),
    'app.openExternal': ({ url }) => {
      openedUrls.push(url);
      return ok({ opened: true });
    },
  };

  return {
    calls,
    openedUrls,
    emit,
    setConnection(change) {
      connection = { ...connection, ...change };
      emit('connection.changed', connection);
    },
    setHeartbeat(customer, name, change) {
      heartbeats.set(customer, name, change);
    },
    setTime(number, people) {
      tickets.setTime(number, people);
    },
    setOutcome(status) {
      outcome = status;
    },
    raise(customer, partial) {
      const alert: AlertView = {
        ...makeAlert({
          customer,
          number: partial.number,
          severity: partial.severity,
          device: 'new.example.com',
          ip: null,
          component: 'check',
          summary: partial.summary,
          minutesAgo: 0,
        }),
        ...partial,
      };
      alerts.set(alert.number, alert);
      emit('alerts.changed', { customer, alerts: [alert], removed: [] });
      emit('customers.changed', summaries());
    },
    delay(name, ms) {
      delays.set(name, ms);
    },
    async invoke<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>> {
      calls.push({ name, args });
      // A microtask of latency, as over IPC: nothing may rely on an answer arriving synchronously.
      await Promise.resolve();
      const wait = delays.get(name) ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const handler = handlers[name] as (value: HostArgs<N>) => HostResponse<HostResult<N>>;
      if (handler === undefined) return fail('unknown_channel', `No channel ${String(name)}`);
      // Copy the answer, as IPC and the WebSocket do: the store must never share objects with the host.
      return structuredClone(handler(args));
    },
    on: listeners.on,
  };
}
