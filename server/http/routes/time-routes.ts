/**
 * Time per person: on one alert, and per customer per month. Customer users read their own customer's time;
 * another customer's answers 404, like a missing one.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAlert } from '../../alerts/queries.ts';
import { canAccessCustomer } from '../../auth/principal.ts';
import { alertTime, customerMonthTime } from '../../timekeeping/time-summary.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const NumberParamSchema = z.object({
  number: z
    .string()
    .regex(/^\d{1,15}$/, 'an event number')
    .transform(Number),
});
const SlugParamSchema = z.object({ slug: z.string().min(1).max(100) });
const MonthQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .optional(),
});

/** Registers the time read routes. */
export function timeRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/alerts/:number/time', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'alert.read');
      const { number } = parseOr400(NumberParamSchema, request.params, 'path');
      const found = await findAlert(context.db, number);
      if (!found || !canAccessCustomer(principal, found.customerId)) {
        throw new HttpError(404, 'not_found', `no alert ${number}`, { field: 'number' });
      }
      return { number, harvest: context.harvest !== null, people: await alertTime(context.db, number) };
    });

    app.get('/api/v1/customers/:slug/time', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'alert.read');
      const { slug } = parseOr400(SlugParamSchema, request.params, 'path');
      const { month } = parseOr400(MonthQuerySchema, request.query, 'query');
      const customer = await requireCustomerAccess(context, principal, slug);
      const chosen = month ?? new Date().toISOString().slice(0, 7);
      return { customer: customer.slug, month: chosen, ...(await customerMonthTime(context.db, customer.id, chosen)) };
    });
  };
}
