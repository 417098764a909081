/**
 * A line typed into a room: stored as the human message, and when it is a command, carried out in the same
 * transaction — pages and PagerDuty calls go to the outbox, never straight to the network — with the bot's
 * immediate answer. PagerDuty's own answers arrive later through the outbox worker and webhooks.
 */
import { closestMatches, commandPermission, formatHelp, parseCommand, type Command, type EventRef } from '../../shared/commands/index.ts';
import type { Customer } from '../../shared/customer.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { can, canUseTarget, refusal, targetAction } from '../../shared/permissions.ts';
import type { Sql } from '../db/database.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { NewEvent } from '../events/log.ts';
import { activeTwin, applyAlertAction, reopenRefusal, type AlertAction } from '../alerts/actions.ts';
import { toAlert, type AlertRow } from '../alerts/row.ts';
import type { PagerDutyConfig } from '../pagerduty/config.ts';
import type { OutboxOperation } from '../pagerduty/operations.ts';
import { createPage } from '../paging/pages.ts';
import { enqueue, pagesOfAlert, queueStatusOnIncidents } from '../paging/incident-actions.ts';
import { listTargets, targetForRoom, type StoredTarget } from '../paging/targets.ts';
import { incidentList } from './bot-lines.ts';
import { botReply, insertRoomMessage } from './messages.ts';

export interface DispatchResult {
  message: RoomMessage;
  replies: RoomMessage[];
  events: NewEvent[];
  /** work that needs the network (e.g. `.who`); run after commit, it posts its own reply */
  followUp: ((tx: Sql) => Promise<void>) | null;
  /** whether outbox rows were written (wake the worker after commit) */
  queuedForPagerDuty: boolean;
  /** a `.who` target to look up after commit */
  whoTarget: StoredTarget | null;
  /**
   * Why the command was not carried out (the bot's answer), or null when it was, or the line is chat. The console
   * reads it so a page or escalation COSS refused is never reported as done.
   */
  refused: string | null;
}

/** A line that reached COSS this long after it was typed was held by the console, and its typing time is kept. */
const ACTED_LATER_MS = 5000;

interface DispatchInput {
  principal: UserPrincipal;
  customer: Customer;
  body: string;
  pagerduty: PagerDutyConfig;
  /** when the person typed the line, if the console held it offline */
  actedAt?: string | undefined;
}

/** Runs one room line in `tx`; the caller appends `events` last and commits. */
export async function dispatchRoomLine(tx: Sql, input: DispatchInput): Promise<DispatchResult> {
  const { principal, customer, body } = input;
  const parsed = parseCommand(body);
  const human = await insertRoomMessage(tx, {
    customerId: customer.id,
    customerSlug: customer.slug,
    kind: 'human',
    author: principal.displayName,
    authorUserId: principal.userId,
    // `..text` is the escape for chat that starts with a dot: what the room keeps and shows is `.text`.
    body: parsed.ok && parsed.kind === 'chat' ? parsed.text : body,
    // Kept only when it says something: a line the console held offline, not one sent as it was typed.
    actedAt: input.actedAt !== undefined && Date.now() - Date.parse(input.actedAt) > ACTED_LATER_MS ? input.actedAt : null,
    command: parsed.ok && parsed.kind === 'command' ? parsed.command : null,
  });
  const result: DispatchResult = {
    message: human.message,
    replies: [],
    events: [human.event],
    followUp: null,
    queuedForPagerDuty: false,
    whoTarget: null,
    refused: null,
  };
  const reply = async (text: string) => {
    const bot = await insertRoomMessage(tx, botReply(customer, principal.displayName, text, human.message.id));
    result.replies.push(bot.message);
    result.events.push(bot.event);
  };
  const refuse = async (text: string) => {
    await reply(text);
    result.refused = text;
  };

  if (!parsed.ok) {
    await refuse(parsed.error.hint ? `${parsed.error.message} ${parsed.error.hint}` : parsed.error.message);
    return result;
  }
  if (parsed.kind === 'chat') return result;
  // A refused command is answered in the room, never silently dropped: the person learns why and what they may do.
  const permission = commandPermission(parsed.command);
  if (!can(principal.role, permission)) {
    await refuse(refusal(principal.role, permission));
    return result;
  }
  await runCommand(tx, input, parsed.command, result, reply, refuse);
  return result;
}

async function runCommand(
  tx: Sql,
  input: DispatchInput,
  command: Command,
  result: DispatchResult,
  reply: (text: string) => Promise<void>,
  /** a reply saying the command was not carried out */
  refuse: (text: string) => Promise<void>,
): Promise<void> {
  const { principal, customer, pagerduty } = input;

  const findTarget = async (path: string): Promise<StoredTarget | null> => {
    const target = await targetForRoom(tx, path, customer.id);
    const usable = async () =>
      (await listTargets(tx, customer.id)).filter((t) => canUseTarget(principal.role, t, customer.slug)).map((t) => t.path);
    if (target && !canUseTarget(principal.role, target, customer.slug)) {
      const own = await usable();
      await refuse(
        `${refusal(principal.role, targetAction(target, customer.slug))} ${target.path} is the NOC's.` +
          (own.length > 0 ? ` Your own on-call queues: ${own.join(', ')}.` : ' Ask the NOC in this room instead.'),
      );
      return null;
    }
    if (!target) {
      const known = await usable();
      const suggestions = closestMatches(path, known).slice(0, 3);
      await refuse(
        `I don't know the paging target ${path}.` +
          (suggestions.length > 0 ? ` Did you mean ${suggestions.join(' or ')}?` : ' .help oncall shows how to page.'),
      );
    }
    return target;
  };

  const findAlert = async (ref: EventRef): Promise<(AlertRow & { slug: string }) | null> => {
    // An event of another customer answers like a missing one: rooms must not learn about each other.
    const foreign = ref.customerNumber !== null && ref.customerNumber !== customer.number;
    const row = foreign
      ? undefined
      : (
          await tx.query<AlertRow & { slug: string }>(
            `SELECT a.*, c.slug FROM alerts a JOIN customers c ON c.id = a.customer_id
             WHERE a.number = $1 AND a.customer_id = $2 FOR UPDATE OF a`,
            [ref.number, customer.id],
          )
        ).rows[0];
    if (!row) await refuse(`there is no event ${ref.number} in the ${customer.name} room.`);
    return row ?? null;
  };

  const actorOf = () => ({ customerId: customer.id, displayName: principal.displayName, email: principal.pagerdutyEmail });

  const alertAction = async (row: AlertRow & { slug: string }, action: AlertAction, eventType: string) => {
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
    return applied;
  };

  const needsRestToken = async (what: string): Promise<boolean> => {
    if (pagerduty.apiToken) return true;
    // A note is already kept in COSS: only its PagerDuty copy is not made.
    await (command.name === 'note' ? reply : refuse)(`${what} needs the PagerDuty REST API, and COSS has no PAGERDUTY_API_TOKEN configured.`);
    return false;
  };

  switch (command.name) {
    case 'help':
      await reply(formatHelp(command.topic));
      return;

    case 'page': {
      const target = await findTarget(command.target);
      if (!target) return;
      const row = command.event ? await findAlert(command.event) : null;
      if (command.event && !row) return;
      const alert = row ? toAlert(row, row.slug) : null;
      await createPage(
        tx,
        {
          customer,
          alert,
          target,
          priority: command.priority,
          message: command.message ?? `${alert?.summary ?? ''} (event ${alert?.number ?? ''})`,
          requester: { displayName: principal.displayName, userId: principal.userId, email: principal.pagerdutyEmail },
          requestMessageId: result.message.id,
        },
        pagerduty,
      );
      result.queuedForPagerDuty = true;
      return;
    }

    case 'ack':
    case 'resolve': {
      const row = await findAlert(command.event);
      if (!row) return;
      const status = command.name === 'ack' ? 'acknowledged' : 'resolved';
      if (command.name === 'ack' && row.status === 'resolved') {
        await refuse(`event ${row.number} is already resolved.`);
        return;
      }
      await alertAction(row, { kind: command.name === 'ack' ? 'acknowledge' : 'resolve' }, `alert.${status}`);
      const pages = await pagesOfAlert(tx, Number(row.id));
      await queueStatusOnIncidents(tx, pages, status, actorOf(), pagerduty);
      if (pages.length > 0) result.queuedForPagerDuty = true;
      const verb = command.name === 'ack' ? 'acknowledging' : 'resolving';
      await reply(
        pages.length === 0
          ? `event ${row.number} is ${status} in COSS; it was not paged.`
          : `event ${row.number} is ${status} in COSS; ${verb} ${incidentList(pages)} in PagerDuty.`,
      );
      return;
    }

    case 'reopen': {
      const row = await findAlert(command.event);
      if (!row) return;
      if (row.status !== 'resolved') {
        await reply(`event ${row.number} is not resolved (it is ${row.status}); nothing to reopen.`);
        return;
      }
      const twin = await activeTwin(tx, row);
      if (twin !== null) {
        await refuse(`${reopenRefusal(row.number, twin)}.`);
        return;
      }
      await alertAction(row, { kind: 'reopen' }, 'alert.reopened');
      // PagerDuty has no reopen: a resolved incident stays resolved, and saying so keeps anyone from waiting on it.
      const pages = await pagesOfAlert(tx, Number(row.id));
      await reply(
        pages.length === 0
          ? `event ${row.number} is open again in COSS.`
          : `event ${row.number} is open again in COSS; PagerDuty cannot reopen ${incidentList(pages)}, so page again if someone must look.`,
      );
      return;
    }

    case 'escalate':
    case 'reassign':
    case 'note': {
      const row = await findAlert(command.event);
      if (!row) return;
      const paged = await pagesOfAlert(tx, Number(row.id));
      // Only the incidents of targets this person may page: a customer's note stays off the NOC's incidents.
      const pages = paged.filter((page) => canUseTarget(principal.role, { customer: page.target_customer }, customer.slug));
      if (command.name === 'note') await alertAction(row, { kind: 'note', text: command.text }, 'alert.noted');
      if (pages.length === 0) {
        // A note is kept in COSS either way; an escalation or reassignment of nothing is not done.
        await (command.name === 'note' ? reply : refuse)(
          command.name !== 'note'
            ? `event ${row.number} was not paged; page it first with .oncall [target, ${row.number}].`
            : paged.length > 0
              ? `noted on event ${row.number} in COSS; its PagerDuty incidents are the NOC's, so the note stays in COSS.`
              : `noted on event ${row.number}; it was not paged, so PagerDuty has no incident to annotate.`,
        );
        return;
      }
      if (!(await needsRestToken(`.${command.name}`))) return;
      let escalationPolicyId: string | undefined;
      if (command.name === 'reassign') {
        const target = await findTarget(command.target);
        if (!target) return;
        if (!target.escalationPolicyId) {
          await refuse(`${target.path} has no escalation policy in the paging directory, so incidents cannot be reassigned to it.`);
          return;
        }
        escalationPolicyId = target.escalationPolicyId;
      }
      for (const page of pages) {
        const operation: OutboxOperation =
          command.name === 'note'
            ? { operation: 'rest.incident.note', note: { dedupKey: page.dedup_key, content: `${command.text} — ${principal.displayName}` } }
            : {
                operation: 'rest.incident.update',
                update: {
                  dedupKey: page.dedup_key,
                  ...(command.name === 'escalate' ? { escalationLevel: command.level ?? Number(page.escalation_level) + 1 } : {}),
                  ...(escalationPolicyId ? { escalationPolicyId } : {}),
                },
              };
        await enqueue(tx, page, actorOf(), operation);
        result.queuedForPagerDuty = true;
        if (command.name === 'escalate') {
          await tx.query('UPDATE pages SET escalation_level = $2, updated_at = now() WHERE id = $1', [
            page.id,
            command.level ?? Number(page.escalation_level) + 1,
          ]);
        }
      }
      const keys = incidentList(pages);
      const doing =
        command.name === 'escalate'
          ? `escalating ${keys}${command.level === null ? ' to the next level' : ` to level ${command.level}`}`
          : command.name === 'reassign'
            ? `reassigning ${keys} to ${command.target}`
            : `adding your note to ${keys}`;
      await reply(`${doing} in PagerDuty.`);
      return;
    }

    case 'who': {
      const target = await findTarget(command.target);
      if (!target) return;
      result.whoTarget = target;
      return;
    }
  }
}
