/** PagerDuty settings from the environment, and the priority mapping of pages. */
import { z } from 'zod';
import { SEVERITY_BY_PRIORITY } from '../../../shared/page-severity.ts';

const PriorityRuleSchema = z.object({
  /** Events API v2 severity; with a service on severity-based urgency, critical/error are high urgency */
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  urgency: z.enum(['high', 'low']),
  /** a PagerDuty priority name (e.g. P1) set through the REST API once the incident exists */
  priorityName: z.string().min(1).max(50).optional(),
});

export const PriorityMapSchema = z.object({
  normal: PriorityRuleSchema,
  urgent: PriorityRuleSchema,
  emergency: PriorityRuleSchema,
});
export type PriorityMap = z.infer<typeof PriorityMapSchema>;

export const DEFAULT_PRIORITY_MAP: PriorityMap = {
  normal: { severity: SEVERITY_BY_PRIORITY.normal, urgency: 'low' },
  urgent: { severity: SEVERITY_BY_PRIORITY.urgent, urgency: 'high' },
  emergency: { severity: SEVERITY_BY_PRIORITY.emergency, urgency: 'high', priorityName: 'P1' },
};

export interface PagerDutyConfig {
  eventsUrl: string;
  apiUrl: string;
  /** REST API token; without one, ack and resolve fall back to Events API v2 and escalate/reassign/notes are refused */
  apiToken: string | undefined;
  /** webhook signing secrets; several are allowed so a secret can be rotated without dropping deliveries */
  webhookSecrets: string[];
  /** pace per routing key, below PagerDuty's 120 events/min so that bursts never draw a 429 */
  eventsPerMinute: number;
  priorities: PriorityMap;
  /** how often to poll /log_entries for what webhooks missed; 0 turns the poll off */
  reconcileIntervalMs: number;
  /** the console's base URL for links in pages, if COSS has one */
  publicUrl: string | undefined;
  requestTimeoutMs: number;
}

/** Reads PAGERDUTY_* and COSS_PRIORITY_MAP; throws naming the variable on a bad value. */
export function pagerDutyConfigFromEnv(env: NodeJS.ProcessEnv): PagerDutyConfig {
  let priorities = DEFAULT_PRIORITY_MAP;
  if (env.COSS_PRIORITY_MAP) {
    const parsed = PriorityMapSchema.safeParse(JSON.parse(env.COSS_PRIORITY_MAP));
    if (!parsed.success) throw new Error(`COSS_PRIORITY_MAP: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    priorities = parsed.data;
  }
  const perMinute = Number(env.PAGERDUTY_EVENTS_PER_MINUTE ?? 115);
  if (!Number.isFinite(perMinute) || perMinute <= 0 || perMinute > 120) {
    throw new Error('PAGERDUTY_EVENTS_PER_MINUTE must be between 1 and 120 (PagerDuty allows 120 per routing key)');
  }
  return {
    eventsUrl: env.PAGERDUTY_EVENTS_URL ?? 'https://events.pagerduty.com/v2/enqueue',
    apiUrl: (env.PAGERDUTY_API_URL ?? 'https://api.pagerduty.com').replace(/\/+$/, ''),
    apiToken: env.PAGERDUTY_API_TOKEN || undefined,
    webhookSecrets: (env.PAGERDUTY_WEBHOOK_SECRET ?? '')
      .split(',')
      .map((secret) => secret.trim())
      .filter((secret) => secret !== ''),
    eventsPerMinute: perMinute,
    priorities,
    reconcileIntervalMs: Number(env.PAGERDUTY_RECONCILE_INTERVAL_MS ?? 60_000),
    publicUrl: env.COSS_PUBLIC_URL || undefined,
    requestTimeoutMs: Number(env.PAGERDUTY_TIMEOUT_MS ?? 10_000),
  };
}
