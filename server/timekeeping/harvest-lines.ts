/** The bot's words about Harvest time. */
import { dedupKeyFor } from '../../shared/dedup-key.ts';
import type { HarvestDelivery, HarvestOperation } from './harvest-outbox.ts';

const WHAT: Record<HarvestOperation, string> = {
  start: 'start the timer of',
  stop: 'stop the timer of',
  log: 'log the time of',
};

/**
 * Harvest refused a row for good (a 4xx, or retries ran out): who, which alert, what was not done and Harvest's
 * words, so a person can fix it by hand in Harvest.
 */
export function harvestFailedLine(delivery: HarvestDelivery, reason: string): string {
  const key = dedupKeyFor(delivery.customer.number, delivery.alert.number);
  return `Harvest did not ${WHAT[delivery.operation]} ${delivery.person} on event ${key}: ${reason}. Fix it in Harvest by hand.`;
}
