/**
 * What several room commands look up before acting: the paging target and the alert a line names, each answering
 * in the room when it cannot be used, and the alert change with its event-log entry.
 */
import { closestMatches, type EventRef } from '../../../shared/commands/index.ts';
import { canUseTarget, refusal, targetAction } from '../../../shared/permissions.ts';
import { applyAlertAction, type AlertAction } from '../../alerts/actions.ts';
import type { AlertRow } from '../../alerts/row.ts';
import { listTargets, targetForRoom, type StoredTarget } from '../../paging/targets.ts';
import type { CommandContext } from './command-context.ts';

export type RoomAlertRow = AlertRow & { slug: string };

/** The target `path` names in this room, or null after saying why it cannot be used (the NOC's, or unknown). */
export async function findTarget(context: CommandContext, path: string): Promise<StoredTarget | null> {
  const { tx, principal, customer } = context;
  const target = await targetForRoom(tx, path, customer.id);
  const usable = async () =>
    (await listTargets(tx, customer.id))
      .filter((t) => canUseTarget(principal.role, t, customer.slug))
      .map((t) => t.path);
  if (target && !canUseTarget(principal.role, target, customer.slug)) {
    const own = await usable();
    await context.refuse(
      `${refusal(principal.role, targetAction(target, customer.slug))} ${target.path} is the NOC's.` +
        (own.length > 0 ? ` Your own on-call queues: ${own.join(', ')}.` : ' Ask the NOC in this room instead.'),
    );
    return null;
  }
  if (!target) {
    const known = await usable();
    const suggestions = closestMatches(path, known).slice(0, 3);
    await context.refuse(
      `I don't know the paging target ${path}.` +
        (suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ' .help oncall shows how to page.'),
    );
  }
  return target;
}

/** The room's alert `ref` names, locked for update, or null after saying there is none. */
export async function findAlert(context: CommandContext, ref: EventRef): Promise<RoomAlertRow | null> {
  const { tx, customer } = context;
  // An event of another customer answers like a missing one: rooms must not learn about each other.
  const foreign = ref.customerNumber !== null && ref.customerNumber !== customer.number;
  const row = foreign
    ? undefined
    : (
        await tx.query<RoomAlertRow>(
          `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id
           WHERE a.number = $1 AND a.customer_id = $2 FOR UPDATE OF a`,
          [ref.number, customer.id],
        )
      ).rows[0];
  if (!row) await context.refuse(`there is no event ${ref.number} in the ${customer.name} room.`);
  return row ?? null;
}

/** Applies `action` to the alert and records its event when it changed something. */
export async function changeAlert(
  context: CommandContext,
  row: RoomAlertRow,
  action: AlertAction,
  eventType: string,
): Promise<void> {
  const { tx, principal, customer, result } = context;
  const applied = await applyAlertAction(tx, row, action, principal.displayName);
  if (applied.changed) {
    result.events.push({
      customerId: customer.id,
      type: applied.eventType || eventType,
      alertId: Number(row.id),
      actor: principal.displayName,
      payload: applied.comment ? { alert: applied.alert, comment: applied.comment } : applied.alert,
    });
  }
}

/**
 * True when COSS can call PagerDuty's REST API; otherwise says so, as a refusal, or as a plain reply when the
 * command was already done in COSS (a note is kept in COSS: only its PagerDuty copy is not made).
 */
export async function hasRestToken(context: CommandContext, what: string, doneInCoss: boolean): Promise<boolean> {
  if (context.pagerduty.apiToken) return true;
  await (doneInCoss ? context.reply : context.refuse)(
    `${what} needs the PagerDuty REST API, and COSS has no PAGERDUTY_API_TOKEN configured.`,
  );
  return false;
}
