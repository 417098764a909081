/**
 * The customer's transforms from the console: list, preview, make, turn off or on. Like maintenance windows they do
 * not wait in the outbox while COSS is away: a rule that changes how every new event is handled must be previewed
 * against COSS's events and saved while the person making it watches, not an hour later.
 */
import type { HostHandlers } from '../../../shared/host/contract.ts';
import type { CossClient } from '../coss-client.ts';
import type { HandlerContext } from './handler-context.ts';
import { freshIdempotencyKey, requireCustomer, requireLiveClient, requireRight } from './guards.ts';

type TransformHandlers = Pick<
  HostHandlers,
  'transforms.list' | 'transforms.preview' | 'transforms.create' | 'transforms.setEnabled'
>;

function liveClient(context: HandlerContext, what: string): CossClient {
  return requireLiveClient(
    context.session,
    `${what} needs COSS live: transforms run in COSS on every new event, and COSS is not reachable now; nothing was changed. Try again when the banner says live.`,
  );
}

export function transformHandlers(context: HandlerContext): TransformHandlers {
  const { cache } = context;
  return {
    'transforms.list': async ({ customer }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'transforms.read');
      return liveClient(context, 'Listing transforms').transforms(customer);
    },
    'transforms.preview': async ({ customer, transform }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'transforms.read');
      return liveClient(context, 'A preview').previewTransform(customer, transform);
    },
    'transforms.create': async ({ customer, transform }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'transforms.manage');
      return liveClient(context, 'Making a transform').createTransform(customer, transform, freshIdempotencyKey());
    },
    'transforms.setEnabled': async ({ customer, id, enabled, why }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'transforms.manage');
      return liveClient(context, `Turning transform ${id} ${enabled ? 'on' : 'off'}`).updateTransform(
        customer,
        id,
        { enabled, ...(why !== undefined && why.trim() !== '' ? { why } : {}) },
        freshIdempotencyKey(),
      );
    },
  };
}
