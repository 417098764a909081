/** Liveness and readiness for load balancers and orchestrators. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

export function healthRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/healthz', async () => ({ status: 'ok' }));

    app.get('/readyz', async (_request, reply) => {
      const checks = { database: false, queue: context.ingest.queueDepth < context.config.maxQueuedAlerts, draining: context.draining() };
      try {
        await context.db.query('SELECT 1');
        checks.database = true;
      } catch {
        checks.database = false;
      }
      const ready = checks.database && checks.queue && !checks.draining;
      if (!ready) reply.code(503).header('Retry-After', '1');
      return { status: ready ? 'ready' : 'unavailable', checks, head: context.hub.head, queueDepth: context.ingest.queueDepth };
    });
  };
}
