/** Who am I, and which customers may I see. */
import type { FastifyInstance } from 'fastify';
import { canAccessCustomer } from '../../auth/principal.ts';
import type { AppContext } from '../context.ts';
import { requirePermission, requireUser } from '../authenticate.ts';

export function customerRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    // Who the token belongs to is every user's to know: the console reads its role here.
    app.get('/api/v1/me', async (request) => {
      const principal = await requireUser(context, request);
      const customer =
        principal.customerId === null ? null : (context.customers.byIdCached(principal.customerId)?.slug ?? null);
      return { name: principal.name, displayName: principal.displayName, role: principal.role, customer };
    });

    app.get('/api/v1/customers', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'room.read');
      await context.customers.reload();
      return { customers: context.customers.all().filter((customer) => canAccessCustomer(principal, customer.id)) };
    });
  };
}
