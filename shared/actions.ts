/** Request bodies of the alert actions (REST), shared by the backend and the console core. */
import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from './alert.ts';

/** Idempotency keys are client-generated (a UUID is typical); a replay with the same key changes nothing. */
export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : -');

export const AcknowledgeBodySchema = z.object({ note: z.string().max(4000).optional() }).default({});
export const ResolveBodySchema = z.object({ note: z.string().max(4000).optional() }).default({});
/** Reopening takes no fields: it undoes a resolve, nothing more. */
export const ReopenBodySchema = z.object({}).default({});
export const AssignBodySchema = z.object({ assignee: z.string().trim().min(1).max(200).nullable() });
export const NoteBodySchema = z.object({ text: z.string().trim().min(1).max(20_000) });

export const AlertListQuerySchema = z
  .object({
    customer: z.string().max(64).optional(),
    status: z
      .string()
      .max(100)
      .transform((value) => value.split(',').filter((s) => s !== ''))
      .pipe(z.array(z.enum(ALERT_STATUSES)))
      .optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    q: z.string().max(200).optional(),
    limit: z
      .string()
      .regex(/^\d{1,5}$/, 'limit must be a number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(5000))
      .optional(),
    /**
     * `queue` (the default): worst severity first, then newest. `number`: ascending event number, the order that pages
     * through a set that changes meanwhile without skipping or repeating an alert (rows never move in it).
     */
    order: z.enum(['queue', 'number']).optional(),
    /** With `order=number`: only alerts whose number is above this one (the previous page's `next`). */
    after: z
      .string()
      .regex(/^\d{1,15}$/, 'after must be an event number')
      .transform(Number)
      .optional(),
  })
  .refine((query) => query.after === undefined || query.order === 'number', {
    message: 'after pages only with order=number',
    path: ['after'],
  });
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export interface AlertComment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

/** One line of an alert's incident timeline. */
export interface AlertHistoryEntry {
  seq: number;
  /** the event kind: alert.acknowledged, page.updated, room.message, … */
  kind: string;
  actor: string | null;
  at: string;
  /** the line in words ("PagerDuty: incident acknowledged by Romel Emperado (Systems)") */
  text: string;
}
