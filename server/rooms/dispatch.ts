/**
 * A line typed into a room: stored as the human message, and when it is a command, carried out in the same
 * transaction — pages and PagerDuty calls go to the outbox, never straight to the network — with the bot's
 * immediate answer. PagerDuty's own answers arrive later through the outbox worker and webhooks.
 */
import { commandPermission, parseCommand } from '../../shared/commands/index.ts';
import type { Customer } from '../../shared/customer.ts';
import { can, refusal } from '../../shared/permissions.ts';
import type { Sql } from '../db/database.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import type { PagerDutyConfig } from '../integrations/pagerduty/config.ts';
import type { HarvestConfig } from '../integrations/harvest/config.ts';
import type { ZendeskConfig } from '../integrations/zendesk/config.ts';
import type { DispatchResult } from './commands/command-context.ts';
import { runCommand } from './commands/command-table.ts';
import { runMaintCommand } from './commands/maint-commands.ts';
import { isMaintLine } from '../../shared/maintenance-command.ts';
import { botReply, insertRoomMessage } from './messages.ts';
import type { RoomName } from '../../shared/room.ts';

/** A line that reached COSS this long after it was typed was held by the console, and its typing time is kept. */
const ACTED_LATER_MS = 5000;

interface DispatchInput {
  principal: UserPrincipal;
  customer: Customer;
  body: string;
  pagerduty: PagerDutyConfig;
  harvest?: HarvestConfig | null | undefined;
  zendesk?: ZendeskConfig | undefined;
  /** when the person typed the line, if the console held it offline */
  actedAt?: string | undefined;
  /** page through a maintenance hold (REST `force: true`) */
  force?: boolean | undefined;
  /** the room the line was typed in (the caller checked `room.internal` for the internal one); absent: the shared one */
  room?: RoomName;
}

/** Runs one room line in `tx`; the caller appends `events` last and commits. */
export async function dispatchRoomLine(tx: Sql, input: DispatchInput): Promise<DispatchResult> {
  const { principal, customer, body } = input;
  const room = input.room ?? 'customer';
  const parsed = parseCommand(body);
  const human = await insertRoomMessage(tx, {
    customerId: customer.id,
    customerSlug: customer.slug,
    kind: 'human',
    author: principal.displayName,
    authorUserId: principal.userId,
    // `..text` is the escape for chat that starts with a dot: what the room keeps and shows is `.text`. A permitted
    // `.both` keeps its text alone, the same line as its copy in the other room (the command says it was `.both`).
    body: parsed.ok && parsed.kind === 'chat' ? parsed.text : (bothText(parsed, principal) ?? body),
    room,
    // Kept only when it says something: a line the console held offline, not one sent as it was typed.
    actedAt:
      input.actedAt !== undefined && Date.now() - Date.parse(input.actedAt) > ACTED_LATER_MS ? input.actedAt : null,
    command: parsed.ok && parsed.kind === 'command' ? parsed.command : null,
  });
  const result: DispatchResult = {
    message: human.message,
    replies: [],
    events: [human.event],
    queuedForPagerDuty: false,
    whoTarget: null,
    refused: null,
  };
  const reply = async (text: string) => {
    const bot = await insertRoomMessage(tx, botReply(customer, principal.displayName, text, human.message.id, room));
    result.replies.push(bot.message);
    result.events.push(bot.event);
  };
  const refuse = async (text: string) => {
    await reply(text);
    result.refused = text;
  };

  const context = {
    tx,
    principal,
    customer,
    pagerduty: input.pagerduty,
    harvest: input.harvest,
    zendesk: input.zendesk,
    result,
    reply,
    refuse,
    force: input.force === true,
    room,
  };
  // `.maint` has its own grammar (shared/maintenance-command.ts) and rights (maintenance.read, maintenance.manage).
  if (isMaintLine(body)) {
    await runMaintCommand(context, body, new Date());
    return result;
  }
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
  await runCommand(context, parsed.command);
  return result;
}

/** The text of a `.both` line its author may post to both rooms; undefined for any other line. */
function bothText(parsed: ReturnType<typeof parseCommand>, principal: UserPrincipal): string | undefined {
  if (!parsed.ok || parsed.kind !== 'command' || parsed.command.name !== 'both') return undefined;
  return can(principal.role, commandPermission(parsed.command)) ? parsed.command.text : undefined;
}
