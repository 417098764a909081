/**
 * The live stream protocol (`GET /api/v1/stream`, WebSocket): replay from `since`, then live events, heartbeats.
 * Every state change in COSS is one event with a global, increasing `seq`; a client that remembers the last seq
 * it handled resumes with `since=<seq>` and receives each later event exactly once, in order.
 */
import { z } from 'zod';

export const StreamEventSchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().positive(),
  /** the customer's slug; null for deployment-wide events, which only staff receive */
  customer: z.string().nullable(),
  kind: z.string(),
  alertId: z.number().int().nullable(),
  actor: z.string().nullable(),
  at: z.string(),
  data: z.unknown(),
});
export type StreamEvent = z.infer<typeof StreamEventSchema>;

export const StreamServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    /** newest seq in the log when the stream opened */
    head: z.number().int().min(0),
    since: z.number().int().min(0),
    customers: z.array(z.string()),
  }),
  StreamEventSchema,
  /** replay has reached the head: what follows is live */
  z.object({ type: z.literal('caught-up'), seq: z.number().int().min(0) }),
  z.object({
    type: z.literal('heartbeat'),
    seq: z.number().int().min(0),
    head: z.number().int().min(0),
    at: z.string(),
  }),
]);
export type StreamServerMessage = z.infer<typeof StreamServerMessageSchema>;

/** WebSocket close codes the server uses; the reason text says what to do. */
export const STREAM_CLOSE = {
  /** the token is missing, unknown or was revoked */
  unauthorized: 4001,
  /** the query named a customer this user may not see, or a bad parameter */
  badRequest: 4002,
  /**
   * the client did not keep up (its send buffer passed the limit, or it answered no ping for a heartbeat): no more
   * events follow; resume with since=<seq in the reason>, which is the last event sent before this close
   */
  slowConsumer: 4008,
  /**
   * `since` is past the newest seq in the log: the client's copy comes from another history (the database was
   * reset or replaced). Resuming cannot work; reload a snapshot and stream from its head (the reason says head=<seq>)
   */
  sinceAheadOfLog: 4009,
  /** the server is shutting down; reconnect elsewhere or later */
  goingAway: 1001,
} as const;

/** Query parameters of the stream URL. */
export const StreamQuerySchema = z.object({
  since: z
    .string()
    .regex(/^\d{1,15}$/, 'since must be a seq number')
    .transform(Number)
    .optional(),
  customers: z
    .string()
    .max(4096)
    .transform((value) =>
      value
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== ''),
    )
    .optional(),
});
