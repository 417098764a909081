/** Bearer authentication for routes: who is calling, and may they touch this customer. */
import type { FastifyRequest } from 'fastify';
import { can, refusal, type Action } from '../../shared/permissions.ts';
import type { Customer } from '../../shared/customer.ts';
import { canAccessCustomer, type IngestPrincipal, type Principal, type UserPrincipal } from '../auth/principal.ts';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';

/** The bearer secret of a request, if any. */
export function bearerSecret(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

async function principalOf(context: AppContext, request: FastifyRequest): Promise<Principal> {
  const secret = bearerSecret(request);
  if (secret === null) throw new HttpError(401, 'unauthorized', 'Authorization: Bearer <token> is required');
  const principal = await context.principals.resolve(secret);
  if (principal === null) throw new HttpError(401, 'unauthorized', 'the token is unknown or revoked');
  return principal;
}

/** A person's API token; an ingest key here is refused. */
export async function requireUser(context: AppContext, request: FastifyRequest): Promise<UserPrincipal> {
  const principal = await principalOf(context, request);
  if (principal.kind !== 'user') throw new HttpError(403, 'forbidden', 'an ingest key may only post alerts');
  return principal;
}

/** A customer's ingest key; a person's token here is refused so that alerts always carry their customer. */
export async function requireIngestKey(context: AppContext, request: FastifyRequest): Promise<IngestPrincipal> {
  const principal = await principalOf(context, request);
  if (principal.kind !== 'ingest')
    throw new HttpError(403, 'forbidden', 'alerts are posted with a customer ingest key');
  return principal;
}

/**
 * The customer named by `slug`, if `principal` may see it. An inaccessible customer answers 404 exactly like a
 * missing one, so that customers cannot learn each other's slugs.
 */
export async function requireCustomerAccess(
  context: AppContext,
  principal: Principal,
  slug: string,
): Promise<Customer> {
  const customer = await context.customers.bySlugFresh(slug);
  if (!customer || !canAccessCustomer(principal, customer.id)) {
    throw new HttpError(404, 'not_found', `no customer ${slug}`, { field: 'customer' });
  }
  return customer;
}

/** Refuses with 403 naming the action and the role unless the role table (shared/permissions.ts) allows it. */
export function requirePermission(principal: UserPrincipal, action: Action): void {
  if (!can(principal.role, action)) throw new HttpError(403, 'forbidden', refusal(principal.role, action));
}
