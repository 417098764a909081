/**
 * startHarvestSimulator: one HTTP server on 127.0.0.1 serving the Harvest API v2 time-entry endpoints from
 * ../shared/harvest/FACTS.md, with a clock the test moves, seeded faults and accessors for what Harvest holds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from '../pagerduty/http-util.ts';
import { SlidingWindowLimiter } from '../pagerduty/rate-limiter.ts';
import { handleRequest, type ApiContext } from './api.ts';
import { FaultInjector } from './faults.ts';
import { TimeEntryStore } from './time-entry-store.ts';
import type {
  FaultConfig,
  FaultRecord,
  HarvestProjectConfig,
  HarvestSimulatorOptions,
  HarvestUserConfig,
  RateLimitConfig,
  RequestRecord,
  SimTimeEntry,
} from './types.ts';

export const HARVEST_ACCOUNT_ID = 1_234_567;
export const HARVEST_TOKEN = 'harvest-admin-token';
/** "General API: 100 requests per 15 seconds" (FACTS.md §6, third-party paraphrase). */
export const HARVEST_RATE_LIMIT: RateLimitConfig = { limit: 100, windowMs: 15_000 };
export const HARVEST_USERS: HarvestUserConfig[] = [
  { id: 3_100_001, firstName: 'Noc', lastName: 'Admin', token: HARVEST_TOKEN },
  { id: 3_100_002, firstName: 'Romel', lastName: 'Emperado' },
  { id: 3_100_003, firstName: 'Dana', lastName: 'Whitlock' },
];
export const HARVEST_PROJECTS: HarvestProjectConfig[] = [
  {
    id: 14_300_001,
    name: 'Acme managed services',
    code: 'ACME-MS',
    client: { id: 5_700_001, name: 'Acme' },
    tasks: [
      { id: 8_000_001, name: 'Incident response' },
      { id: 8_000_002, name: 'Maintenance' },
    ],
  },
  {
    id: 14_300_002,
    name: 'Globex managed services',
    client: { id: 5_700_002, name: 'Globex' },
    tasks: [{ id: 8_000_001, name: 'Incident response' }],
  },
];

export interface HarvestSimulator {
  /** e.g. http://127.0.0.1:PORT (the /v2 paths hang off it, as off https://api.harvestapp.com). */
  readonly url: string;
  readonly accountId: number;
  close(): Promise<void>;
  /** Time entries as the API would show them now (hours of running timers included). */
  timeEntries(): (SimTimeEntry & { hours: number; isRunning: boolean })[];
  /** How many creates Harvest applied, faulted answers included. */
  createdCount(): number;
  requests(): RequestRecord[];
  faultLog(): FaultRecord[];
  now(): number;
  setTime(ms: number): void;
  advanceTime(ms: number): void;
  setFaults(config: FaultConfig | null): void;
  setRateLimit(config: RateLimitConfig): void;
  /** Forget entries, requests and rate counters; configuration stays. */
  reset(): void;
}

export async function startHarvestSimulator(options: HarvestSimulatorOptions = {}): Promise<HarvestSimulator> {
  // A test's own clock (startTime) moves only when told; without one the clock follows the wall clock, so that the
  // rate window slides and running timers grow in a test that runs for minutes (a frozen clock 429s forever once
  // 100 requests were made).
  let frozen = options.startTime;
  let offset = 0;
  const now = () => frozen ?? Date.now() + offset;
  const store = new TimeEntryStore(
    now,
    options.users ?? HARVEST_USERS,
    options.projects ?? HARVEST_PROJECTS,
    options.wantsTimestampTimers ?? false,
  );
  let seq = 0;
  const ctx: ApiContext = {
    store,
    faults: new FaultInjector(options.faults ?? null),
    limiter: new SlidingWindowLimiter(options.rateLimit ?? HARVEST_RATE_LIMIT),
    requests: [],
    now,
    accountId: options.accountId ?? HARVEST_ACCOUNT_ID,
    strictUserAgent: options.strictUserAgent ?? true,
    nextSeq: () => ++seq,
  };
  const server = http.createServer((req, res) => {
    handleRequest(ctx, req, res).catch((err: unknown) => {
      // A simulator bug must show as a 500 the test sees, not as a hung request.
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { message: String(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed = false;
  return {
    url,
    accountId: ctx.accountId,
    async close() {
      if (closed) return;
      closed = true;
      // Hung (timeout-fault) requests would keep server.close() waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    timeEntries: () =>
      store.all().map((e) => ({ ...structuredClone(e), hours: store.hours(e), isRunning: e.timerStartedAt !== null })),
    createdCount: () => store.createdCount,
    requests: () => structuredClone(ctx.requests),
    faultLog: () => structuredClone(ctx.faults.records),
    now,
    setTime: (ms) => {
      if (frozen === undefined) offset = ms - Date.now();
      else frozen = ms;
    },
    advanceTime: (ms) => {
      if (frozen === undefined) offset += ms;
      else frozen += ms;
    },
    setFaults: (config) => ctx.faults.set(config),
    setRateLimit: (config) => ctx.limiter.configure(config),
    reset: () => {
      store.reset();
      ctx.requests.length = 0;
      ctx.limiter.reset();
    },
  };
}
