/**
 * Requests on a customer's maintenance windows: list, make, extend or change, end. Unlike alert actions they do not
 * wait in the outbox while COSS is away: a window made later than the operator meant would start and end at other
 * times than the ones typed, so the operator is told at once that COSS is needed and nothing is kept.
 */
import type { HostHandlers } from '../../../shared/host/contract.ts';
import type { CossClient } from '../coss-client.ts';
import type { HandlerContext } from './handler-context.ts';
import { freshIdempotencyKey, requireCustomer, requireLiveClient, requireRight } from './guards.ts';

type MaintenanceHandlers = Pick<
  HostHandlers,
  'maintenance.list' | 'maintenance.create' | 'maintenance.update' | 'maintenance.end'
>;

/** The COSS to ask now, or the reason there is none. */
function liveClient(context: HandlerContext, what: string): CossClient {
  return requireLiveClient(
    context.session,
    `${what} needs COSS, which is not reachable now; nothing was changed. Try again when the banner says live.`,
  );
}

export function maintenanceHandlers(context: HandlerContext): MaintenanceHandlers {
  const { cache } = context;
  return {
    'maintenance.list': async ({ customer }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'maintenance.read');
      return liveClient(context, 'Listing maintenance windows').maintenanceWindows(customer);
    },
    'maintenance.create': async ({ customer, window }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'maintenance.manage');
      return liveClient(context, 'Making a maintenance window').createMaintenance(
        customer,
        window,
        freshIdempotencyKey(),
      );
    },
    'maintenance.update': async ({ customer, id, patch }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'maintenance.manage');
      return liveClient(context, `Changing maintenance window ${id}`).updateMaintenance(
        customer,
        id,
        patch,
        freshIdempotencyKey(),
      );
    },
    'maintenance.end': async ({ customer, id }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'maintenance.manage');
      return liveClient(context, `Ending maintenance window ${id}`).endMaintenance(customer, id, freshIdempotencyKey());
    },
  };
}
