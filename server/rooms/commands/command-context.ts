/**
 * What a room command's handler works with: the transaction, who typed the line in which room, and the two ways
 * to answer. Handlers write to `result`; dispatch.ts appends its events and commits.
 */
import type { Customer } from '../../../shared/customer.ts';
import type { RoomMessage, RoomName } from '../../../shared/room.ts';
import type { Sql } from '../../db/database.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { NewEvent } from '../../events/log.ts';
import type { PagerDutyConfig } from '../../integrations/pagerduty/config.ts';
import type { HarvestConfig } from '../../integrations/harvest/config.ts';
import type { ZendeskConfig } from '../../integrations/zendesk/config.ts';
import type { StoredTarget } from '../../paging/targets.ts';
import type { PageHold } from '../../maintenance/page-guard.ts';

export interface DispatchResult {
  message: RoomMessage;
  replies: RoomMessage[];
  events: NewEvent[];
  /** whether outbox rows were written (wake the worker after commit) */
  queuedForPagerDuty: boolean;
  /** whether Harvest outbox rows were written (wake its worker after commit) */
  queuedForHarvest?: boolean;
  /** whether Zendesk outbox rows were written (wake its worker after commit) */
  queuedForZendesk?: boolean;
  /** a `.who` target to look up after commit */
  whoTarget: StoredTarget | null;
  /**
   * Why the command was not carried out (the bot's answer), or null when it was, or the line is chat. The console
   * reads it so a page or escalation COSS refused is never reported as done.
   */
  refused: string | null;
  /** A page held back by a maintenance window or a Zenoss production state (REST answers it with 409). */
  hold?: PageHold | null;
  /** `.both`: the same line posted in the customer's other room */
  copies?: RoomMessage[];
}

export interface CommandContext {
  tx: Sql;
  principal: UserPrincipal;
  customer: Customer;
  pagerduty: PagerDutyConfig;
  /** Harvest settings; absent or null, no timer moves and `.time` says Harvest is not configured */
  harvest?: HarvestConfig | null | undefined;
  /** Zendesk settings; absent or without URL and token, `.ticket` says tickets are not configured */
  zendesk?: ZendeskConfig | undefined;
  result: DispatchResult;
  /** the request asked to page through a maintenance hold (`force: true`), as `--force` in the line does */
  force?: boolean;
  /** the room the line was typed in: the bot's answers go there */
  room: RoomName;
  /** the bot's answer in the room */
  reply: (text: string) => Promise<void>;
  /** a reply saying the command was not carried out */
  refuse: (text: string) => Promise<void>;
}

/** Who acted, as the PagerDuty outbox records it. */
export function actorOf(context: CommandContext): { customerId: number; displayName: string; email: string | null } {
  const { customer, principal } = context;
  return { customerId: customer.id, displayName: principal.displayName, email: principal.pagerdutyEmail };
}
