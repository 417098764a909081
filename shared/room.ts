/** Ops-room messages on the wire: what consoles show and what auditors export. */
import { z } from 'zod';

export const ROOM_MESSAGE_KINDS = ['human', 'bot', 'system'] as const;

export const RoomMessageSchema = z.object({
  id: z.number().int(),
  customer: z.string(),
  kind: z.enum(ROOM_MESSAGE_KINDS),
  author: z.string(),
  body: z.string(),
  command: z.unknown().nullable(),
  replyTo: z.number().int().nullable(),
  createdAt: z.string(),
  /** when the person typed it, if COSS received it later (typed offline, sent when COSS was back); absent: the same */
  actedAt: z.string().nullable().optional(),
  /**
   * Which of the customer's two rooms: the shared one (`customer`, also the value when absent) or the staff-only
   * `internal` one, which customer users never receive over REST or the stream.
   */
  room: z.enum(['customer', 'internal']).optional(),
  /** The line is an alert's card (the seed's layout with its escalation notes); consoles render it with live state. */
  card: z.object({ number: z.number().int() }).nullable().optional(),
  /** set by the console only: typed offline and waiting in its outbox, not yet in COSS */
  pending: z.boolean().optional(),
});
export type RoomMessage = z.infer<typeof RoomMessageSchema>;
/** The customer's shared room, or the staff-only internal one beside it. */
export type RoomName = NonNullable<RoomMessage['room']>;

/** A line typed into a room: chat or a command (see docs/COMMANDS.md). */
/** How far back a console may date a line it held offline (its outbox keeps lines at most this long). */
export const ACTED_AT_MAX_AGE_MS = 7 * 24 * 3_600_000;

export const PostRoomMessageSchema = z.object({
  body: z.string().min(1).max(8000),
  /**
   * When the person typed the line, if the console held it while COSS was unreachable: ISO-8601 with a zone, not in
   * the future (a minute of clock skew allowed) and at most 7 days old. The audit keeps it beside the time received.
   */
  actedAt: z.iso
    .datetime({ offset: true })
    .refine((value) => Date.parse(value) <= Date.now() + 60_000, 'actedAt must not be in the future')
    .refine((value) => Date.parse(value) >= Date.now() - ACTED_AT_MAX_AGE_MS, 'actedAt must be within the last 7 days')
    .optional(),
  /**
   * For a page line about an alert under maintenance (or on a Zenoss Test or Decommissioned device): page anyway, as
   * `--force` after the brackets does. Without it COSS answers 409 `under_maintenance` (or `unpaged_prod_state`).
   */
  force: z.boolean().optional(),
});

export const RoomListQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}$/, 'a message id')
    .transform(Number)
    .optional(),
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'a message id')
    .transform(Number)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'a number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional(),
});

export const AUDIT_FORMATS = ['json', 'csv', 'md'] as const;
export const AuditQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  format: z.enum(AUDIT_FORMATS).default('json'),
});
