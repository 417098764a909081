/**
 * Zendesk settings from the environment: ZENDESK_URL, ZENDESK_TOKEN, ZENDESK_WEBHOOK_SECRET and their companions.
 * They reach the server in ServerConfig (`zendesk`), read once by configFromEnv, as Harvest's do.
 */
import { z } from 'zod';

export const ZendeskConfigSchema = z.object({
  /** the account's base URL, e.g. https://cascadeo.zendesk.com; undefined: tickets are not configured */
  url: z.string().url().optional(),
  /** an OAuth access token, sent as `Authorization: Bearer` (Zendesk is retiring API tokens) */
  token: z.string().min(1).optional(),
  /** webhook signing secrets; several are allowed so a secret can be reset in Zendesk without dropping deliveries */
  webhookSecrets: z.array(z.string().min(1)),
  /** creates per minute over all nodes, below the smallest plan's 200 requests per minute */
  ticketsPerMinute: z.number().positive().max(2500),
  requestTimeoutMs: z.number().int().positive(),
  /** retry backoff base and cap (ZENDESK_RETRY_BASE_MS / _CAP_MS; tests shorten them); default 1 s / 60 s */
  retryBaseMs: z.number().int().positive(),
  retryCapMs: z.number().int().positive(),
});
export type ZendeskConfig = z.infer<typeof ZendeskConfigSchema>;

const NAMES: Record<string, string> = {
  url: 'ZENDESK_URL',
  token: 'ZENDESK_TOKEN',
  webhookSecrets: 'ZENDESK_WEBHOOK_SECRET',
  ticketsPerMinute: 'ZENDESK_TICKETS_PER_MINUTE',
  requestTimeoutMs: 'ZENDESK_TIMEOUT_MS',
  retryBaseMs: 'ZENDESK_RETRY_BASE_MS',
  retryCapMs: 'ZENDESK_RETRY_CAP_MS',
};

/**
 * Reads ZENDESK_URL, ZENDESK_TOKEN, ZENDESK_WEBHOOK_SECRET (comma-separated), ZENDESK_TICKETS_PER_MINUTE,
 * ZENDESK_TIMEOUT_MS and ZENDESK_RETRY_BASE_MS/_CAP_MS; with none set, tickets are off. Throws naming the variable.
 */
export function zendeskConfigFromEnv(env: NodeJS.ProcessEnv): ZendeskConfig {
  const url = env.ZENDESK_URL?.trim();
  const parsed = ZendeskConfigSchema.safeParse({
    ...(url ? { url: url.replace(/\/+$/, '') } : {}),
    ...(env.ZENDESK_TOKEN ? { token: env.ZENDESK_TOKEN } : {}),
    webhookSecrets: (env.ZENDESK_WEBHOOK_SECRET ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret !== ''),
    ticketsPerMinute: Number(env.ZENDESK_TICKETS_PER_MINUTE ?? 60),
    requestTimeoutMs: Number(env.ZENDESK_TIMEOUT_MS ?? 10_000),
    retryBaseMs: Number(env.ZENDESK_RETRY_BASE_MS ?? 1_000),
    retryCapMs: Number(env.ZENDESK_RETRY_CAP_MS ?? 60_000),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = NAMES[String(issue?.path[0])] ?? 'ZENDESK_*';
    if (name === 'ZENDESK_TICKETS_PER_MINUTE') {
      throw new Error('ZENDESK_TICKETS_PER_MINUTE must be between 1 and 2500 (Zendesk allows 200 to 2500 by plan)');
    }
    throw new Error(`${name}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
