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
});
export type RoomMessage = z.infer<typeof RoomMessageSchema>;

/** A line typed into a room: chat or a command (see docs/COMMANDS.md). */
export const PostRoomMessageSchema = z.object({ body: z.string().min(1).max(8000) });

export const RoomListQuerySchema = z.object({
  after: z.string().regex(/^\d{1,15}$/, 'a message id').transform(Number).optional(),
  before: z.string().regex(/^\d{1,15}$/, 'a message id').transform(Number).optional(),
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
