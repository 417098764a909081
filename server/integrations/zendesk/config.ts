/** Zendesk settings from the environment, like PagerDuty's: the account URL, an OAuth token, webhook secrets. */

export interface ZendeskConfig {
  /** the account's base URL, e.g. https://cascadeo.zendesk.com; undefined: tickets are not configured */
  url: string | undefined;
  /** an OAuth access token, sent as `Authorization: Bearer` (Zendesk is retiring API tokens) */
  token: string | undefined;
  /** webhook signing secrets; several are allowed so a secret can be reset in Zendesk without dropping deliveries */
  webhookSecrets: string[];
  /** creates per minute over all nodes, below the smallest plan's 200 requests per minute */
  ticketsPerMinute: number;
  requestTimeoutMs: number;
  /** retry backoff base and cap (ZENDESK_RETRY_BASE_MS / _CAP_MS; tests shorten them); default 1 s / 60 s */
  retryBaseMs: number;
  retryCapMs: number;
}

/** Reads ZENDESK_URL, ZENDESK_TOKEN, ZENDESK_WEBHOOK_SECRET (comma-separated), ZENDESK_TICKETS_PER_MINUTE, ZENDESK_TIMEOUT_MS. */
export function zendeskConfigFromEnv(env: NodeJS.ProcessEnv): ZendeskConfig {
  const perMinute = Number(env.ZENDESK_TICKETS_PER_MINUTE ?? 60);
  if (!Number.isFinite(perMinute) || perMinute <= 0 || perMinute > 2500) {
    throw new Error('ZENDESK_TICKETS_PER_MINUTE must be between 1 and 2500 (Zendesk allows 200 to 2500 by plan)');
  }
  const url = env.ZENDESK_URL?.trim();
  return {
    url: url ? url.replace(/\/+$/, '') : undefined,
    token: env.ZENDESK_TOKEN || undefined,
    webhookSecrets: (env.ZENDESK_WEBHOOK_SECRET ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret !== ''),
    ticketsPerMinute: perMinute,
    requestTimeoutMs: Number(env.ZENDESK_TIMEOUT_MS ?? 10_000),
    retryBaseMs: Number(env.ZENDESK_RETRY_BASE_MS ?? 1_000),
    retryCapMs: Number(env.ZENDESK_RETRY_CAP_MS ?? 60_000),
  };
}
