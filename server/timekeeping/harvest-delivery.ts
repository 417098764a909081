/**
 * Harvest as a consumer of the delivery outbox: the worker that delivers harvest_outbox rows. A claimed row is
 * read with its time entry, its calls made (harvest-calls.ts), and the outcome recorded on the row and the entry
 * in one transaction, guarded so a late duplicate changes nothing. A row that fails for good says so in the
 * customer's internal room, as a failed page does: time that never reached Harvest is not billed otherwise.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.ts';
import { DeliveryWorker, type DeliveryConsumer } from '../delivery/delivery-worker.ts';
import type { ClaimedDelivery } from '../delivery/outbox-table.ts';
import { failRestOfSequence, recordSettlement, settle, type RetryLimits } from '../delivery/settle.ts';
import { appendEvents } from '../events/log.ts';
import { final, type FetchLike, type Outcome } from '../integrations/call-outcome.ts';
import { HarvestClient, type HarvestTimeEntry } from '../integrations/harvest/client.ts';
import type { HarvestConfig } from '../integrations/harvest/config.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { executeHarvestOperation } from './harvest-calls.ts';
import { harvestFailedLine } from './harvest-lines.ts';
import { HARVEST_OUTBOX, readHarvestDelivery, type HarvestDelivery } from './harvest-outbox.ts';

export interface HarvestWorkerOptions {
  db: Database;
  /** woken with the seq of a failure's room line */
  hub: { wake(seq?: number): void };
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;
  config: HarvestConfig;
  /** give up (delivery failed) after this many attempts; default 20 */
  maxAttempts?: number;
  /** or when the row is older than this; default 24 h */
  maxAgeMs?: number;
  fetch?: FetchLike;
}

/** A row makes at most three requests (look up, change, read back): its pacing slot is sized for three. */
const REQUESTS_PER_ROW = 3;

/** The worker that delivers the Harvest outbox; start() it, wake() it after committing rows. */
export function createHarvestWorker(options: HarvestWorkerOptions): DeliveryWorker {
  return new DeliveryWorker(harvestConsumer(options), { db: options.db, log: options.log });
}

function harvestConsumer(options: HarvestWorkerOptions): DeliveryConsumer {
  const { db, config, log, hub } = options;
  const client = new HarvestClient(config, options.fetch);
  const limits: RetryLimits = {
    maxAttempts: options.maxAttempts ?? 20,
    maxAgeMs: options.maxAgeMs ?? 24 * 60 * 60 * 1000,
    backoff: { baseMs: config.retryBaseMs, capMs: config.retryCapMs },
  };
  return {
    name: 'harvest outbox',
    table: HARVEST_OUTBOX,
    spacingMs: (REQUESTS_PER_ROW * 15_000) / config.requestsPer15s,
    workMs: () => (REQUESTS_PER_ROW + 1) * config.requestTimeoutMs + 1000,
    async deliver(claim: ClaimedDelivery): Promise<void> {
      const delivery = await readHarvestDelivery(db, claim);
      const outcome: Outcome<HarvestTimeEntry | null> =
        delivery === null
          ? final('the time entry of this row is gone')
          : await executeHarvestOperation(client, delivery, config.publicUrl);
      if (outcome.kind !== 'ok') {
        log.warn({ outbox: claim.id, attempts: claim.attempts + 1 }, `harvest outbox: ${outcome.reason}`);
      }
      const seq = await recordHarvestOutcome(db, claim, delivery, outcome, limits);
      if (seq !== null) hub.wake(seq);
    },
  };
}

/**
 * Writes the outcome: the row's settlement, on success the Harvest entry (id, and hours once stopped), on a final
 * failure the room line; returns the seq of that line's event, or null when there is none.
 */
async function recordHarvestOutcome(
  db: Database,
  claim: ClaimedDelivery,
  delivery: HarvestDelivery | null,
  outcome: Outcome<HarvestTimeEntry | null>,
  limits: RetryLimits,
): Promise<number | null> {
  const settlement = settle(outcome, claim, limits);
  const entryId = Number(claim.columns['time_entry_id']);
  return db.transaction(async (tx) => {
    const recorded = await recordSettlement(tx, HARVEST_OUTBOX, claim, settlement);
    if (!recorded) return null;
    if (outcome.kind === 'ok' && outcome.value !== null) {
      const entry = outcome.value;
      // The hours of a running entry grow by the minute; only a stopped entry's are worth keeping.
      await tx.query(
        `UPDATE harvest_time_entries SET harvest_entry_id = $2,
           harvest_hours = CASE WHEN $3::boolean THEN harvest_hours ELSE $4::numeric END, updated_at = now()
         WHERE id = $1`,
        [entryId, entry.id, entry.is_running, entry.hours],
      );
    }
    if (settlement.kind === 'failed') {
      await failRestOfSequence(
        tx,
        HARVEST_OUTBOX,
        entryId,
        claim.id,
        `an earlier Harvest delivery of this time entry failed: ${settlement.reason}`,
      );
      // No line for a row whose entry is gone: its alert was deleted, there is nothing left to fix.
      if (delivery !== null) {
        const message = await insertRoomMessage(
          tx,
          botLine(delivery.customer, harvestFailedLine(delivery, settlement.reason), { room: 'internal' }),
        );
        return (await appendEvents(tx, [message.event]))?.last ?? null;
      }
    }
    return null;
  });
}
