/** GET /api/v1/customers/:slug/oncall: who is on call now for each paging target usable in that room. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listTargets } from '../../paging/targets.ts';
import { OnCallError } from '../../pagerduty/oncall.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const Params = z.object({ slug: z.string().max(63) });

export function oncallRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/customers/:slug/oncall', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(Params, request.params);
      const customer = await requireCustomerAccess(context, principal, slug);
      if (context.pagerduty.apiToken === undefined) {
        throw new HttpError(503, 'pagerduty_not_configured', 'on-call needs a PagerDuty REST API token (PAGERDUTY_API_TOKEN); none is configured');
      }
      const targets = await listTargets(context.db, customer.id);
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
