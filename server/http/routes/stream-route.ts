/** `GET /api/v1/stream`: the WebSocket stream, authenticated before the upgrade. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StreamQuerySchema } from '../../../shared/stream.ts';
import { isStaff } from '../../../shared/roles.ts';
import { can } from '../../../shared/permissions.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import { StreamConnection } from '../../events/stream-connection.ts';
import type { AppContext } from '../context.ts';
import { bearerSecret, requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

interface StreamPlan {
  principal: UserPrincipal;
  since: number;
  customerIds: ReadonlySet<number> | 'all';
}

const plans = new WeakMap<FastifyRequest, StreamPlan>();

export function streamRoute(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get(
      '/api/v1/stream',
      {
        websocket: true,
        // Everything that can refuse the stream happens here, so a refusal is a plain HTTP 4xx, not a half-open socket.
        preValidation: async (request) => {
          if (context.draining())
            throw new HttpError(503, 'shutting_down', 'this node is shutting down', { retryAfterSeconds: 1 });
          const principal = await requireUser(context, request);
          requirePermission(principal, 'stream.read');
          const query = parseOr400(StreamQuerySchema, request.query, 'query');
          let customerIds: ReadonlySet<number> | 'all';
          if (query.customers && query.customers.length > 0) {
            const ids = new Set<number>();
            for (const slug of query.customers) ids.add((await requireCustomerAccess(context, principal, slug)).id);
            customerIds = ids;
          } else if (isStaff(principal.role)) {
            customerIds = 'all';
          } else {
            customerIds = new Set([principal.customerId ?? -1]);
          }
          plans.set(request, { principal, since: query.since ?? context.hub.head, customerIds });
        },
      },
      (socket, request) => {
        const plan = plans.get(request);
        if (!plan) {
          socket.close(4001, 'unauthorized');
          return;
        }
        const secret = bearerSecret(request) ?? '';
        const connection = new StreamConnection({
          db: context.db,
          hub: context.hub,
          socket,
          since: plan.since,
          customerIds: plan.customerIds,
          includeGlobal: isStaff(plan.principal.role),
          includeInternalRoom: can(plan.principal.role, 'room.internal'),
          slugOf: (id) => context.customers.slugOf(id),
          stillAuthorized: async () => (await context.principals.resolve(secret)) !== null,
          heartbeatMs: context.config.streamHeartbeatMs,
          log: request.log,
          // The upgraded request's socket is the one the WebSocket writes to.
          transport: request.raw.socket,
        });
        void connection.run();
      },
    );
  };
}
