/** The paging directory over the API: staff see all, customer users their own queues; only admins write. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PagingTargetInputSchema, TargetPathSchema } from '../../../shared/paging.ts';
import { isStaff } from '../../../shared/roles.ts';
import { canUseTarget } from '../../../shared/permissions.ts';
import { listTargets, publicTarget, removeTarget, upsertTarget } from '../../paging/targets.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const ListQuery = z.object({ customer: z.string().max(64).optional() });
const PathQuery = z.object({ path: TargetPathSchema });

export function pagingTargetRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/paging-targets', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'paging-targets.read');
      const query = parseOr400(ListQuery, request.query, 'query');
      let customerId: number | null = null;
      if (query.customer) customerId = (await requireCustomerAccess(context, principal, query.customer)).id;
      else if (!isStaff(principal.role)) customerId = principal.customerId;
      const targets = await listTargets(context.db, customerId);
      // A customer user is shown only what they may page: their own queues, not the NOC's.
      const room = customerId === null ? null : (context.customers.slugOf(customerId) ?? '');
      return {
        targets: targets
          .filter((target) => room === null || canUseTarget(principal.role, target, room))
          .map(publicTarget),
      };
    });

    app.post('/api/v1/paging-targets', async (request, reply) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'paging-targets.edit');
      const input = parseOr400(PagingTargetInputSchema, request.body);
      const target = await upsertTarget(context.db, input);
      reply.code(201);
      return publicTarget(target);
    });

    app.delete('/api/v1/paging-targets', async (request, reply) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'paging-targets.edit');
      const { path } = parseOr400(PathQuery, request.query, 'query');
      if (!(await removeTarget(context.db, path)))
        throw new HttpError(404, 'not_found', `no target ${path}`, { field: 'path' });
      reply.code(204);
      return null;
    });
  };
}
