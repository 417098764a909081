/**
 * The auto-page effect: an alert that opens with a transform's auto-page action (`item.autoPage`, set by the
 * transform stage) pages its target at the action's priority, in the alert's own transaction, through the same
 * createPage `.oncall` uses, so the outbox, the dedup key and the bot's "successfully sent" line are the same. Effects
 * run once per opened alert, never on a repeat, so an alert is auto-paged at most once by construction.
 *
 * Never for a suppressed alert (nobody is to be told). An alert under maintenance, or on a device in Zenoss's Test or
 * Decommissioned state when the customer does not page those, is not paged either (as `.oncall` holds it), and the
 * room is told so; a target removed since the transform was saved is said in the room too, so no page is silently
 * lost.
 */
import type { Customer } from '../../shared/customer.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import type { IngestEffect } from '../ingest/effects.ts';
import type { OpenedAlert } from '../ingest/store.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import { UNPAGED_PROD_STATES, prodStateName } from '../../shared/prod-state.ts';
import { createPage } from '../paging/pages.ts';
import { targetForRoom } from '../paging/targets.ts';
import { formatRoomTime } from '../rooms/bot-lines.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';

interface CustomerRow {
  id: number;
  number: number;
  slug: string;
  name: string;
  time_zone: string;
  page_test_devices: boolean;
}

/** The name pages made by a transform carry as their requester: the room's lines say "Transform #12, I've …". */
function transformRequester(transformId: number): string {
  return `Transform #${transformId}`;
}

/** The effect for IngestService's `effects`. */
export function autoPageEffect(config: PagerDutyConfig): IngestEffect {
  return { name: 'transform auto-page', run: (tx, opened) => autoPage(tx, opened, config) };
}

async function autoPage(tx: Sql, opened: readonly OpenedAlert[], config: PagerDutyConfig): Promise<NewEvent[]> {
  const wanted = opened.filter(
    ({ item, alert }) => item.autoPage !== undefined && (alert.suppressedBy ?? null) === null && !alert.suppressed,
  );
  if (wanted.length === 0) return [];
  const ids = [...new Set(wanted.map(({ item }) => item.customerId))];
  const customers = new Map(
    (
      await tx.query<CustomerRow>(
        'SELECT id, number, slug, name, time_zone, page_test_devices FROM customers WHERE id = ANY($1::bigint[])',
        [ids],
      )
    ).rows.map((row): [number, Customer & { pagesTestDevices: boolean }] => [
      Number(row.id),
      {
        id: Number(row.id),
        number: Number(row.number),
        slug: row.slug,
        name: row.name,
        timeZone: row.time_zone,
        pagesTestDevices: row.page_test_devices,
      },
    ]),
  );
  const events: NewEvent[] = [];
  for (const { item, alert } of wanted) {
    const customer = customers.get(item.customerId);
    const page = item.autoPage;
    if (!customer || !page) continue;
    const who = transformRequester(page.transformId);
    const say = async (body: string) => {
      const line = await insertRoomMessage(tx, botLine(customer, body));
      events.push(line.event);
      return line.message;
    };
    const mark = alert.maintenance ?? null;
    if (mark !== null) {
      const until = mark.until === null ? '' : `, until ${formatRoomTime(new Date(mark.until), customer.timeZone)}`;
      const held =
        mark.windowId === null
          ? `Zenoss has ${alert.device} in Maintenance`
          : `it is under maintenance window #${mark.windowId} ("${mark.reason}"${until})`;
      await say(
        `${who} would page ${page.target} about event ${alert.number}, but ${held}; I have not paged. To page anyway: .${PAGE_WORD[page.priority]} [${page.target}, ${alert.number}] --force <why>`,
      );
      continue;
    }
    const prodState = alert.prodState ?? null;
    if (prodState !== null && UNPAGED_PROD_STATES.includes(prodState) && !customer.pagesTestDevices) {
      await say(
        `${who} would page ${page.target} about event ${alert.number}, but Zenoss has ${alert.device} in production state ${prodStateName(prodState)} and ${customer.name} does not page those; I have not paged.`,
      );
      continue;
    }
    const target = await targetForRoom(tx, page.target, customer.id);
    if (!target) {
      await say(
        `${who} would page ${page.target} about event ${alert.number}, but there is no such paging target any more; I have not paged.`,
      );
      continue;
    }
    const request = await say(
      `${who} is paging ${target.name} (${page.priority}) about event ${alert.number}: ${alert.summary}`,
    );
    await createPage(
      tx,
      {
        customer,
        alert,
        target,
        priority: page.priority,
        message: `${alert.summary} (event ${alert.number})`,
        requester: { displayName: who, userId: null, email: null },
        requestMessageId: request.id,
      },
      config,
    );
  }
  return events;
}

const PAGE_WORD = { normal: 'oncall', urgent: 'urgent', emergency: 'emergency' } as const;
