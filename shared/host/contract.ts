/**
 * The one contract between the renderer and the console core. Electron serves it over IPC (main/ipc-host.ts),
 * the web host over a localhost WebSocket (main/web-host/); the renderer cannot tell which. Every request has an
 * argument schema and a result schema; every event a payload schema. Errors travel as data.
 */
import { z } from 'zod';
import { HeartbeatSchema } from '../heartbeat.ts';
import { AlertTimeSchema } from '../alert-time.ts';
import { TICKET_PRIORITIES } from '../ticket.ts';
import { AlertCommentSchema, AlertHistoryEntrySchema, AlertSchema, SEVERITIES, SeveritySchema } from '../alert.ts';
import {
  MaintenanceInputSchema,
  MaintenancePatchSchema,
  MaintenanceWindowSchema,
  PageHoldSchema,
} from '../maintenance.ts';
import { NoiseReportSchema, NoiseTrendSchema } from '../noise.ts';
import {
  TRANSFORM_ACTION_TYPES,
  TransformInputSchema,
  TransformPreviewInputSchema,
  TransformSchema,
} from '../transforms.ts';
import { TriageDecisionSchema, TriagePreviewSchema, TriageSessionSchema } from '../triage.ts';
import { RoomMessageSchema } from '../room.ts';
import { RoleSchema } from '../roles.ts';
import { ConnectionStateSchema } from './connection.ts';

const Slug = z.string().min(1).max(64);

/** The noise view's periods (keys 1, 2 and 3 in the view), as COSS's `since` takes them. */
export const NOISE_VIEW_PERIODS = ['24h', '7d', '30d'] as const;
export type NoiseViewPeriod = (typeof NOISE_VIEW_PERIODS)[number];

/** How many alerts (and their occurrences) a transform matched or changed in a preview, with the newest numbers. */
const PreviewCountSchema = z.object({
  alerts: z.number().int(),
  occurrences: z.number(),
  samples: z.array(z.number().int()),
});

/** COSS's dry run of a transform (`POST …/transforms/preview`): what it would have matched, and changed per action. */
export const TransformPreviewResultSchema = z.object({
  days: z.number().int(),
  since: z.string(),
  /** alerts of the period looked at, and whether that was all of them */
  scanned: z.number().int(),
  complete: z.boolean(),
  matched: PreviewCountSchema,
  changes: z.partialRecord(z.enum(TRANSFORM_ACTION_TYPES), PreviewCountSchema),
});
export type TransformPreviewResult = z.infer<typeof TransformPreviewResultSchema>;

/** The queue key of every customer's alerts together (the all-customers view): `alerts.list` takes it as a customer. */
export const ALL_CUSTOMERS = '*';
const EventNumber = z.number().int().positive();
const Note = z.string().max(4000);
const SessionId = z.number().int().positive();
const TriagePosition = z.number().int().min(1).max(100);

export const SeverityCountsSchema = z.object(
  Object.fromEntries(SEVERITIES.map((severity) => [severity, z.number().int().min(0)])) as Record<
    (typeof SEVERITIES)[number],
    z.ZodNumber
  >,
);

export const OnCallEntrySchema = z.object({
  target: z.string(),
  targetName: z.string(),
  people: z.array(z.string()),
  problem: z.string().optional(),
});

export const CustomerSummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  number: z.number().int(),
  timeZone: z.string(),
  /** open (unacknowledged) alerts by severity */
  unacknowledged: SeverityCountsSchema,
  /**
   * who is on call now for each of the customer's paging targets, when known; `problem`: why a target has no names
   * (PagerDuty's answer to COSS, in its words)
   */
  onCall: z.array(OnCallEntrySchema),
  /** why the console knows no one on call for this customer: no paging target, or COSS could not say (its words) */
  onCallProblem: z.string().nullable().optional(),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

export const PageStateSchema = z.object({
  dedupKey: z.string(),
  target: z.string(),
  targetName: z.string(),
  priority: z.enum(['normal', 'urgent', 'emergency']),
  delivery: z.enum(['queued', 'sent', 'failed', 'direct']),
  incidentStatus: z.string().nullable(),
  assignees: z.array(z.string()),
  /**
   * The last change PagerDuty did not take on the incident and why ("acknowledge: no PagerDuty email for Night Op
   * in COSS …"): COSS may say acknowledged while the incident is still triggered. Absent or null: none.
   */
  actionError: z.string().nullable().optional(),
});

export const AlertViewSchema = AlertSchema.extend({ pages: z.array(PageStateSchema) });
export type AlertView = z.infer<typeof AlertViewSchema>;

/**
 * A place in the queue's order (worst severity, then newest lastSeen, then the higher number): `alerts.list` with
 * `after` answers the alerts that come after it, so a long queue can arrive a screen at a time.
 */
export const QueuePositionSchema = z.object({
  severity: SeveritySchema,
  lastSeen: z.string(),
  number: z.number().int(),
});
export type QueuePosition = z.infer<typeof QueuePositionSchema>;

export const TargetSchema = z.object({ path: z.string(), name: z.string(), customer: z.string().nullable() });

export const NotesHitSchema = z.object({
  alertNumber: z.number().int().nullable(),
  ruleId: z.number().int().nullable(),
  title: z.string(),
  snippet: z.string(),
});

/** What an action answers: done by COSS, queued offline, or sent straight to PagerDuty while COSS is away. */
export const ActionOutcomeSchema = z.object({
  status: z.enum(['done', 'queued', 'direct']),
  idempotencyKey: z.string(),
  message: z.string(),
});
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;

/**
 * What became of a resolve held for its undo window (`alerts.resolveLater`): sent and done, queued while COSS is
 * away, taken back with `alerts.undoResolve`, or refused by COSS.
 */
export const HeldActionSettledSchema = z.object({
  number: z.number().int(),
  customer: z.string(),
  status: z.enum(['done', 'queued', 'undone', 'failed']),
  message: z.string(),
});
export type HeldActionSettled = z.infer<typeof HeldActionSettledSchema>;

export const NotificationPolicySchema = z.object({
  /** per customer (or "*") and severity: notify on a new alert */
  rules: z.array(
    z.object({
      customer: z.string(),
      minSeverity: z.enum(SEVERITIES),
      sound: z.enum(['none', 'soft', 'alarm']),
    }),
  ),
  /** local time window in which only a new critical makes a sound, e.g. 22:00–07:00, and nothing repeats */
  quietHours: z.object({
    enabled: z.boolean(),
    start: z.string().regex(/^\d{2}:\d{2}$/),
    end: z.string().regex(/^\d{2}:\d{2}$/),
    /** a new critical still sounds in quiet hours (absent: yes); off, quiet hours are silent */
    criticalSound: z.boolean().optional(),
  }),
  /** also notify on pages sent and on PagerDuty's answers */
  pages: z.boolean(),
  /** a distinct sound when an acknowledged incident triggers again */
  retriggerSound: z.boolean(),
  /** each sound profile's volume, 0–1 (absent: soft 0.4, alarm 1) */
  volumes: z.object({ soft: z.number().min(0).max(1), alarm: z.number().min(0).max(1) }).optional(),
  /** a critical nobody acknowledged sounds again every `everySeconds` (absent: on, every 60 s) */
  repeatCritical: z.object({ enabled: z.boolean(), everySeconds: z.number().int().min(2).max(3600) }).optional(),
  /** minutes an unacknowledged critical waits for a reminder, by customer slug or "*"; 0 is none (absent: 10) */
  reminderMinutes: z.record(z.string(), z.number().int().min(0).max(1440)).optional(),
});
export type NotificationPolicy = z.infer<typeof NotificationPolicySchema>;

/** A notification the policy decided on, as the renderer receives it (host event `notice`). */
export const NoticeSchema = z.object({
  title: z.string(),
  body: z.string(),
  sound: z.enum(['none', 'soft', 'alarm']),
  tone: z.enum(['critical', 'error', 'retrigger', 'pagerduty', 'heartbeat']),
  focus: z.object({ customer: z.string(), number: z.number().int() }).nullable(),
  shownByHost: z.boolean(),
  alert: z.object({ customer: z.string(), number: z.number().int(), severity: SeveritySchema }).nullable(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** Where the COSS address in use came from: Settings, the command line (`--coss`), or the embedded local COSS. */
export const ConnectionOriginSchema = z.enum(['settings', 'command-line', 'embedded']);
export type ConnectionOrigin = z.infer<typeof ConnectionOriginSchema>;

export const SettingsSchema = z.object({
  /** empty: run the embedded local COSS */
  cossUrl: z.string().max(2048),
  /** the COSS in use now and where its address came from; null before one is chosen; optional so older hosts still parse */
  connectedTo: z
    .object({
      url: z.string().max(2048),
      origin: ConnectionOriginSchema,
      /** the deployment's endpoints in order (the first preferred) and which one `url` is; absent from older hosts */
      endpoints: z.array(z.string().max(2048)).max(8).optional(),
      endpointIndex: z.number().int().min(0).optional(),
    })
    .nullable()
    .optional(),
  hasToken: z.boolean(),
  pagerDutyFallback: z.boolean(),
  notifications: NotificationPolicySchema,
  /** where the token is kept and how it is protected, as the SecretStore says; optional so older hosts still parse */
  secretStorage: z.object({ encrypted: z.boolean(), description: z.string() }).optional(),
});

const request = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });

/** Request channels: name → argument and result schemas. */
export const HOST_REQUESTS = {
  'session.get': request(
    z.object({}),
    z.object({
      connection: ConnectionStateSchema,
      user: z
        .object({ name: z.string(), displayName: z.string(), role: RoleSchema, customer: z.string().nullable() })
        .nullable(),
    }),
  ),
  'customers.list': request(z.object({}), z.array(CustomerSummarySchema)),
  /**
   * The customer's active alerts in queue order. Without `limit` and `after`, all of them. With them, one page:
   * at most `limit` alerts after `after` (from the top without it); fewer than `limit` means the end was reached.
   */
  'alerts.list': request(
    z.object({
      customer: Slug,
      limit: z.number().int().min(1).max(100_000).optional(),
      after: QueuePositionSchema.optional(),
    }),
    z.array(AlertViewSchema),
  ),
  'alerts.get': request(
    z.object({ number: EventNumber }),
    z.object({
      alert: AlertViewSchema,
      history: z.array(AlertHistoryEntrySchema),
      comments: z.array(AlertCommentSchema),
    }),
  ),
  'alerts.acknowledge': request(
    z.object({ numbers: z.array(EventNumber).min(1).max(500), note: Note.optional() }),
    z.array(ActionOutcomeSchema),
  ),
  'alerts.resolve': request(
    z.object({ numbers: z.array(EventNumber).min(1).max(500), note: Note.optional() }),
    z.array(ActionOutcomeSchema),
  ),
  'alerts.note': request(z.object({ number: EventNumber, text: Note.min(1) }), ActionOutcomeSchema),
  'alerts.escalate': request(
    z.object({ number: EventNumber, level: z.number().int().min(1).max(10).optional() }),
    ActionOutcomeSchema,
  ),
  /**
   * Resolves one alert after `delayMs`, the operator's window to undo it. Nothing reaches COSS (or PagerDuty, whose
   * resolved incidents cannot be reopened) before the window ends; the action is on disk from the start, so a
   * console closed meanwhile still sends it. The end arrives as the `alerts.heldSettled` event.
   */
  'alerts.resolveLater': request(
    z.object({ number: EventNumber, delayMs: z.number().int().min(1000).max(10_000) }),
    z.object({ number: z.number().int(), idempotencyKey: z.string(), sendsAt: z.string(), message: z.string() }),
  ),
  /** Takes back a held resolve: `undone` false when it was already sent (then only `alerts.reopen` undoes it). */
  'alerts.undoResolve': request(
    z.object({ number: EventNumber }),
    z.object({ undone: z.boolean(), message: z.string() }),
  ),
  /** Opens a resolved alert again (COSS refuses when a newer alert with its identity is active). */
  'alerts.reopen': request(z.object({ number: EventNumber }), ActionOutcomeSchema),
  /** Hands the alert's PagerDuty incidents to another paging target, as `.reassign <event#> <target>` does. */
  'alerts.reassign': request(
    z.object({ number: EventNumber, target: z.string().min(1).max(200) }),
    ActionOutcomeSchema,
  ),
  /**
   * Asks for a Zendesk ticket about the alert, as `.ticket <priority> <event#> <subject>` does in the room (staff,
   * `ticket.create`): Zendesk makes it later, through COSS's outbox; the number arrives on the alert's `tickets`.
   */
  'alerts.ticket': request(
    z.object({
      number: EventNumber,
      priority: z.enum(TICKET_PRIORITIES),
      subject: z.string().trim().min(1).max(250),
    }),
    ActionOutcomeSchema,
  ),
  /** Time per person on the alert (Harvest timers and logs), as COSS counts it now; needs COSS live. */
  'alerts.time': request(z.object({ number: EventNumber }), AlertTimeSchema),
  'page.send': request(
    z.object({
      customer: Slug,
      target: z.string().min(1).max(200),
      number: EventNumber.nullable(),
      priority: z.enum(['normal', 'urgent', 'emergency']),
      message: z.string().max(1000),
      /**
       * Page although a maintenance window (or a Zenoss state) holds it: only after COSS refused (`under_maintenance`,
       * `unpaged_prod_state`) and the operator chose to override it; COSS audits the override.
       */
      force: z.boolean().optional(),
    }),
    ActionOutcomeSchema,
  ),
  /** The customer's maintenance windows (active and scheduled first), as COSS answers them; needs COSS live. */
  'maintenance.list': request(z.object({ customer: Slug }), z.array(MaintenanceWindowSchema)),
  /** Makes a window (staff only). COSS's refusals come back as `invalid_arguments` with `field` naming the field. */
  'maintenance.create': request(z.object({ customer: Slug, window: MaintenanceInputSchema }), MaintenanceWindowSchema),
  /** Extends a window or changes its reason or ticket. */
  'maintenance.update': request(
    z.object({ customer: Slug, id: z.number().int().positive(), patch: MaintenancePatchSchema }),
    MaintenanceWindowSchema,
  ),
  /** Ends a window now; the alerts it covered become normal (and notify once). */
  'maintenance.end': request(z.object({ customer: Slug, id: z.number().int().positive() }), MaintenanceWindowSchema),
  /** The customer's heartbeats as COSS answers them (name, state, last ping); needs COSS live. */
  'heartbeats.list': request(z.object({ customer: Slug }), z.array(HeartbeatSchema)),
  /**
   * The customer's noisiest event families over the last `since` (COSS's noise report); needs COSS live, since an
   * old copy is not a report.
   */
  'noise.report': request(
    z.object({ customer: Slug, since: z.enum(NOISE_VIEW_PERIODS), top: z.number().int().min(1).max(100).optional() }),
    NoiseReportSchema,
  ),
  /** The customer's volume, actionable and suppressed shares week by week; needs COSS live. */
  'noise.trend': request(
    z.object({ customer: Slug, weeks: z.number().int().min(1).max(52).optional() }),
    NoiseTrendSchema,
  ),
  /** both rooms' lines the user may see, oldest first, each marked with its `room` */
  /** The customer's own transforms, in the order ingest runs them; needs COSS live. */
  'transforms.list': request(z.object({ customer: Slug }), z.array(TransformSchema)),
  /** What a transform would have matched and changed over the last days, before it is saved (COSS's dry run). */
  'transforms.preview': request(
    z.object({ customer: Slug, transform: TransformPreviewInputSchema }),
    TransformPreviewResultSchema,
  ),
  /** Makes a transform for the customer (staff); COSS's refusal of a field names it (`match.summary`). */
  'transforms.create': request(z.object({ customer: Slug, transform: TransformInputSchema }), TransformSchema),
  /** Turns a transform off or on again, saying why (kept in its versions and said in the room). */
  'transforms.setEnabled': request(
    z.object({
      customer: Slug,
      id: z.number().int().positive(),
      enabled: z.boolean(),
      why: z.string().max(1000).optional(),
    }),
    TransformSchema,
  ),
  /** The customer's open triage session (null when none) and the last ones ended; needs COSS live. */
  'triage.current': request(
    z.object({ customer: Slug }),
    z.object({ open: TriageSessionSchema.nullable(), recent: z.array(TriageSessionSchema) }),
  ),
  /** Starts a session over the top unclassified families of the last `since` (COSS's default: 7 days); staff. */
  'triage.start': request(z.object({ customer: Slug, since: z.string().max(32).optional() }), TriageSessionSchema),
  /** Decides one family of the open session: actionable (notes, optional auto-page), noise (devices), skip. */
  'triage.decide': request(
    z.object({ customer: Slug, id: SessionId, position: TriagePosition, decision: TriageDecisionSchema }),
    TriageSessionSchema,
  ),
  /** How many alerts of the last days a noise decision on these devices (absent: all) would have suppressed. */
  'triage.preview': request(
    z.object({
      customer: Slug,
      id: SessionId,
      position: TriagePosition,
      devices: z.array(z.string().min(1).max(1024)).min(1).max(1000).optional(),
    }),
    TriagePreviewSchema,
  ),
  /** Ends the session; COSS posts its summary into the customer's room. */
  'triage.end': request(z.object({ customer: Slug, id: SessionId }), TriageSessionSchema),
  'room.list': request(z.object({ customer: Slug }), z.array(RoomMessageSchema)),
  /** `room`: the staff-only internal room (`room.internal`); absent, the customer's shared room */
  'room.send': request(
    z.object({ customer: Slug, body: z.string().min(1).max(8000), room: z.enum(['customer', 'internal']).optional() }),
    ActionOutcomeSchema,
  ),
  'targets.list': request(z.object({ customer: Slug }), z.array(TargetSchema)),
  'notes.search': request(z.object({ customer: Slug, query: z.string().min(1).max(200) }), z.array(NotesHitSchema)),
  'settings.get': request(z.object({}), SettingsSchema),
  'settings.set': request(
    z.object({
      cossUrl: z.string().max(2048).optional(),
      token: z.string().max(500).optional(),
      pagerDutyFallback: z.boolean().optional(),
      notifications: NotificationPolicySchema.optional(),
    }),
    SettingsSchema,
  ),
  'app.openExternal': request(z.object({ url: z.string().url().max(4096) }), z.object({ opened: z.boolean() })),
  /**
   * Moves back to the deployment's preferred (first) COSS endpoint when its health check answers; `message` says what
   * happened or why nothing did (one endpoint only, already there, not ready).
   */
  'connection.usePreferred': request(z.object({}), z.object({ moved: z.boolean(), message: z.string() })),
} as const;

/** Event channels: name → payload schema. */
export const HOST_EVENTS = {
  'connection.changed': ConnectionStateSchema,
  'alerts.changed': z.object({
    customer: z.string(),
    alerts: z.array(AlertViewSchema),
    removed: z.array(z.number().int()),
  }),
  'customers.changed': z.array(CustomerSummarySchema),
  'room.message': RoomMessageSchema,
  /** a line the console showed as pending reached COSS, or never will: drop the console's copy (its id) */
  'room.settled': z.object({ customer: Slug, id: z.number().int() }),
  /** a held resolve was sent, queued, undone or refused */
  'alerts.heldSettled': HeldActionSettledSchema,
  /** a desktop notification was clicked, or the global shortcut pressed: show this alert */
  'alerts.focus': z.object({ customer: z.string(), number: z.number().int() }),
  /** the application menu ran a console command (ids from shared/console-commands.ts) */
  'menu.command': z.object({ id: z.string() }),
  /** a heartbeat of this customer was made, missed, pinged again after a miss, changed or removed: ask again */
  'heartbeats.changed': z.object({ customer: z.string() }),
  /**
   * The notification policy decided to tell the operator (shared/notification-policy.ts): the renderer plays its
   * sound, and shows it through the browser's Notification API when the host has not (`shownByHost` false: the web
   * host); `alert` is set for a new, re-triggered or no-longer-maintained alert, which the renderer may repeat.
   */
  notice: NoticeSchema,
} as const;

export type HostRequestName = keyof typeof HOST_REQUESTS;
export type HostEventName = keyof typeof HOST_EVENTS;
export type HostArgs<N extends HostRequestName> = z.input<(typeof HOST_REQUESTS)[N]['args']>;
export type HostResult<N extends HostRequestName> = z.infer<(typeof HOST_REQUESTS)[N]['result']>;
export type HostEventPayload<N extends HostEventName> = z.infer<(typeof HOST_EVENTS)[N]>;

/**
 * Errors cross the process boundary as data; `code` is for code, `message` is for the operator. `under_maintenance`,
 * `unpaged_prod_state` and `suppressed_by_transform`: COSS held a page back (a maintenance window covers the alert,
 * its device is in a Zenoss state the customer does not page, or a transform suppressed it); `hold` says what held
 * it, so the console can say it in its own words, and the operator may send it again with `force`. `field`: the
 * input field COSS named as wrong (`duration`, `scope.devices[0]`).
 */
export const HostErrorSchema = z.object({
  code: z.enum([
    'invalid_arguments',
    'not_found',
    'forbidden',
    'unavailable',
    'conflict',
    'under_maintenance',
    'unpaged_prod_state',
    'suppressed_by_transform',
    'internal',
    'unknown_channel',
  ]),
  message: z.string(),
  field: z.string().optional(),
  hold: PageHoldSchema.optional(),
});
export type HostError = z.infer<typeof HostErrorSchema>;
export type HostResponse<T> = { ok: true; value: T } | { ok: false; error: HostError };

/** What core handlers implement: one async function per request channel. */
export type HostHandlers = {
  [N in HostRequestName]: (args: z.infer<(typeof HOST_REQUESTS)[N]['args']>) => Promise<HostResult<N>>;
};

/** The renderer's view of a host: the same on Electron and on the web host. */
export interface HostApi {
  invoke<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>>;
  on<N extends HostEventName>(name: N, listener: (payload: HostEventPayload<N>) => void): () => void;
}

/** Web-host wire frames (JSON over the localhost WebSocket). */
export const WebHostFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: z.number().int(), name: z.string(), args: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number().int(), response: z.unknown() }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type WebHostFrame = z.infer<typeof WebHostFrameSchema>;
