/** Public entry point of the PagerDuty simulator; tests import from here. */
export { startPagerDutySimulator, type PagerDutySimulator } from './simulator.ts';
export {
  DEFAULT_API_TOKEN,
  DEFAULT_ESCALATION_POLICIES,
  DEFAULT_ON_CALLS,
  DEFAULT_PRIORITIES,
  DEFAULT_ROUTING_KEY,
  DEFAULT_SERVICES,
  DEFAULT_USERS,
} from './directory.ts';
export { DEFAULT_EVENTS_RATE_LIMIT, DEFAULT_REST_RATE_LIMIT } from './core.ts';
export { PAGERDUTY_ACCEPT, MAX_BULK_INCIDENT_UPDATES, REST_QUERY_PARAMETERS } from './rest-api.ts';
export { MAX_DEDUP_KEY_LENGTH, MAX_SUMMARY_LENGTH } from './events-validation.ts';
export {
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  WEBHOOK_USER_AGENT,
  signatureHeader,
} from './webhook-delivery.ts';
export { WEBHOOK_EVENT_TYPES } from './types.ts';
export type * from './types.ts';
