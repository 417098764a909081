/** Harvest settings from the environment: HARVEST_URL, HARVEST_TOKEN, HARVEST_ACCOUNT_ID and their companions. */
import { z } from 'zod';

export const HarvestConfigSchema = z.object({
  /** the API's base, without /v2: https://api.harvestapp.com */
  url: z.string().url(),
  /** a Personal Access Token (or an OAuth2 access token): sent as `Authorization: Bearer` */
  token: z.string().min(1),
  /** one token may reach several accounts, so every request names one (`Harvest-Account-Id`) */
  accountId: z.string().regex(/^\d{1,20}$/, 'a Harvest account id (digits)'),
  /** Harvest refuses requests without a User-Agent naming the application and a link or email address */
  userAgent: z.string().min(1),
  /** requests per 15 s, below Harvest's 100 per 15 s so that bursts never draw a 429 */
  requestsPer15s: z.number().int().min(1).max(100),
  requestTimeoutMs: z.number().int().positive(),
  /** the retry backoff (full jitter, capped), stretched to Harvest's Retry-After when that is longer */
  retryBaseMs: z.number().int().positive(),
  retryCapMs: z.number().int().positive(),
  /** the console's base URL for the link on each entry, if COSS has one */
  publicUrl: z.string().url().optional(),
});
export type HarvestConfig = z.infer<typeof HarvestConfigSchema>;

/**
 * Reads HARVEST_*; null when neither HARVEST_TOKEN nor HARVEST_ACCOUNT_ID is set (Harvest is then off: nothing is
 * queued and `.time` says so). Throws naming the variable when the settings are incomplete or malformed.
 */
export function harvestConfigFromEnv(env: NodeJS.ProcessEnv): HarvestConfig | null {
  if (!env.HARVEST_TOKEN && !env.HARVEST_ACCOUNT_ID) return null;
  if (!env.HARVEST_TOKEN) throw new Error('HARVEST_TOKEN must be set when HARVEST_ACCOUNT_ID is');
  if (!env.HARVEST_ACCOUNT_ID) throw new Error('HARVEST_ACCOUNT_ID must be set when HARVEST_TOKEN is');
  // Harvest wants a contact in the User-Agent: COSS's own URL will do, else the operator names one.
  const userAgent = env.HARVEST_USER_AGENT || (env.COSS_PUBLIC_URL ? `COSS (${env.COSS_PUBLIC_URL})` : undefined);
  if (userAgent === undefined) {
    throw new Error(
      "HARVEST_USER_AGENT must name COSS and a contact, e.g. 'COSS (noc@example.com)', when COSS_PUBLIC_URL is not set",
    );
  }
  const parsed = HarvestConfigSchema.safeParse({
    url: (env.HARVEST_URL ?? 'https://api.harvestapp.com').replace(/\/+$/, ''),
    token: env.HARVEST_TOKEN,
    accountId: env.HARVEST_ACCOUNT_ID,
    userAgent,
    requestsPer15s: Number(env.HARVEST_REQUESTS_PER_15S ?? 90),
    requestTimeoutMs: Number(env.HARVEST_TIMEOUT_MS ?? 10_000),
    retryBaseMs: Number(env.HARVEST_RETRY_BASE_MS ?? 1_000),
    retryCapMs: Number(env.HARVEST_RETRY_CAP_MS ?? 60_000),
    ...(env.COSS_PUBLIC_URL ? { publicUrl: env.COSS_PUBLIC_URL } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const names: Record<string, string> = {
      url: 'HARVEST_URL',
      accountId: 'HARVEST_ACCOUNT_ID',
      requestsPer15s: 'HARVEST_REQUESTS_PER_15S',
      requestTimeoutMs: 'HARVEST_TIMEOUT_MS',
      retryBaseMs: 'HARVEST_RETRY_BASE_MS',
      retryCapMs: 'HARVEST_RETRY_CAP_MS',
      publicUrl: 'COSS_PUBLIC_URL',
      userAgent: 'HARVEST_USER_AGENT',
    };
    throw new Error(`${names[String(issue?.path[0])] ?? 'HARVEST_*'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
