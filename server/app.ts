/** Builds one COSS node: database, services, HTTP routes and the stream, with graceful shutdown. */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { openDatabase } from './db/open.ts';
import type { Database } from './db/database.ts';
import { PrincipalResolver } from './auth/principal.ts';
import { CustomerCache } from './admin/customer-cache.ts';
import { NoteRulesCache } from './notes/rules-repo.ts';
import { TransformsCache } from './transforms/transforms-cache.ts';
import { transformRoutes } from './http/routes/transform-routes.ts';
import { IngestService } from './ingest/service.ts';
import { StreamHub } from './events/hub.ts';
import { RateLimiter } from './http/rate-limit.ts';
import { WindowEvaluator } from './maintenance/window-evaluator.ts';
import { maintenanceRoutes } from './http/routes/maintenance-routes.ts';
import { ServerConfigSchema, type ServerConfig } from './config.ts';
import { pagerDutyConfigFromEnv, type PagerDutyConfig } from './integrations/pagerduty/config.ts';
import { createPagerDutyWorker } from './paging/pagerduty-delivery.ts';
import { createZendeskWorker } from './tickets/ticket-delivery.ts';
import { zendeskWebhookRoute } from './http/routes/zendesk-webhook-route.ts';
import { createHarvestWorker } from './timekeeping/harvest-delivery.ts';
import { PagerDutyReader } from './integrations/pagerduty/rest-reads.ts';
import { OnCallDirectory } from './integrations/pagerduty/oncall.ts';
import { IncidentResolver } from './paging/incident-resolver.ts';
import { WebhookProcessor } from './paging/webhook-processor.ts';
import { Reconciler } from './paging/reconcile.ts';
import { webhookRoute } from './http/routes/pagerduty-webhook-route.ts';
import { oncallRoutes } from './http/routes/oncall-routes.ts';
import type { AppContext } from './http/context.ts';
import { handleError } from './http/error-handler.ts';
import { HttpError } from './http/errors.ts';
import { useJsonBodyParser } from './http/json-body.ts';
import { RequestTracker } from './http/request-tracker.ts';
import { storableJson } from './db/storable.ts';
import { healthRoutes } from './http/routes/health-routes.ts';
import { ingestRoutes } from './http/routes/ingest-routes.ts';
import { alertRoutes } from './http/routes/alert-routes.ts';
import { noteRuleRoutes } from './http/routes/note-rule-routes.ts';
import { customerRoutes } from './http/routes/customer-routes.ts';
import { streamRoute } from './http/routes/stream-route.ts';
import { roomRoutes } from './http/routes/room-routes.ts';
import { pagingTargetRoutes } from './http/routes/paging-target-routes.ts';
import { handleClientError } from './http/client-error.ts';
import { HeartbeatMonitor } from './heartbeats/heartbeat-monitor.ts';
import { parseWatchdogMatcher } from './heartbeats/watchdog.ts';
import { heartbeatRoutes } from './http/routes/heartbeat-routes.ts';
import { noiseRoutes } from './http/routes/noise-routes.ts';
import { triageRoutes } from './http/routes/triage-routes.ts';
import { timeRoutes } from './http/routes/time-routes.ts';

export interface CossServer {
  app: FastifyInstance;
  context: AppContext;
  /** PagerDuty back into COSS: the stored-webhook processor and the log-entry reconciler */
  pagerdutySync: { webhooks: WebhookProcessor; reconciler: Reconciler };
  /** the heartbeat check (tests call checkOnce) */
  heartbeats: HeartbeatMonitor;
  /** Listens on the configured host and port; resolves with the bound URL. */
  listen(): Promise<string>;
  /** Stops taking work, finishes what was accepted, closes streams and the database. */
  close(): Promise<void>;
}

/**
 * Creates a node on an already open database (tests pass one in), or opens the configured one. `now` is the clock
 * heartbeats are pinged and checked by (tests move it).
 */
export async function createServer(
  input: Partial<ServerConfig>,
  existingDb?: Database,
  pagerduty: PagerDutyConfig = pagerDutyConfigFromEnv(process.env),
  now: () => Date = () => new Date(),
): Promise<CossServer> {
  const config = ServerConfigSchema.parse(input);
  const zendesk = config.zendesk;
  const db =
    existingDb ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      timeouts: {
        connectMs: config.dbConnectTimeoutMs,
        statementMs: config.dbStatementTimeoutMs,
        idleInTransactionMs: config.dbIdleInTransactionTimeoutMs,
      },
    }));
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens and keys must never reach a log line.
      redact: [
        'req.headers.authorization',
        'req.headers["x-pagerduty-signature"]',
        'req.headers["x-zendesk-webhook-signature"]',
      ],
    },
    bodyLimit: config.bodyLimitBytes,
    // Closing drains: in-flight requests finish, new connections are refused, keep-alive sockets are ended.
    forceCloseConnections: 'idle',
    // Malformed URLs (`/%ff`) are answered by the router before any hook; this gives them the one error shape.
    frameworkErrors: (error, request, reply) => void handleError(error, request, reply),
    // And what Node's parser refuses before there is a request (a URL past 16 KB).
    clientErrorHandler: handleClientError,
    return503OnClosing: true,
  });

  let draining = false;
  const customers = new CustomerCache(db);
  await customers.reload();
  const rules = new NoteRulesCache(db);
  const transforms = new TransformsCache(db);
  const hub = new StreamHub(db, { log: app.log });
  const pagerdutyWorker = createPagerDutyWorker({ db, hub, log: app.log, config: pagerduty });
  const zendeskWorker = createZendeskWorker({ db, hub, log: app.log, config: zendesk });
  const harvestWorker = config.harvest ? createHarvestWorker({ db, hub, log: app.log, config: config.harvest }) : null;
  // PagerDuty back into COSS: webhooks (processed after the 2xx) and the log-entry poll share one apply path.
  const pagerdutyReader = new PagerDutyReader(pagerduty);
  const oncall = new OnCallDirectory(pagerdutyReader);
  const incidentResolver = new IncidentResolver(db, pagerdutyReader, oncall, app.log);
  const webhookProcessor = new WebhookProcessor({
    db,
    log: app.log,
    resolver: incidentResolver,
    onCommitted: (seq) => hub.wake(seq),
  });
  const reconciler = new Reconciler({
    db,
    log: app.log,
    config: pagerduty,
    reader: pagerdutyReader,
    resolver: incidentResolver,
    onCommitted: (seq) => hub.wake(seq),
  });
  const ingest = new IngestService({
    db,
    rules,
    transforms,
    pagerduty,
    maxQueued: config.maxQueuedAlerts,
    onCommitted: (events) => hub.offer(events),
  });
  const heartbeats = new HeartbeatMonitor({
    db,
    ingest,
    log: app.log,
    checkIntervalMs: config.heartbeatCheckMs,
    onCommitted: (seq) => hub.wake(seq),
    now,
  });
  const maintenance = new WindowEvaluator({
    db,
    log: app.log,
    customers,
    intervalMs: config.maintenanceCheckMs,
    onCommitted: (seq) => hub.wake(seq),
    now,
  });
  const context: AppContext = {
    db,
    maintenance,
    config,
    log: app.log,
    principals: new PrincipalResolver(db),
    customers,
    rules,
    transforms,
    hub,
    ingestLimiter: new RateLimiter(config.ingestRatePerKey),
    pagerduty,
    pagerdutyWorker,
    zendesk,
    zendeskWorker,
    harvest: config.harvest,
    harvestWorker,
    oncall,
    ingest,
    heartbeats,
    watchdog: parseWatchdogMatcher(config.watchdogMatcher),
    draining: () => draining,
  };
  // Other nodes' rule changes arrive through the log; reloading on any change keeps every node's notes current.
  hub.add({
    onEvents(events) {
      for (const event of events) {
        if (event.type === 'notes.rules-changed' && event.customerId !== null) rules.invalidate(event.customerId);
        if (event.type === 'transform.changed') transforms.invalidate(event.customerId);
      }
    },
  });
  await hub.start();
  pagerdutyWorker.start();
  zendeskWorker.start();
  harvestWorker?.start();
  webhookProcessor.start();
  reconciler.start();
  heartbeats.start();
  maintenance.start();

  app.setErrorHandler(handleError);
  useJsonBodyParser(app);
  const requests = new RequestTracker(app.server);
  // While draining, every new request is refused (health checks report the drain themselves). After the body is
  // read, so the connection can close cleanly behind the answer.
  app.addHook('preHandler', async (request) => {
    if (!draining || request.routeOptions.url === '/healthz' || request.routeOptions.url === '/readyz') return;
    throw new HttpError(503, 'shutting_down', 'this COSS node is shutting down; retry', { retryAfterSeconds: 1 });
  });
  // While draining, every answer (2xx or 503) closes its connection. A keep-alive socket left open would be reset by
  // app.close() just as its client sends the next request on it, and a client cannot tell that reset from a lost
  // write; with `Connection: close` its next request opens a new connection, answered 503 or cleanly refused.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) reply.header('connection', 'close');
    return payload;
  });
  app.setNotFoundHandler(async (request) => {
    throw new HttpError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
  });
  // JSON and URLs may carry NUL and unpaired surrogates, which PostgreSQL cannot store: they become U+FFFD here.
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined && request.body !== null) request.body = storableJson(request.body);
    if (typeof request.query === 'object' && request.query !== null) storableJson(request.query);
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(healthRoutes(context));
  await app.register(ingestRoutes(context));
  await app.register(alertRoutes(context));
  await app.register(noteRuleRoutes(context));
  await app.register(customerRoutes(context));
  await app.register(streamRoute(context));
  await app.register(roomRoutes(context));
  await app.register(pagingTargetRoutes(context));
  await app.register(webhookRoute(context, { onStored: () => webhookProcessor.kick() }));
  await app.register(zendeskWebhookRoute(context));
  await app.register(oncallRoutes(context));
  await app.register(heartbeatRoutes(context));
  await app.register(maintenanceRoutes(context));
  await app.register(transformRoutes(context));
  await app.register(noiseRoutes(context));
  await app.register(triageRoutes(context));
  await app.register(timeRoutes(context));

  let closing: Promise<void> | undefined;
  return {
    app,
    context,
    pagerdutySync: { webhooks: webhookProcessor, reconciler },
    heartbeats,
    async listen() {
      return app.listen({ port: config.port, host: config.host });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        const grace = setTimeout(
          () => app.log.warn('shutdown grace period passed; closing anyway'),
          config.shutdownGraceMs,
        );
        // The listener stays open while clients keep coming: each is answered (2xx for work in flight, 503 for new
        // work) with `Connection: close`. Only once they have stopped are the listener and idle sockets closed, so
        // no client has a request reset.
        // The heartbeat check raises alerts through ingest: it stops (and hands its lease on) before ingest drains.
        await heartbeats.stop();
        await Promise.all([context.ingest.drain(), requests.quiet(config.shutdownQuietMs, config.shutdownGraceMs)]);
        await pagerdutyWorker.stop(); // in-flight PagerDuty calls finish and are recorded while the database is open
        await zendeskWorker.stop();
        await harvestWorker?.stop();
        for (const client of app.websocketServer?.clients ?? []) client.close(1001, 'server shutting down');
        await app.close();
        await Promise.all([webhookProcessor.stop(), reconciler.stop(), maintenance.stop()]);
        await hub.stop();
        clearTimeout(grace);
        if (!existingDb) await db.close();
      })();
      return closing;
    },
  };
}
