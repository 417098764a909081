/** Requests for what the console shows first: who is signed in and the connection, the customers, the queues. */
import { ALL_CUSTOMERS, type HostHandlers } from '../../../shared/host/contract.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireCustomer } from './guards.ts';

type SessionHandlers = Pick<HostHandlers, 'session.get' | 'customers.list' | 'alerts.list'>;

export function sessionHandlers(context: HandlerContext): SessionHandlers {
  const { cache } = context;
  return {
    'session.get': async () => ({ connection: context.connectionState(), user: cache.me }),
    'customers.list': async () => context.customerSummaries(),
    'alerts.list': async ({ customer, limit, after }) => {
      if (customer !== ALL_CUSTOMERS) requireCustomer(cache, customer);
      return context.queues.list(customer, { limit, after });
    },
  };
}
