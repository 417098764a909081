/** Who am I, and which customers may I see. */
import type { FastifyInstance } from 'fastify';
import { canAccessCustomer } from '../../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { requireUser } from '../authenticate.ts';

export function customerRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/me', async (request) => {
      const principal = await requireUser(context, request);
      const customer = principal.customerId === null ? null : (context.customers.byIdCached(principal.customerId)?.slug ?? null);
      return { name: principal.name, displayName: principal.displayName, role: principal.role, customer };
    });

    app.get('/api/v1/customers', async (request) => {
      const principal = await requireUser(context, request);
      await context.customers.reload();
      return { customers: context.customers.all().filter((customer) => canAccessCustomer(principal, customer.id)) };
    });
  };
}
