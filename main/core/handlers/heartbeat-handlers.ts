/**
 * The customer's heartbeats, asked of COSS each time: their state is COSS's to judge (the lease holder's check), so a
 * copy kept while COSS is away would show "up" for a monitor that has since gone silent. Offline, the operator is told.
 */
import type { HostHandlers } from '../../../shared/host/contract.ts';
import { HostFailure } from '../host-dispatch.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireCustomer, requireRight } from './guards.ts';

export function heartbeatHandlers(context: HandlerContext): Pick<HostHandlers, 'heartbeats.list'> {
  return {
    'heartbeats.list': async ({ customer }) => {
      requireCustomer(context.cache, customer);
      requireRight(context.cache, 'heartbeats.read');
      const client = context.session.client;
      if (client === null || !context.session.isLive) {
        throw new HostFailure(
          'unavailable',
          'Heartbeats need COSS live: COSS judges their state when asked, and it is not reachable now. Try again when the banner says live.',
        );
      }
      return client.heartbeats(customer);
    },
  };
}
