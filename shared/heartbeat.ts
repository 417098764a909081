/**
 * Heartbeats: monitors that go silent. A monitoring system pings `POST /api/v1/heartbeats/{name}` with its
 * customer's ingest key every `interval`; when no ping has come for `interval + grace`, COSS raises a critical alert
 * for the customer, and the next ping resolves it. Alertmanager's always-firing Watchdog alert pings a heartbeat by
 * itself (the dead man's switch). This is the wire contract of REST, the stream and the console. Pure TypeScript.
 */
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.ts';

/** The shortest interval: COSS looks at heartbeats every 15 s, so a shorter one could not be honoured. */
export const MIN_HEARTBEAT_INTERVAL_MS = 30_000;
/** The longest interval: a weekly job. */
export const MAX_HEARTBEAT_INTERVAL_MS = 7 * 86_400_000;
export const MAX_HEARTBEAT_GRACE_MS = 86_400_000;
/**
 * The most heartbeats a customer may have. A ping with a new name makes one, so a monitor that puts a run id in the
 * name would otherwise leave a heartbeat (and, minutes later, a missed alert) behind for every run.
 */
export const MAX_HEARTBEATS_PER_CUSTOMER = 200;
/** What a first ping without a body gets. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_HEARTBEAT_GRACE_MS = 2 * 60_000;

/** Names go into a URL path and an alert's device: letters, digits and a few separators, as customer slugs. */
export const HeartbeatNameSchema = z
  .string()
  .max(63, 'at most 63 characters')
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    'lowercase letters, digits, dots, dashes and underscores, starting with a letter or digit',
  );

function durationField(min: number, max: number) {
  return z
    .string()
    .max(32, 'at most 32 characters')
    .transform((text, context) => {
      const ms = parseDuration(text);
      if (ms === null) {
        context.addIssue({ code: 'custom', message: 'expected a duration such as 90s, 5m, 2h or 1h30m' });
        return z.NEVER;
      }
      if (ms < min || ms > max) {
        context.addIssue({
          code: 'custom',
          message: `must be between ${formatDuration(min)} and ${formatDuration(max)}`,
        });
        return z.NEVER;
      }
      return ms;
    });
}

/** `interval` as typed (`5m`) → milliseconds, 30 s to 7 days. */
export const HeartbeatIntervalSchema = durationField(MIN_HEARTBEAT_INTERVAL_MS, MAX_HEARTBEAT_INTERVAL_MS);
/** `grace` as typed (`2m`, `0s`) → milliseconds, up to a day. */
export const HeartbeatGraceSchema = durationField(0, MAX_HEARTBEAT_GRACE_MS);

/**
 * The optional body of a ping. It sets the interval and grace of the heartbeat the ping creates; later pings do not
 * change them (staff do), and the answer says what they are.
 */
export const HeartbeatPingSchema = z
  .object({ interval: HeartbeatIntervalSchema.optional(), grace: HeartbeatGraceSchema.optional() })
  .strict();

/** What staff send to make a heartbeat before its first ping (`POST /api/v1/customers/{slug}/heartbeats`). */
export const HeartbeatInputSchema = z
  .object({ name: HeartbeatNameSchema, interval: HeartbeatIntervalSchema, grace: HeartbeatGraceSchema.optional() })
  .strict();
export type HeartbeatInput = z.infer<typeof HeartbeatInputSchema>;

/** `PATCH /api/v1/customers/{slug}/heartbeats/{name}`: a new interval or grace. */
export const HeartbeatPatchSchema = z
  .object({ interval: HeartbeatIntervalSchema.optional(), grace: HeartbeatGraceSchema.optional() })
  .strict()
  .refine((patch) => patch.interval !== undefined || patch.grace !== undefined, {
    message: 'give interval, grace or both',
  });
export type HeartbeatPatch = z.infer<typeof HeartbeatPatchSchema>;

/**
 * `waiting`: made by staff, no ping yet and not yet due. `up`: pinged within its interval and grace. `late`: overdue,
 * but no alert yet (COSS has just started, or its next look is seconds away). `missed`: overdue, and its alert raised.
 */
export const HEARTBEAT_STATES = ['waiting', 'up', 'late', 'missed'] as const;
export const HeartbeatStateSchema = z.enum(HEARTBEAT_STATES);
export type HeartbeatState = z.infer<typeof HeartbeatStateSchema>;

/** A heartbeat as COSS answers it; `state` is worked out at the time of the answer. */
export const HeartbeatSchema = z.object({
  customer: z.string(),
  name: z.string(),
  /** `ping` for pinged heartbeats, `watchdog` for one fed by Alertmanager's Watchdog alert */
  source: z.enum(['ping', 'watchdog']),
  intervalMs: z.number().int(),
  graceMs: z.number().int(),
  lastPingAt: z.string().nullable(),
  /** when it becomes overdue: last ping (or creation) + interval + grace */
  dueAt: z.string(),
  /** when its alert was raised; null while it is not missed */
  missedAt: z.string().nullable(),
  /** the event number of its alert while missed */
  alertNumber: z.number().int().nullable(),
  createdAt: z.string(),
  state: HeartbeatStateSchema,
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

export const HeartbeatListSchema = z.object({ heartbeats: z.array(HeartbeatSchema) });

/** The state of `heartbeat` at `now`: how the console keeps a shown state true between answers. */
export function heartbeatStateAt(heartbeat: Omit<Heartbeat, 'state'>, now: number): HeartbeatState {
  if (heartbeat.missedAt !== null) return 'missed';
  if (now > Date.parse(heartbeat.dueAt)) return 'late';
  return heartbeat.lastPingAt === null ? 'waiting' : 'up';
}
