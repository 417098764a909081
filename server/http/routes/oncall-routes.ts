/** GET /api/v1/customers/:slug/oncall: who is on call now for each paging target usable in that room. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listTargets } from '../../paging/targets.ts';
import { OnCallError } from '../../integrations/pagerduty/oncall.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { canUseTarget } from '../../../shared/permissions.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const Params = z.object({ slug: z.string().max(63) });

export function oncallRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/customers/:slug/oncall', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(Params, request.params);
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'room.read');
      if (context.pagerduty.apiToken === undefined) {
        throw new HttpError(
          503,
          'pagerduty_not_configured',
          'on-call needs a PagerDuty REST API token (PAGERDUTY_API_TOKEN); none is configured',
        );
      }
      // Only the targets this person may page: a customer user is not told who the NOC has on call.
      const targets = (await listTargets(context.db, customer.id)).filter((target) =>
        canUseTarget(principal.role, target, customer.slug),
      );
      const answers = await Promise.all(
        targets.map(async (target) => {
          const base = { target: target.path, name: target.name, escalationPolicyId: target.escalationPolicyId };
          try {
            return { ...base, oncall: await context.oncall.whoIsOnCall(target), error: null };
          } catch (error) {
            if (!(error instanceof OnCallError)) throw error;
            return { ...base, oncall: [], error: { code: error.code, message: error.message } };
          }
        }),
      );
      return { customer: customer.slug, targets: answers };
    });
  };
}
