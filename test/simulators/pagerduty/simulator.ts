/**
 * startPagerDutySimulator: one HTTP server on 127.0.0.1 serving PagerDuty's Events API v2 (/v2/enqueue) and a
 * REST API v2 subset, delivering Webhooks v3 to configured subscribers, with helpers that act as a person in
 * PagerDuty and accessors that let tests assert what PagerDuty would have seen.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorCore } from './core.ts';
import { handleEnqueue } from './events-api.ts';
import { sendJson } from './http-util.ts';
import type { ActionContext } from './incident-store.ts';
import { handleRest } from './rest-api.ts';
import type {
  AcceptedEvent,
  EnqueueAttempt,
  FaultConfig,
  FaultRecord,
  PagerDutySimulatorOptions,
  RateLimitConfig,
  RestRequestRecord,
  SimIncident,
  SimLogEntry,
  SimNote,
  WebhookDelivery,
  WebhookDeliveryOptions,
  WebhookSubscriberConfig,
} from './types.ts';

export interface PagerDutySimulator {
  /** e.g. http://127.0.0.1:PORT/v2/enqueue */
  readonly eventsUrl: string;
  /** e.g. http://127.0.0.1:PORT; REST paths hang off it (/incidents, /oncalls, ...). */
  readonly apiUrl: string;
  close(): Promise<void>;

  // ---- state accessors (copies; mutate nothing) ----
  incidents(): SimIncident[];
  incident(idOrDedupKey: string): SimIncident | undefined;
  /** How many incidents were ever opened for a dedup key: the "exactly one incident per dedup key" check. */
  incidentCount(dedupKey: string): number;
  incidentCountsByDedupKey(): Map<string, number>;
  /** Accepted (202) events with their arrival time, optionally for one routing key: assert pacing with these. */
  acceptedEvents(routingKey?: string): AcceptedEvent[];
  /** Every /v2/enqueue request, including rejected, throttled and faulted ones. */
  enqueueAttempts(): EnqueueAttempt[];
  restRequests(): RestRequestRecord[];
  logEntries(): SimLogEntry[];
  notes(idOrDedupKey: string): SimNote[];
  deliveries(): WebhookDelivery[];
  faultLog(): FaultRecord[];

  // ---- acting as a person in PagerDuty (web UI); each emits the same log entries and webhooks as PagerDuty ----
  acknowledge(idOrDedupKey: string, userName: string): SimIncident;
  unacknowledge(idOrDedupKey: string, userName: string): SimIncident;
  resolve(idOrDedupKey: string, userName: string, resolution?: string): SimIncident;
  reopen(idOrDedupKey: string, userName: string): SimIncident;
  escalate(idOrDedupKey: string, userName: string, level?: number): SimIncident;
  reassign(idOrDedupKey: string, userName: string, toUsers: string[]): SimIncident;
  delegate(idOrDedupKey: string, userName: string, escalationPolicyId: string): SimIncident;
  setPriority(idOrDedupKey: string, userName: string, priorityName: string | null): SimIncident;
  addNote(idOrDedupKey: string, userName: string, content: string): SimNote;

  // ---- control ----
  setFaults(config: FaultConfig | null): void;
  setEventsRateLimit(config: RateLimitConfig): void;
  setWebhookDelivery(options: WebhookDeliveryOptions): void;
  /** Returns the subscription id (sent as X-Webhook-Subscription). */
  addWebhookSubscriber(config: WebhookSubscriberConfig): string;
  /** Send a logged webhook again with the same X-Webhook-Id and body. */
  redeliver(webhookId: string): Promise<WebhookDelivery>;
  /** Wait until queued webhooks are delivered, dropped or out of attempts. */
  webhooksIdle(): Promise<void>;
  /** Forget incidents, logs and counters; configuration stays. */
  reset(): void;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export async function startPagerDutySimulator(options: PagerDutySimulatorOptions = {}): Promise<PagerDutySimulator> {
  const core = new SimulatorCore(options);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handler =
      url.pathname === '/v2/enqueue' && req.method === 'POST'
        ? handleEnqueue(core, req, res)
        : handleRest(core, req, res, url);
    handler.catch((err: unknown) => {
      // A simulator bug must show up as a 500 the test can see, not as a hung request.
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: { message: String(err), code: 2000 } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const apiUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  core.setBaseUrl(apiUrl);

  const user = (name: string): ActionContext => {
    const u = core.directory.findUser(name);
    if (!u) throw new Error(`unknown PagerDuty user ${name}`);
    return { agent: { kind: 'user', userId: u.id }, channel: 'website' };
  };
  const incidentRef = (ref: string): SimIncident => {
    const inc = core.store.find(ref);
    if (!inc) throw new Error(`no incident with id or dedup key ${ref}`);
    return inc;
  };
  const act = (ref: string, name: string, fn: (inc: SimIncident, ctx: ActionContext) => void): SimIncident => {
    const inc = incidentRef(ref);
    fn(inc, user(name));
    return clone(inc);
  };

  let closed = false;
  return {
    eventsUrl: `${apiUrl}/v2/enqueue`,
    apiUrl,
    async close() {
      if (closed) return;
      closed = true;
      core.webhooks.close();
      // Hung (timeout-fault) requests would keep server.close() waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },

    incidents: () => clone(core.store.incidents()),
    incident: (ref) => {
      const inc = core.store.find(ref);
      return inc && clone(inc);
    },
    incidentCount: (dedupKey) => core.store.incidentsCreatedFor(dedupKey),
    incidentCountsByDedupKey: () => core.store.incidentsCreatedPerDedupKey(),
    acceptedEvents: (routingKey) =>
      clone(core.acceptedEvents.filter((e) => routingKey === undefined || e.routingKey === routingKey)),
    enqueueAttempts: () => clone(core.enqueueAttempts),
    restRequests: () => clone(core.restRequests),
    logEntries: () => clone(core.store.logEntries()),
    notes: (ref) => clone(core.store.notes(incidentRef(ref).id)),
    deliveries: () => clone(core.webhooks.deliveries()),
    faultLog: () => clone(core.faults.records),

    acknowledge: (ref, name) => act(ref, name, (inc, ctx) => core.store.acknowledge(inc, ctx)),
    unacknowledge: (ref, name) => act(ref, name, (inc, ctx) => core.store.unacknowledge(inc, ctx)),
    resolve: (ref, name, resolution) => act(ref, name, (inc, ctx) => core.store.resolve(inc, ctx, resolution)),
    reopen: (ref, name) => act(ref, name, (inc, ctx) => core.store.reopen(inc, ctx, 'triggered')),
    escalate: (ref, name, level) => act(ref, name, (inc, ctx) => core.store.escalate(inc, ctx, level)),
    reassign: (ref, name, toUsers) =>
      act(ref, name, (inc, ctx) =>
        core.store.reassign(
          inc,
          ctx,
          toUsers.map((u) => {
            const found = core.directory.findUser(u);
            if (!found) throw new Error(`unknown PagerDuty user ${u}`);
            return found.id;
          }),
        ),
      ),
    delegate: (ref, name, policyId) => act(ref, name, (inc, ctx) => core.store.delegate(inc, ctx, policyId)),
    setPriority: (ref, name, priorityName) =>
      act(ref, name, (inc, ctx) => {
        const id = priorityName === null ? null : core.directory.priorityByName(priorityName)?.id;
        if (id === undefined) throw new Error(`unknown priority ${String(priorityName)}`);
        core.store.setPriority(inc, ctx, id);
      }),
    addNote: (ref, name, content) => {
      const ctx = user(name);
      if (ctx.agent.kind !== 'user') throw new Error('notes are written by users');
      return clone(core.store.addNote(incidentRef(ref), ctx.agent.userId, content));
    },

    setFaults: (config) => core.faults.set(config),
    setEventsRateLimit: (config) => core.eventsLimiter.configure(config),
    setWebhookDelivery: (opts) =>
      core.webhooks.configure({
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        ...(opts.retryDelaysMs === undefined ? {} : { retryDelaysMs: opts.retryDelaysMs }),
      }),
    addWebhookSubscriber: (config) => core.webhooks.addSubscriber(config),
    redeliver: async (webhookId) => clone(await core.webhooks.redeliver(webhookId)),
    webhooksIdle: () => core.webhooks.whenIdle(),
    reset: () => core.reset(),
  };
}
