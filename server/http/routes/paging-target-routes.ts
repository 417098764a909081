/** The paging directory over the API: staff see all, customers see what their room can page; only admins write. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PagingTargetInputSchema, TargetPathSchema } from '../../../shared/paging.ts';
import { isStaff } from '../../../shared/roles.ts';
import { listTargets, publicTarget, removeTarget, upsertTarget } from '../../paging/targets.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const ListQuery = z.object({ customer: z.string().max(64).optional() });
const PathQuery = z.object({ path: TargetPathSchema });

export function pagingTargetRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/paging-targets', async (request) => {
      const principal = await requireUser(context, request);
      const query = parseOr400(ListQuery, request.query, 'query');
      let customerId: number | null = null;
      if (query.customer) customerId = (await requireCustomerAccess(context, principal, query.customer)).id;
      else if (!isStaff(principal.role)) customerId = principal.customerId;
      return { targets: (await listTargets(context.db, customerId)).map(publicTarget) };
    });

    app.post('/api/v1/paging-targets', async (request, reply) => {
      const principal = await requireUser(context, request);
      if (principal.role !== 'admin') throw new HttpError(403, 'forbidden', 'only admins change the paging directory');
      const input = parseOr400(PagingTargetInputSchema, request.body);
      const target = await upsertTarget(context.db, input);
      reply.code(201);
      return publicTarget(target);
    });

    app.delete('/api/v1/paging-targets', async (request, reply) => {
      const principal = await requireUser(context, request);
      if (principal.role !== 'admin') throw new HttpError(403, 'forbidden', 'only admins change the paging directory');
      const { path } = parseOr400(PathQuery, request.query, 'query');
      if (!(await removeTarget(context.db, path))) throw new HttpError(404, 'not_found', `no target ${path}`, { field: 'path' });
      reply.code(204);
      return null;
    });
  };
}
