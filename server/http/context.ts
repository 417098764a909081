/** What every route plugin is given: the node's services, built once in app.ts. */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import type { PrincipalResolver } from '../auth/principal.ts';
import type { WindowEvaluator } from '../maintenance/window-evaluator.ts';
import type { IngestService } from '../ingest/service.ts';
import type { StreamHub } from '../events/hub.ts';
import type { NoteRulesCache } from '../notes/rules-repo.ts';
import type { TransformsCache } from '../transforms/transforms-cache.ts';
import type { CustomerCache } from '../admin/customer-cache.ts';
import type { ServerConfig } from '../config.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import type { ZendeskConfig } from '../integrations/zendesk/config.ts';
import type { DeliveryWorker } from '../delivery/delivery-worker.ts';
import type { HarvestConfig } from '../integrations/harvest/config.ts';
import type { OnCallDirectory } from '../integrations/pagerduty/oncall.ts';
import type { HeartbeatMonitor } from '../heartbeats/heartbeat-monitor.ts';
import type { LabelEquality } from '../heartbeats/watchdog.ts';

export interface AppContext {
  db: Database;
  /** maintenance windows: the evaluator one node at a time runs, and the clock windows are judged by */
  maintenance: WindowEvaluator;
  config: ServerConfig;
  log: FastifyBaseLogger;
  principals: PrincipalResolver;
  customers: CustomerCache;
  rules: NoteRulesCache;
  /** the transforms ingest runs, per customer; routes invalidate it after a change */
  transforms: TransformsCache;
  ingest: IngestService;
  hub: StreamHub;
  ingestLimiter: RateLimiter;
  pagerduty: PagerDutyConfig;
  /** delivers pagerduty_outbox rows; call wake() after committing new rows */
  pagerdutyWorker: DeliveryWorker;
  zendesk: ZendeskConfig;
  /** delivers zendesk_outbox rows (ticket creates); call wake() after committing new rows */
  zendeskWorker: DeliveryWorker;
  /** Harvest settings, or null when Harvest is off: nothing is queued and `.time` says so */
  harvest: HarvestConfig | null;
  /** delivers harvest_outbox rows when Harvest is on; call wake() after committing rows */
  harvestWorker: DeliveryWorker | null;
  /** who is on call per escalation policy (PagerDuty REST, cached ~60 s); for `.who` and the console */
  oncall: OnCallDirectory;
  /** heartbeats: pings, and the check for silent ones that one node at a time runs */
  heartbeats: HeartbeatMonitor;
  /** Alertmanager alerts that are the dead man's switch (config `watchdogMatcher`), parsed once */
  watchdog: readonly LabelEquality[];
  /** true once shutdown has begun: new streams and posts are turned away with 503 */
  draining: () => boolean;
}
