/** Liveness and readiness for load balancers and orchestrators. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';

/** /readyz answers within 2 s whatever the database does: a probe that hangs is as bad as one that fails. */
const DATABASE_PROBE_MS = 1_500;

export function healthRoutes(context: AppContext) {
  // Concurrent probes share one query: while the database stalls, each probe must not hold another connection.
  let probe: Promise<boolean> | null = null;
  const databaseAnswers = (): Promise<boolean> => {
    probe ??= context.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    const current = probe;
    void current.finally(() => {
      if (probe === current) probe = null;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), DATABASE_PROBE_MS);
    });
    return Promise.race([current, late]).finally(() => clearTimeout(timer));
  };

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/healthz', async () => ({ status: 'ok' }));

    app.get('/readyz', async (_request, reply) => {
      const checks = {
        database: await databaseAnswers(),
        queue: context.ingest.queueDepth < context.config.maxQueuedAlerts,
        draining: context.draining(),
      };
      const ready = checks.database && checks.queue && !checks.draining;
      if (!ready) reply.code(503).header('Retry-After', '1');
      return {
        status: ready ? 'ready' : 'unavailable',
        checks,
        head: context.hub.head,
        queueDepth: context.ingest.queueDepth,
        // Not part of readiness (polling covers a lost LISTEN), but what an operator looks at after an outage.
        events: context.hub.health,
      };
    });
  };
}
