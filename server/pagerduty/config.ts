/**
 * The PagerDuty settings now live with the PagerDuty adapter (integrations/pagerduty/config.ts). This path stays
 * only for main/core/embedded-coss-child.ts and test/unit/console/support.ts, which other changes are moving;
 * delete it once they import the adapter's file.
 */
export { pagerDutyConfigFromEnv, type PagerDutyConfig } from '../integrations/pagerduty/config.ts';
