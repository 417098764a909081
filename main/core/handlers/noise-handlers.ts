/**
 * The customer's noise report and its trend, asked of COSS each time: they are COSS's figures over its stored events
 * at the time of asking, and a copy kept while COSS is away would be last week's report shown as this week's.
 * Offline, the operator is told.
 */
import type { CossClient } from '../coss-client.ts';
import type { HostHandlers } from '../../../shared/host/contract.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireCustomer, requireLiveClient, requireRight } from './guards.ts';

/** The families a report lists when the view does not say. */
const DEFAULT_TOP = 10;
/** The weeks the trend chart shows when the view does not say. */
const DEFAULT_WEEKS = 12;

function liveClient(context: HandlerContext): CossClient {
  return requireLiveClient(
    context.session,
    'The noise report needs COSS live: COSS counts it from its stored events when asked, and it is not reachable now. Try again when the banner says live.',
  );
}

export function noiseHandlers(context: HandlerContext): Pick<HostHandlers, 'noise.report' | 'noise.trend'> {
  return {
    'noise.report': async ({ customer, since, top }) => {
      requireCustomer(context.cache, customer);
      requireRight(context.cache, 'noise.read');
      return liveClient(context).noiseReport(customer, since, top ?? DEFAULT_TOP);
    },
    'noise.trend': async ({ customer, weeks }) => {
      requireCustomer(context.cache, customer);
      requireRight(context.cache, 'noise.read');
      return liveClient(context).noiseTrend(customer, weeks ?? DEFAULT_WEEKS);
    },
  };
}
