/**
 * `.both <text>`: "Post in Cascadeo and Acme chatroom". The typed line already holds the text in the room it was typed
 * in (dispatch.ts stores a permitted `.both` as its text); this posts the same line, by the same person, in the other.
 */
import type { Command } from '../../../shared/commands/index.ts';
import { insertRoomMessage } from '../messages.ts';
import type { CommandContext } from './command-context.ts';

/** Posts the copy of a `.both` line into the customer's other room. */
export async function postInBothRooms(
  context: CommandContext,
  command: Extract<Command, { name: 'both' }>,
): Promise<void> {
  const { tx, customer, principal, result } = context;
  const copy = await insertRoomMessage(tx, {
    customerId: customer.id,
    customerSlug: customer.slug,
    kind: 'human',
    author: principal.displayName,
    authorUserId: principal.userId,
    body: command.text,
    command,
    // Not a reply to the typed line: from the customer's room that would point into the internal one.
    replyTo: null,
    room: context.room === 'internal' ? 'customer' : 'internal',
  });
  result.events.push(copy.event);
  result.copies = [...(result.copies ?? []), copy.message];
}
