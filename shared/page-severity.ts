/**
 * The Events API v2 severity each page priority is sent with, by default. COSS sends it (unless COSS_PRIORITY_MAP
 * says otherwise) and so does the console's direct-PagerDuty fallback, so a page means the same urgency on both
 * paths: with a service on severity-based urgency, critical and error page at high urgency.
 */
import type { PagePriority } from './commands/catalog.ts';

export type EventSeverity = 'critical' | 'error' | 'warning' | 'info';

export const SEVERITY_BY_PRIORITY: Readonly<Record<PagePriority, EventSeverity>> = {
  normal: 'warning',
  urgent: 'error',
  emergency: 'critical',
};
