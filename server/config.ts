/** Server configuration from flags and the environment, validated once at start. */
import { z } from 'zod';

export const ServerConfigSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(7400),
  host: z.string().default('127.0.0.1'),
  databaseUrl: z.string().optional(),
  dataDir: z.string().optional(),
  /** largest accepted request body */
  bodyLimitBytes: z.number().int().positive().default(5 * 1024 * 1024),
  /** alerts accepted but not yet committed before new posts get 503 */
  maxQueuedAlerts: z.number().int().positive().default(50_000),
  /** per ingest key, alerts per second (token bucket, burst of two seconds); 0 = unlimited */
  ingestRatePerKey: z.number().min(0).default(0),
  /** how long shutdown waits for in-flight work */
  shutdownGraceMs: z.number().int().positive().default(10_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** Reads the environment variables that the CLI flags may override. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<ServerConfig> {
  const config: Partial<ServerConfig> = {};
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.COSS_DATA_DIR) config.dataDir = env.COSS_DATA_DIR;
  if (env.COSS_INGEST_RATE_PER_KEY) config.ingestRatePerKey = Number(env.COSS_INGEST_RATE_PER_KEY);
  if (env.COSS_MAX_QUEUED_ALERTS) config.maxQueuedAlerts = Number(env.COSS_MAX_QUEUED_ALERTS);
  if (env.COSS_LOG_LEVEL) config.logLevel = env.COSS_LOG_LEVEL as ServerConfig['logLevel'];
  return config;
}
