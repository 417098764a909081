/** The checks every handler makes before it acts: the customer and alert exist here, the user may, the target parses. */
import { randomUUID } from 'node:crypto';
import type { Alert } from '../../../shared/alert.ts';
import { checkTarget } from '../../../shared/commands/index.ts';
import { can, refusal, type Action } from '../../../shared/permissions.ts';
import type { ConsoleCache } from '../cache.ts';
import type { CossClient, CustomerRecord } from '../coss-client.ts';
import { HostFailure } from '../host-dispatch.ts';

export function requireCustomer(cache: ConsoleCache, slug: string): CustomerRecord {
  const customer = cache.customerList.find((known) => known.slug === slug);
  if (!customer)
    throw new HostFailure('not_found', `There is no customer "${slug}" (or it is not in the offline cache yet).`);
  return customer;
}

/**
 * The role table, mirrored: what COSS would refuse is refused here too, before it is queued for later or sent
 * straight to PagerDuty while COSS is unreachable. COSS stays the authority; with no user known yet, it decides.
 */
export function requireRight(cache: ConsoleCache, action: Action): void {
  const role = cache.me?.role;
  if (role !== undefined && !can(role, action)) throw new HostFailure('forbidden', refusal(role, action));
}

export function requireAlert(cache: ConsoleCache, number: number): Alert {
  const alert = cache.findAlert(number);
  if (!alert) throw new HostFailure('not_found', `Event ${number} is not among the open alerts this console holds.`);
  return alert;
}

/** A paging target path as the room commands take it, or the reason it is not one. */
export function requireTargetPath(target: string): void {
  const problem = checkTarget(target);
  if (problem)
    throw new HostFailure('invalid_arguments', `${problem.message}${problem.hint ? ` ${problem.hint}` : ''}`);
}

/**
 * The COSS to ask now, for requests that must not wait in the outbox (a report, a window, a transform): while COSS is
 * not live they fail at once with `unavailable` and `message`, which says what needs COSS and that nothing changed.
 */
export function requireLiveClient(
  session: { client: CossClient | null; isLive: boolean },
  message: string,
): CossClient {
  const client = session.client;
  if (client === null || !session.isLive) throw new HostFailure('unavailable', message);
  return client;
}

/** A fresh Idempotency-Key per request: the client's one resend on a stale socket must not make the thing twice. */
export function freshIdempotencyKey(): string {
  return `coss-console:${randomUUID()}`;
}
