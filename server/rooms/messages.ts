/** Room messages: appended in the caller's transaction together with their stream event. */
import type { RoomMessage, RoomName } from '../../shared/room.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';

export interface NewRoomMessage {
  customerId: number;
  customerSlug: string;
  kind: RoomMessage['kind'];
  author: string;
  authorUserId?: number | null;
  body: string;
  command?: unknown;
  replyTo?: number | null;
  /** when the person typed it, if COSS receives it later */
  actedAt?: string | null;
  /** which of the customer's rooms; absent: the shared one */
  room?: RoomName;
  /** the alert whose card this line is (server/rooms/event-card.ts) */
  card?: number | null;
}

interface MessageRow {
  id: number;
  kind: RoomMessage['kind'];
  author: string;
  body: string;
  command: unknown;
  reply_to: number | null;
  created_at: Date | string;
  acted_at: Date | string | null;
  room: RoomName;
  card_number: number | null;
}

const toMessage = (row: MessageRow, customer: string): RoomMessage => ({
  id: Number(row.id),
  customer,
  kind: row.kind,
  author: row.author,
  body: row.body,
  command: row.command ?? null,
  replyTo: row.reply_to === null ? null : Number(row.reply_to),
  createdAt: new Date(row.created_at).toISOString(),
  actedAt: row.acted_at === null || row.acted_at === undefined ? null : new Date(row.acted_at).toISOString(),
  room: row.room,
  card: row.card_number === null ? null : { number: Number(row.card_number) },
});

/** A line the bot says in one of a customer's rooms (the shared one unless `extra.room` says otherwise). */
export function botLine(
  customer: { id: number; slug: string },
  body: string,
  extra: Pick<NewRoomMessage, 'replyTo' | 'room' | 'card' | 'command'> = {},
): NewRoomMessage {
  return { customerId: customer.id, customerSlug: customer.slug, kind: 'bot', author: 'COSS', body, ...extra };
}

/** The bot's answer to `to` in one of a customer's rooms (the one the line it answers was typed in): "NOC, …". */
export function botReply(
  customer: { id: number; slug: string },
  to: string,
  text: string,
  replyTo: number | null,
  room: RoomName = 'customer',
): NewRoomMessage {
  return botLine(customer, `${to}, ${text}`, { replyTo, room });
}

/**
 * Inserts a message and returns it with the event that streams it. The caller appends the event (appendEvents)
 * in the same transaction, after all of its other writes.
 */
export async function insertRoomMessage(
  tx: Sql,
  message: NewRoomMessage,
): Promise<{ message: RoomMessage; event: NewEvent }> {
  const row = (
    await tx.query<MessageRow>(
      `INSERT INTO room_messages
         (customer_id, kind, author, author_user_id, body, command, reply_to, acted_at, room, card_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        message.customerId,
        message.kind,
        message.author,
        message.authorUserId ?? null,
        message.body,
        message.command === undefined ? null : JSON.stringify(message.command),
        message.replyTo ?? null,
        message.actedAt ?? null,
        message.room ?? 'customer',
        message.card ?? null,
      ],
    )
  ).rows[0] as MessageRow;
  const stored = toMessage(row, message.customerSlug);
  return {
    message: stored,
    event: {
      customerId: message.customerId,
      type: 'room.message',
      alertId: null,
      actor: message.author,
      payload: stored,
    },
  };
}

/** A page of one of a customer's rooms, oldest first; `after`/`before` are message ids. */
export async function listRoomMessages(
  db: Sql,
  customer: { id: number; slug: string },
  options: { after?: number | undefined; before?: number | undefined; limit?: number | undefined },
  room: RoomName = 'customer',
): Promise<RoomMessage[]> {
  const limit = options.limit ?? 200;
  // Without `after`, the newest page is wanted: read backwards, then restore chronological order.
  const newestFirst = options.after === undefined;
  const rows = (
    await db.query<MessageRow>(
      `SELECT * FROM room_messages WHERE customer_id = $1 AND room = $5
         AND ($2::bigint IS NULL OR id > $2::bigint) AND ($3::bigint IS NULL OR id < $3::bigint)
       ORDER BY id ${newestFirst ? 'DESC' : 'ASC'} LIMIT $4`,
      [customer.id, options.after ?? null, options.before ?? null, limit, room],
    )
  ).rows;
  const messages = rows.map((row) => toMessage(row, customer.slug));
  return newestFirst ? messages.reverse() : messages;
}

/** Every message of both rooms in [from, to), oldest first: the audit export's source (staff only). */
export async function roomMessagesBetween(
  db: Sql,
  customer: { id: number; slug: string },
  from: Date,
  to: Date,
): Promise<RoomMessage[]> {
  const rows = (
    await db.query<MessageRow>(
      `SELECT * FROM room_messages WHERE customer_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY id`,
      [customer.id, from.toISOString(), to.toISOString()],
    )
  ).rows;
  return rows.map((row) => toMessage(row, customer.slug));
}
