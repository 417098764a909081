/**
 * REST client for one COSS deployment: bearer token, answers parsed with the shared schemas, and every failure
 * turned into a CossError that says whether trying again can help (transient) and what the operator should read.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { AlertCommentSchema, AlertHistoryEntrySchema, AlertSchema, type Alert } from '../../shared/alert.ts';
import {
  MaintenanceWindowSchema,
  PageHoldSchema,
  type MaintenanceInput,
  type MaintenancePatch,
  type MaintenanceWindow,
  type PageHold,
} from '../../shared/maintenance.ts';
import { AlertTimeSchema, type AlertTime } from '../../shared/alert-time.ts';
import { HeartbeatListSchema, type Heartbeat } from '../../shared/heartbeat.ts';
import { NoiseReportSchema, NoiseTrendSchema, type NoiseReport, type NoiseTrend } from '../../shared/noise.ts';
import {
  TransformPreviewInputSchema,
  TransformSchema,
  type Transform,
  type TransformInput,
  type TransformPatch,
} from '../../shared/transforms.ts';
import {
  TriagePreviewSchema,
  TriageSessionSchema,
  type TriageDecision,
  type TriagePreview,
  type TriageSession,
} from '../../shared/triage.ts';
import { RoomMessageSchema, type RoomMessage, type RoomName } from '../../shared/room.ts';
import { RoleSchema } from '../../shared/roles.ts';
import {
  TransformPreviewResultSchema,
  type HostError,
  type TransformPreviewResult,
} from '../../shared/host/contract.ts';
import { errorMessage } from '../../shared/error-message.ts';

export const CustomerRecordSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
});
export type CustomerRecord = z.infer<typeof CustomerRecordSchema>;

export const MeSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  customer: z.string().nullable(),
});
export type Me = z.infer<typeof MeSchema>;

export const PageRecordSchema = z.object({
  id: z.number().int(),
  customer: z.string(),
  alertNumber: z.number().int().nullable(),
  target: z.string(),
  targetName: z.string(),
  priority: z.enum(['normal', 'urgent', 'emergency']),
  dedupKey: z.string(),
  message: z.string(),
  requestedBy: z.string(),
  delivery: z.enum(['queued', 'sent', 'failed']),
  deliveryError: z.string().nullable(),
  incidentStatus: z.string().nullable(),
  /** absent from a COSS older than migration 007 */
  actionError: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type PageRecord = z.infer<typeof PageRecordSchema>;

export const TargetRecordSchema = z.object({ path: z.string(), name: z.string(), customer: z.string().nullable() });
export type TargetRecord = z.infer<typeof TargetRecordSchema>;

export const NoteRuleRecordSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  match: z.record(z.string(), z.string().nullable().optional()),
  tierNotes: z.string(),
  deviceNotes: z.string(),
  updatedAt: z.string(),
});
export type NoteRuleRecord = z.infer<typeof NoteRuleRecordSchema>;

export const OnCallAnswerSchema = z.object({
  customer: z.string(),
  targets: z.array(
    z.object({
      target: z.string(),
      name: z.string(),
      oncall: z.array(z.object({ level: z.number(), name: z.string() })),
      /** PagerDuty could not say for this target (COSS's words); absent from older COSS versions */
      error: z.object({ message: z.string() }).nullable().optional(),
    }),
  ),
});

const AlertDetailSchema = z.object({
  alert: AlertSchema,
  history: z.array(AlertHistoryEntrySchema),
  comments: z.array(AlertCommentSchema),
});
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
const AlertsPageSchema = z.object({
  head: z.number().int(),
  alerts: z.array(AlertSchema),
  next: z.number().int().nullable().optional(),
});
type AlertsPage = z.infer<typeof AlertsPageSchema>;
/** COSS's largest page: a customer of 100,000 active alerts is 20 requests. */
const ALERTS_PAGE = 5000;
/** `pagerDuty`: the incidents the action was passed on to (absent from older COSS) */
const ActionAnswerSchema = z.object({
  alert: AlertSchema,
  changed: z.boolean(),
  replayed: z.boolean(),
  pagerDuty: z.array(z.string()).optional(),
});
/** `refused`: the bot's reason a command was not carried out (absent from older COSS) */
const RoomPostAnswerSchema = z.object({
  message: RoomMessageSchema,
  replies: z.array(RoomMessageSchema),
  refused: z.string().nullable().optional(),
  replayed: z.boolean(),
});

const WindowsAnswerSchema = z.object({ windows: z.array(MaintenanceWindowSchema) });
const WindowAnswerSchema = z.object({ window: MaintenanceWindowSchema });

/** A failed COSS request, as data the host can pass to the renderer. */
export class CossError extends Error {
  constructor(
    readonly code: HostError['code'],
    message: string,
    /** HTTP status, or null when no answer came (network, timeout) */
    readonly status: number | null,
    /** true when the same request may succeed later: no answer, 5xx, 429 */
    readonly transient: boolean,
    /** the field COSS named as wrong (`duration`, `scope.devices[0]`), when it named one */
    readonly field?: string,
    /** what held a page back (a 409 `under_maintenance` or `unpaged_prod_state`) */
    readonly hold?: PageHold,
  ) {
    super(message);
    this.name = 'CossError';
  }

  toHostError(): HostError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.hold !== undefined ? { hold: this.hold } : {}),
    };
  }
}

/** COSS's one error body (server/http/errors.ts); anything else is reported by its status. */
const ErrorBodySchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional(), field: z.string().optional() }),
});
/** A page COSS held back answers 409 with its code and the windows that hold it. */
const HoldBodySchema = z.object({ error: PageHoldSchema });

/** Maps an HTTP status to a HostError code and whether a retry can help. */
function classify(status: number): { code: HostError['code']; transient: boolean } {
  if (status === 429 || status >= 500) return { code: 'unavailable', transient: true };
  if (status === 400 || status === 413 || status === 422)
    return { code: status === 422 ? 'conflict' : 'invalid_arguments', transient: false };
  if (status === 401 || status === 403) return { code: 'forbidden', transient: false };
  if (status === 404) return { code: 'not_found', transient: false };
  if (status === 409) return { code: 'conflict', transient: false };
  return { code: 'internal', transient: false };
}

export interface CossClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
}

export type CossClient = ReturnType<typeof createCossClient>;

/**
 * Keep-alive agents, so an action does not pay a TCP (and TLS) handshake. Idle sockets are dropped after 4 s,
 * before common server keep-alive timeouts (Node's 5 s), which makes a reused socket rarely one the server is closing.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4000, scheduling: 'lifo' as const };

/** Network errors that mean a reused keep-alive socket was already closed by the server: safe to send again once. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A typed client for COSS's REST API. */
export function createCossClient(options: CossClientOptions) {
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? 10_000,
    headers: { authorization: `Bearer ${options.token}` },
    validateStatus: () => true,
    // Proxies from the environment must not capture traffic to a localhost COSS.
    proxy: false,
    httpAgent: new HttpAgent(AGENT_OPTIONS),
    httpsAgent: new HttpsAgent(AGENT_OPTIONS),
    // COSS's API does not redirect, and an action must not be re-sent somewhere else: a 3xx is an answer to report.
    // Without redirects axios uses Node's http directly instead of follow-redirects' wrapper.
    maxRedirects: 0,
  });

  async function call<T>(
    schema: z.ZodType<T>,
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    let response;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await http.request({ method, url: path, data: body, headers });
        break;
      } catch (error) {
        // GETs are idempotent and every POST carries an Idempotency-Key, so one immediate resend is harmless.
        if (attempt === 0 && STALE_SOCKET_CODES.has(errorCode(error) ?? '')) continue;
        const reason = errorMessage(error);
        throw new CossError('unavailable', `COSS at ${options.baseUrl} could not be reached (${reason})`, null, true);
      }
    }
    if (response.status >= 200 && response.status < 300) {
      const parsed = schema.safeParse(response.data);
      if (!parsed.success) {
        throw new CossError(
          'internal',
          `COSS answered ${method.toUpperCase()} ${path} in an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
          response.status,
          false,
        );
      }
      return parsed.data;
    }
    const { code, transient } = classify(response.status);
    const answer = ErrorBodySchema.safeParse(response.data);
    const error = answer.success ? answer.data.error : {};
    // COSS's "(body)" names no field the operator typed.
    const field = error.field !== undefined && !error.field.startsWith('(') ? error.field : undefined;
    const hold = response.status === 409 ? HoldBodySchema.safeParse(response.data) : null;
    throw new CossError(
      hold?.success === true ? hold.data.error.code : code,
      error.message ?? `HTTP ${response.status}`,
      response.status,
      transient,
      field,
      hold?.success === true ? hold.data.error : undefined,
    );
  }

  const idempotent = (key: string) => ({ 'idempotency-key': key });
  const encode = encodeURIComponent;
  const roomPath = (customer: string, room: RoomName) =>
    `/api/v1/rooms/${encode(customer)}${room === 'internal' ? '/internal' : ''}/messages`;

  return {
    baseUrl: options.baseUrl,
    me: (): Promise<Me> => call(MeSchema, 'get', '/api/v1/me'),
    customers: async (): Promise<CustomerRecord[]> =>
      (await call(z.object({ customers: z.array(CustomerRecordSchema) }), 'get', '/api/v1/customers')).customers,
    /**
     * Every active alert of a customer, whatever the count (page after page by event number), and the seq to stream
     * from so nothing between is missed: the first page's head, since later pages may show changes after it.
     */
    alerts: async (customer: string): Promise<{ head: number; alerts: Alert[] }> => {
      const alerts: Alert[] = [];
      let head: number | null = null;
      let after: number | null = null;
      do {
        const page: AlertsPage = await call(
          AlertsPageSchema,
          'get',
          `/api/v1/alerts?customer=${encode(customer)}&status=open,acknowledged&order=number&limit=${ALERTS_PAGE}${after === null ? '' : `&after=${after}`}`,
        );
        head ??= page.head;
        for (const alert of page.alerts) alerts.push(alert);
        // An older COSS answers without `next` and ignores `order`: its one page is all there is.
        after = page.next ?? null;
      } while (after !== null);
      return { head, alerts };
    },
    alert: (number: number): Promise<AlertDetail> => call(AlertDetailSchema, 'get', `/api/v1/alerts/${number}`),
    acknowledge: (number: number, key: string, note?: string) =>
      call(ActionAnswerSchema, 'post', `/api/v1/alerts/${number}/acknowledge`, note ? { note } : {}, idempotent(key)),
    resolve: (number: number, key: string, note?: string) =>
      call(ActionAnswerSchema, 'post', `/api/v1/alerts/${number}/resolve`, note ? { note } : {}, idempotent(key)),
    reopen: (number: number, key: string) =>
      call(ActionAnswerSchema, 'post', `/api/v1/alerts/${number}/reopen`, {}, idempotent(key)),
    note: (number: number, key: string, text: string) =>
      call(
        ActionAnswerSchema.extend({ comment: AlertCommentSchema.optional() }),
        'post',
        `/api/v1/alerts/${number}/notes`,
        { text },
        idempotent(key),
      ),
    /** The newest lines of the customer's shared room, or of its staff-only internal room. */
    roomMessages: async (customer: string, limit = 200, room: RoomName = 'customer'): Promise<RoomMessage[]> =>
      (
        await call(
          z.object({ messages: z.array(RoomMessageSchema) }),
          'get',
          `${roomPath(customer, room)}?limit=${limit}`,
        )
      ).messages,
    /** `actedAt`: when the operator typed it, for a line held while COSS was unreachable */
    postRoomMessage: (customer: string, body: string, key: string, actedAt?: string, room: RoomName = 'customer') =>
      call(
        RoomPostAnswerSchema,
        'post',
        roomPath(customer, room),
        actedAt !== undefined ? { body, actedAt } : { body },
        idempotent(key),
      ),
    pages: async (customer: string): Promise<PageRecord[]> =>
      (await call(z.object({ pages: z.array(PageRecordSchema) }), 'get', `/api/v1/rooms/${encode(customer)}/pages`))
        .pages,
    targets: async (customer: string): Promise<TargetRecord[]> =>
      (
        await call(
          z.object({ targets: z.array(TargetRecordSchema) }),
          'get',
          `/api/v1/paging-targets?customer=${encode(customer)}`,
        )
      ).targets,
    noteRules: async (customer: string): Promise<NoteRuleRecord[]> =>
      (
        await call(
          z.object({ rules: z.array(NoteRuleRecordSchema) }),
          'get',
          `/api/v1/customers/${encode(customer)}/note-rules`,
        )
      ).rules,
    onCall: (customer: string) => call(OnCallAnswerSchema, 'get', `/api/v1/customers/${encode(customer)}/oncall`),
    alertTime: (number: number): Promise<AlertTime> => call(AlertTimeSchema, 'get', `/api/v1/alerts/${number}/time`),
    heartbeats: async (customer: string): Promise<Heartbeat[]> =>
      (await call(HeartbeatListSchema, 'get', `/api/v1/customers/${encode(customer)}/heartbeats`)).heartbeats,
    noiseReport: (customer: string, since: string, top: number): Promise<NoiseReport> =>
      call(NoiseReportSchema, 'get', `/api/v1/customers/${encode(customer)}/noise?since=${encode(since)}&top=${top}`),
    noiseTrend: (customer: string, weeks: number): Promise<NoiseTrend> =>
      call(NoiseTrendSchema, 'get', `/api/v1/customers/${encode(customer)}/noise/trend?weeks=${weeks}`),
    transforms: async (customer: string): Promise<Transform[]> =>
      (
        await call(
          z.object({ transforms: z.array(TransformSchema) }),
          'get',
          `/api/v1/customers/${encode(customer)}/transforms`,
        )
      ).transforms,
    previewTransform: async (
      customer: string,
      input: z.infer<typeof TransformPreviewInputSchema>,
    ): Promise<TransformPreviewResult> =>
      (
        await call(
          z.object({ preview: TransformPreviewResultSchema }),
          'post',
          `/api/v1/customers/${encode(customer)}/transforms/preview`,
          input,
        )
      ).preview,
    createTransform: async (customer: string, input: TransformInput, key: string): Promise<Transform> =>
      (
        await call(
          z.object({ transform: TransformSchema }),
          'post',
          `/api/v1/customers/${encode(customer)}/transforms`,
          input,
          idempotent(key),
        )
      ).transform,
    updateTransform: async (customer: string, id: number, patch: TransformPatch, key: string): Promise<Transform> =>
      (
        await call(
          z.object({ transform: TransformSchema }),
          'patch',
          `/api/v1/customers/${encode(customer)}/transforms/${id}`,
          patch,
          idempotent(key),
        )
      ).transform,
    triageSessions: (customer: string) =>
      call(
        z.object({ open: TriageSessionSchema.nullable(), recent: z.array(TriageSessionSchema) }),
        'get',
        `/api/v1/customers/${encode(customer)}/triage`,
      ),
    startTriage: (customer: string, since?: string): Promise<TriageSession> =>
      call(
        TriageSessionSchema,
        'post',
        `/api/v1/customers/${encode(customer)}/triage`,
        since === undefined ? {} : { since },
      ),
    decideTriage: (customer: string, id: number, position: number, decision: TriageDecision): Promise<TriageSession> =>
      call(
        TriageSessionSchema,
        'post',
        `/api/v1/customers/${encode(customer)}/triage/${id}/items/${position}`,
        decision,
      ),
    previewTriage: (
      customer: string,
      id: number,
      position: number,
      devices?: readonly string[],
    ): Promise<TriagePreview> =>
      call(
        TriagePreviewSchema,
        'get',
        `/api/v1/customers/${encode(customer)}/triage/${id}/items/${position}/preview${devices === undefined ? '' : `?devices=${encode(devices.join(','))}`}`,
      ),
    endTriage: (customer: string, id: number): Promise<TriageSession> =>
      call(TriageSessionSchema, 'post', `/api/v1/customers/${encode(customer)}/triage/${id}/end`, {}),
    maintenanceWindows: async (customer: string): Promise<MaintenanceWindow[]> =>
      (await call(WindowsAnswerSchema, 'get', `/api/v1/customers/${encode(customer)}/maintenance`)).windows,
    createMaintenance: async (customer: string, input: MaintenanceInput, key: string): Promise<MaintenanceWindow> =>
      (
        await call(
          WindowAnswerSchema,
          'post',
          `/api/v1/customers/${encode(customer)}/maintenance`,
          input,
          idempotent(key),
        )
      ).window,
    updateMaintenance: async (
      customer: string,
      id: number,
      patch: MaintenancePatch,
      key: string,
    ): Promise<MaintenanceWindow> =>
      (
        await call(
          WindowAnswerSchema,
          'patch',
          `/api/v1/customers/${encode(customer)}/maintenance/${id}`,
          patch,
          idempotent(key),
        )
      ).window,
    endMaintenance: async (customer: string, id: number, key: string): Promise<MaintenanceWindow> =>
      (
        await call(
          WindowAnswerSchema,
          'delete',
          `/api/v1/customers/${encode(customer)}/maintenance/${id}`,
          undefined,
          idempotent(key),
        )
      ).window,
  };
}
