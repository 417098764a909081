/** `.ticket <priority> <event#>? <subject>`: a Zendesk ticket, asked for now and created by the outbox worker. */
import type { Command } from '../../../shared/commands/index.ts';
import { toAlert } from '../../alerts/row.ts';
import { requestTicket } from '../../tickets/ticket-requests.ts';
import type { CommandContext } from './command-context.ts';
import { findAlert } from './lookups.ts';
import { withArticle } from '../../../shared/indefinite-article.ts';

/** Zendesk's subject has no documented limit we could read; a room line's subject is kept to a readable length. */
const MAX_SUBJECT = 250;

/** Writes the ticket and its outbox row; the number comes back in the room when Zendesk has made it. */
export async function openTicket(
  context: CommandContext,
  command: Extract<Command, { name: 'ticket' }>,
): Promise<void> {
  const { tx, principal, customer, result } = context;
  const zendesk = context.zendesk;
  if (!zendesk?.url || !zendesk.token) {
    await context.refuse(
      'tickets are not configured on this COSS (ZENDESK_URL and ZENDESK_TOKEN are unset), so no ticket was made.',
    );
    return;
  }
  const row = command.event ? await findAlert(context, command.event) : null;
  if (command.event && !row) return;
  const alert = row ? toAlert(row, row.slug) : null;
  const subject = (command.subject ?? alert?.summary ?? '').slice(0, MAX_SUBJECT);
  const requested = await requestTicket(tx, {
    customer,
    alert,
    priority: command.priority,
    subject: subject === '' ? `Event ${alert?.number ?? ''}` : subject,
    requester: { displayName: principal.displayName, userId: principal.userId },
    requestMessageId: result.message.id,
    room: context.room,
    zendeskUrl: zendesk.url,
  });
  result.events.push(...requested.events);
  result.queuedForZendesk = true;
  await context.reply(
    `asking Zendesk for ${withArticle(command.priority)} ticket ${requested.externalId}; I'll post its number here.`,
  );
}
