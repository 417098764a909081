/** The noise report and its trend over REST (docs/NOISE.md): for everyone who may see the customer. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_NOISE_PERIOD, parseNoisePeriod } from '../../../shared/noise-period.ts';
import { MAX_TOP, noiseReport } from '../../noise/report.ts';
import { MAX_WEEKS, noiseTrend } from '../../noise/trend.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { parseOr400 } from '../errors.ts';

const SlugParams = z.object({ slug: z.string().max(64) });

/** `since` as a duration back from now (7d, 36h; at most 90d), in milliseconds. */
export const SinceSchema = z
  .string()
  .max(32)
  .default(DEFAULT_NOISE_PERIOD)
  .transform((text, context) => {
    const period = parseNoisePeriod(text);
    if (period.ok) return period.ms;
    context.addIssue({ code: 'custom', message: period.error });
    return z.NEVER;
  });

const ReportQuery = z.object({
  since: SinceSchema,
  top: z.coerce.number().int().min(1).max(MAX_TOP).default(10),
});
const TrendQuery = z.object({ weeks: z.coerce.number().int().min(1).max(MAX_WEEKS).default(12) });

/** Registers /api/v1/customers/:slug/noise and …/noise/trend. */
export function noiseRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/customers/:slug/noise', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'noise.read');
      const query = parseOr400(ReportQuery, request.query);
      const until = new Date();
      return noiseReport(context.db, customer, { since: new Date(until.getTime() - query.since), until }, query.top);
    });

    app.get('/api/v1/customers/:slug/noise/trend', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'noise.read');
      const query = parseOr400(TrendQuery, request.query);
      return noiseTrend(context.db, customer, query.weeks, new Date());
    });
  };
}
