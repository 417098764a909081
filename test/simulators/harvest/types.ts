/**
 * Types of the Harvest API v2 simulator. Field names follow the time entry object on Harvest's official page
 * (../shared/harvest/FACTS.md §3); what the simulator adds for tests (faults, request log) is marked.
 */

export type FaultKind = '429' | '500' | '503' | 'timeout' | 'reset';
export type FaultPhase = 'before' | 'after';

export interface FaultConfig {
  /** Probability in [0, 1] that a request gets a fault. */
  rate: number;
  kinds: FaultKind[];
  /** Same seed and same request order give the same faults. */
  seed?: number;
  /**
   * `before`: the request is not applied. `after`: it IS applied and then the answer is lost or replaced by an
   * error, as when a proxy fails after Harvest committed. `both`: drawn per request.
   */
  phase?: FaultPhase | 'both';
  /** Only requests whose method is listed get faults (default: every method). */
  methods?: string[];
}

export interface FaultRecord {
  seq: number;
  method: string;
  path: string;
  kind: FaultKind;
  phase: FaultPhase;
}

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
}

export interface HarvestUserConfig {
  id: number;
  firstName: string;
  lastName: string;
  /** The Personal Access Token that authenticates as this user. */
  token?: string;
}

export interface HarvestProjectConfig {
  id: number;
  name: string;
  code?: string;
  client: { id: number; name: string };
  /** Tasks assigned to the project: a time entry's task must be one of them. */
  tasks: { id: number; name: string }[];
}

export interface HarvestSimulatorOptions {
  port?: number;
  accountId?: number;
  users?: HarvestUserConfig[];
  projects?: HarvestProjectConfig[];
  /**
   * The account's timer mode (Company API `wants_timestamp_timers`). false (default): entries are created by
   * duration; true: by started_time/ended_time. Which create variant a timestamp account refuses is our reading
   * (FACTS.md §3 marks it as inferred), so each mode refuses the other variant's fields with 422 here: a client
   * that passes against both modes is tolerant of either reading.
   */
  wantsTimestampTimers?: boolean;
  /**
   * Start of the simulator's clock (ms since epoch); it then only moves by setTime/advanceTime. Without it the clock
   * follows the wall clock (setTime/advanceTime shift it), as a long test with a rate limit needs.
   */
  startTime?: number;
  rateLimit?: RateLimitConfig;
  faults?: FaultConfig | null;
  /**
   * Harvest documents a 400 only for a missing User-Agent and says the value must name the application and give
   * a link or email. strict (default true) also refuses a User-Agent with neither, so COSS keeps to the rule.
   */
  strictUserAgent?: boolean;
}

export interface ExternalReference {
  id: string;
  group_id: string | null;
  account_id: string | null;
  permalink: string | null;
  service: string | null;
  service_icon_url: string | null;
}

/** The simulator's own record of a time entry; the wire shape is built from it. */
export interface SimTimeEntry {
  id: number;
  spentDate: string;
  userId: number;
  projectId: number;
  taskId: number;
  notes: string | null;
  externalReference: ExternalReference | null;
  /** Hours accumulated while stopped; a running timer adds the time since timerStartedAt. */
  storedHours: number;
  timerStartedAt: number | null;
  startedTime: string | null;
  endedTime: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface RequestRecord {
  seq: number;
  receivedAt: number;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  /** HTTP status sent, or what a fault did instead. */
  status: number | 'reset' | 'timeout';
  fault?: { kind: FaultKind; phase: FaultPhase };
}
