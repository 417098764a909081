/**
 * The console's settings on disk (conf in the data directory): which COSS to use, the notification policy and the
 * direct-PagerDuty fallback. Tokens are never here; they are in the SecretStore.
 */
import Conf from 'conf';
import { z } from 'zod';
import { NotificationPolicySchema, type NotificationPolicy } from '../../shared/host/contract.ts';
import { DEFAULT_NOTIFICATION_POLICY } from './notification-policy.ts';
import { PagerDutyFallbackConfigSchema, type PagerDutyFallbackConfig } from './pagerduty-fallback.ts';

export const SECRET_NAMES = { cossToken: 'coss-token', pagerDutyToken: 'pagerduty-api-token' } as const;

/** A settings file written before the list: its one `cossUrl` becomes the list's only endpoint. */
function withCossUrlList(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return stored;
  const { cossUrl, ...rest } = stored as Record<string, unknown>;
  if ('cossUrls' in rest || typeof cossUrl !== 'string') return rest;
  return { ...rest, cossUrls: cossUrl === '' ? [] : [cossUrl] };
}

export const StoredSettingsSchema = z.preprocess(
  withCossUrlList,
  z.object({
    /**
     * One COSS deployment's endpoints in order, the first preferred (other regions on the same database and event log
     * are tried in order when the one in use stops answering); empty: the embedded local COSS.
     */
    cossUrls: z.array(z.string().max(2048)).max(8).default([]),
    pagerDutyFallback: z.boolean().default(false),
    /** routing keys per target, PagerDuty URLs and the From email; the REST token is a secret */
    pagerDuty: PagerDutyFallbackConfigSchema.omit({ apiToken: true }).default({
      eventsUrl: 'https://events.pagerduty.com/v2/enqueue',
      apiUrl: 'https://api.pagerduty.com',
      routingKeys: {},
    }),
    notifications: NotificationPolicySchema.default(DEFAULT_NOTIFICATION_POLICY),
  }),
);
export type StoredSettings = z.infer<typeof StoredSettingsSchema>;

export class SettingsStore {
  private readonly store: Conf<Record<string, unknown>>;
  private current: StoredSettings;

  constructor(dataDir: string) {
    this.store = new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'settings',
      projectName: 'coss-console',
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    });
    const parsed = StoredSettingsSchema.safeParse(this.store.store);
    // A hand-edited file with a mistake falls back to defaults for this run rather than stopping the console.
    this.current = parsed.success ? parsed.data : StoredSettingsSchema.parse({});
  }

  get value(): StoredSettings {
    return structuredClone(this.current);
  }

  update(patch: Partial<StoredSettings>): StoredSettings {
    this.current = StoredSettingsSchema.parse({ ...this.current, ...patch });
    this.store.store = this.current;
    return this.value;
  }

  /** The fallback's full configuration, with the REST token from the secret store. */
  pagerDutyConfig(apiToken: string | null): PagerDutyFallbackConfig {
    return { ...this.current.pagerDuty, ...(apiToken ? { apiToken } : {}) };
  }

  notificationPolicy(): NotificationPolicy {
    return structuredClone(this.current.notifications);
  }
}
