/** Server configuration from flags and the environment, validated once at start. */
import { z } from 'zod';
import { HarvestConfigSchema, harvestConfigFromEnv } from './integrations/harvest/config.ts';
import { ZendeskConfigSchema, zendeskConfigFromEnv } from './integrations/zendesk/config.ts';

/**
 * Database timeouts: a stalled or lost PostgreSQL turns into a 503 within seconds instead of a hung request.
 * Statement and idle-in-transaction limits are well above anything COSS runs; migrations run without them.
 */
export const DATABASE_TIMEOUT_DEFAULTS = {
  connectMs: 5_000,
  statementMs: 10_000,
  idleInTransactionMs: 10_000,
  /** first TCP keepalive probe on an idle connection: a vanished peer is noticed in about a minute */
  keepAliveInitialDelayMs: 10_000,
} as const;

export const ServerConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(7400),
  host: z.string().default('127.0.0.1'),
  databaseUrl: z.string().optional(),
  dataDir: z.string().optional(),
  /** how often the node holding the maintenance lease looks at windows starting and ending; 0 turns the look off */
  maintenanceCheckMs: z.number().int().min(0).default(5_000),
  /** largest accepted request body */
  bodyLimitBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** alerts accepted but not yet committed before new posts get 503 */
  maxQueuedAlerts: z.number().int().positive().default(50_000),
  /** per ingest key, alerts per second (token bucket, burst of two seconds); 0 = unlimited */
  ingestRatePerKey: z.number().min(0).default(0),
  /** how long shutdown waits for in-flight work */
  shutdownGraceMs: z.number().int().positive().default(10_000),
  /**
   * On SIGTERM the listener stays open, answering 503 + `Connection: close`, until no request has arrived for this
   * long (or the grace period ends): clients are told to go away instead of having their sockets reset.
   */
  shutdownQuietMs: z.number().int().min(0).default(500),
  /** PostgreSQL: opening a connection, or waiting for a free one in the pool */
  dbConnectTimeoutMs: z.number().int().positive().default(DATABASE_TIMEOUT_DEFAULTS.connectMs),
  /** PostgreSQL statement_timeout; COSS stops waiting for a reply one second later (a stalled path never answers) */
  dbStatementTimeoutMs: z.number().int().positive().default(DATABASE_TIMEOUT_DEFAULTS.statementMs),
  /** PostgreSQL idle_in_transaction_session_timeout: a transaction left idle this long is ended by the server */
  dbIdleInTransactionTimeoutMs: z.number().int().positive().default(DATABASE_TIMEOUT_DEFAULTS.idleInTransactionMs),
  /** stream heartbeat: a message and a ping this often; a consumer that answers no ping for one is cut with 4008 */
  streamHeartbeatMs: z.number().int().positive().default(15_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** how often the node holding the heartbeat lease looks for silent heartbeats; 0 turns the look off */
  heartbeatCheckMs: z.number().int().min(0).default(15_000),
  /** Alertmanager alerts matching this are the dead man's switch: they ping a heartbeat instead of being stored */
  watchdogMatcher: z.string().min(1).default('alertname="Watchdog"'),
  /** the heartbeat the Watchdog alert pings, one per customer */
  watchdogHeartbeat: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/)
    .default('watchdog'),
  /** Harvest (HARVEST_*): null or absent turns time tracking off */
  harvest: HarvestConfigSchema.nullable().default(null),
  /** Zendesk (ZENDESK_*): absent, or without a URL and token, turns tickets off */
  zendesk: ZendeskConfigSchema.default(() => zendeskConfigFromEnv({})),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** Reads the environment variables that the CLI flags may override. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<ServerConfig> {
  const config: Partial<ServerConfig> = {};
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.COSS_DATA_DIR) config.dataDir = env.COSS_DATA_DIR;
  if (env.COSS_INGEST_RATE_PER_KEY) config.ingestRatePerKey = Number(env.COSS_INGEST_RATE_PER_KEY);
  if (env.COSS_MAX_QUEUED_ALERTS) config.maxQueuedAlerts = Number(env.COSS_MAX_QUEUED_ALERTS);
  if (env.COSS_DB_CONNECT_TIMEOUT_MS) config.dbConnectTimeoutMs = Number(env.COSS_DB_CONNECT_TIMEOUT_MS);
  if (env.COSS_DB_STATEMENT_TIMEOUT_MS) config.dbStatementTimeoutMs = Number(env.COSS_DB_STATEMENT_TIMEOUT_MS);
  if (env.COSS_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS)
    config.dbIdleInTransactionTimeoutMs = Number(env.COSS_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS);
  if (env.COSS_SHUTDOWN_QUIET_MS) config.shutdownQuietMs = Number(env.COSS_SHUTDOWN_QUIET_MS);
  if (env.COSS_HEARTBEAT_CHECK_MS) config.heartbeatCheckMs = Number(env.COSS_HEARTBEAT_CHECK_MS);
  if (env.COSS_WATCHDOG_MATCHER) config.watchdogMatcher = env.COSS_WATCHDOG_MATCHER;
  if (env.COSS_WATCHDOG_HEARTBEAT) config.watchdogHeartbeat = env.COSS_WATCHDOG_HEARTBEAT;
  if (env.COSS_LOG_LEVEL) config.logLevel = env.COSS_LOG_LEVEL as ServerConfig['logLevel'];
  const harvest = harvestConfigFromEnv(env);
  if (harvest) config.harvest = harvest;
  config.zendesk = zendeskConfigFromEnv(env);
  return config;
}
