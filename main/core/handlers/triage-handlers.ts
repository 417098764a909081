/**
 * Triage sessions from the console: read, start, decide a family, preview a noise decision, end. Like maintenance
 * windows they do not wait in the outbox while COSS is away: a session is people deciding together, now, over COSS's
 * figures, and a decision replayed an hour later could land on a family someone else decided meanwhile.
 */
import type { HostHandlers } from '../../../shared/host/contract.ts';
import type { CossClient } from '../coss-client.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireCustomer, requireLiveClient, requireRight } from './guards.ts';

type TriageHandlers = Pick<
  HostHandlers,
  'triage.current' | 'triage.start' | 'triage.decide' | 'triage.preview' | 'triage.end'
>;

function liveClient(context: HandlerContext, what: string): CossClient {
  return requireLiveClient(
    context.session,
    `${what} needs COSS live: a triage session works on COSS's figures as they are now, and COSS is not reachable; nothing was changed. Try again when the banner says live.`,
  );
}

export function triageHandlers(context: HandlerContext): TriageHandlers {
  const { cache } = context;
  return {
    'triage.current': async ({ customer }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'noise.read');
      return liveClient(context, 'Reading triage sessions').triageSessions(customer);
    },
    'triage.start': async ({ customer, since }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'triage.run');
      return liveClient(context, 'Starting a triage session').startTriage(customer, since);
    },
    'triage.decide': async ({ customer, id, position, decision }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'triage.run');
      return liveClient(context, 'Deciding a family').decideTriage(customer, id, position, decision);
    },
    'triage.preview': async ({ customer, id, position, devices }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'noise.read');
      return liveClient(context, 'A preview').previewTriage(customer, id, position, devices);
    },
    'triage.end': async ({ customer, id }) => {
      requireCustomer(cache, customer);
      requireRight(cache, 'triage.run');
      return liveClient(context, 'Ending a triage session').endTriage(customer, id);
    },
  };
}
