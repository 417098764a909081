/**
 * The event card effect: when an alert opens with a severity in its customer's card list (critical and error unless
 * changed: `coss admin customer update --room-cards`), or a transform asked for its card (`postCard`), its card is
 * posted into the customer's shared room in the alert's own transaction. Effects run once per opened alert, never on
 * a repeat, so an alert is carded at most once by construction.
 *
 * A burst must not bury the room: at most CARDS_PER_MINUTE cards per customer per clock minute, the worst first;
 * the first batch past that says once "… and N more alerts not carded (see the queue); cards resume at …", and
 * nothing more is carded or said until the next minute (the queue has every alert). The budget is one row per
 * customer, locked by the transaction that cards, so batches committing at once on several nodes share it.
 */
import { severityRank } from '../../shared/alert.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import type { IngestEffect } from '../ingest/effects.ts';
import type { OpenedAlert } from '../ingest/store.ts';
import { cardsSkippedLine, formatEventCard } from './event-card.ts';
import { botLine, insertRoomMessage } from './messages.ts';

/** Cards per customer per minute: enough for a real incident's handful, far short of a flood. */
export const CARDS_PER_MINUTE = 20;

interface CardSettings {
  id: number;
  time_zone: string;
  room_card_severities: string[];
}

/** The effect for IngestService's `effects`; `now` is the clock the minute budget reads. */
export function cardEffect(options: { now?: () => Date; perMinute?: number } = {}): IngestEffect {
  const now = options.now ?? (() => new Date());
  const perMinute = options.perMinute ?? CARDS_PER_MINUTE;
  return { name: 'room cards', run: (tx, opened) => postCards(tx, opened, now(), perMinute) };
}

/**
 * Whether an opened alert gets its card: never when suppressed (by Zenoss or a transform: nobody is to be told);
 * when a transform asked; else when its severity is in the customer's list and no maintenance covers it (planned
 * work's alerts are expected, and the window's own line already said so).
 */
function wantsCard(opened: OpenedAlert, severities: readonly string[]): boolean {
  const { alert, item } = opened;
  if (alert.suppressed === true || (alert.suppressedBy ?? null) !== null) return false;
  if (item.postCard === true) return true;
  return severities.includes(alert.severity) && (alert.maintenance ?? null) === null;
}

async function postCards(tx: Sql, opened: readonly OpenedAlert[], now: Date, perMinute: number): Promise<NewEvent[]> {
  const byCustomer = new Map<number, OpenedAlert[]>();
  for (const entry of opened) {
    const list = byCustomer.get(entry.item.customerId) ?? [];
    list.push(entry);
    byCustomer.set(entry.item.customerId, list);
  }
  // In customer order, so that transactions carding several customers lock their budget rows in one order.
  const settings = (
    await tx.query<CardSettings>(
      'SELECT id, time_zone, room_card_severities FROM customers WHERE id = ANY($1::bigint[]) ORDER BY id',
      [[...byCustomer.keys()]],
    )
  ).rows;
  const events: NewEvent[] = [];
  for (const customer of settings) {
    const candidates = (byCustomer.get(Number(customer.id)) ?? []).filter((entry) =>
      wantsCard(entry, customer.room_card_severities),
    );
    if (candidates.length === 0) continue;
    candidates.sort(
      (a, b) => severityRank(b.alert.severity) - severityRank(a.alert.severity) || a.alert.number - b.alert.number,
    );
    events.push(...(await cardWithinBudget(tx, customer, candidates, now, perMinute)));
  }
  return events;
}

async function cardWithinBudget(
  tx: Sql,
  customer: CardSettings,
  cards: readonly OpenedAlert[],
  now: Date,
  perMinute: number,
): Promise<NewEvent[]> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  // Takes the row lock for the rest of the transaction; a row of an earlier minute starts this one afresh.
  const budget = (
    await tx.query<{ minute: Date | string; carded: number; summarized: boolean }>(
      `INSERT INTO room_card_budgets (customer_id, minute, carded, summarized) VALUES ($1, $2, 0, false)
       ON CONFLICT (customer_id) DO UPDATE SET
         carded = CASE WHEN room_card_budgets.minute >= EXCLUDED.minute THEN room_card_budgets.carded ELSE 0 END,
         summarized = room_card_budgets.minute >= EXCLUDED.minute AND room_card_budgets.summarized,
         minute = greatest(room_card_budgets.minute, EXCLUDED.minute)
       RETURNING minute, carded, summarized`,
      [customer.id, minute.toISOString()],
    )
  ).rows[0];
  if (!budget) return [];
  const room = { id: Number(customer.id), slug: cards[0]?.alert.customer ?? '' };
  const posted = cards.slice(0, Math.max(0, perMinute - Number(budget.carded)));
  const skipped = cards.length - posted.length;
  const events: NewEvent[] = [];
  for (const { alert } of posted) {
    const card = await insertRoomMessage(
      tx,
      botLine(room, formatEventCard(alert, customer.time_zone), { card: alert.number }),
    );
    events.push(card.event);
  }
  const summarize = skipped > 0 && !budget.summarized;
  if (summarize) {
    const resumeAt = new Date(new Date(budget.minute).getTime() + 60_000);
    const line = await insertRoomMessage(tx, botLine(room, cardsSkippedLine(skipped, resumeAt, customer.time_zone)));
    events.push(line.event);
  }
  await tx.query(
    'UPDATE room_card_budgets SET carded = carded + $2, summarized = summarized OR $3 WHERE customer_id = $1',
    [customer.id, posted.length, summarize],
  );
  return events;
}
