/** Who is calling: a person (by API token) or a monitoring system (by a customer's ingest key). */
import type { Role } from '../../shared/roles.ts';
import { isStaff } from '../../shared/roles.ts';
import type { Sql } from '../db/database.ts';
import { hashSecret, secretKind } from './secrets.ts';

export interface UserPrincipal {
  kind: 'user';
  userId: number;
  name: string;
  displayName: string;
  role: Role;
  /** set for customer users: the only customer they may see */
  customerId: number | null;
  pagerdutyEmail: string | null;
}

export interface IngestPrincipal {
  kind: 'ingest';
  keyId: number;
  customerId: number;
  customerSlug: string;
}

export type Principal = UserPrincipal | IngestPrincipal;

/** Whether `principal` may read or act on `customerId`'s data. */
export function canAccessCustomer(principal: Principal, customerId: number): boolean {
  if (principal.kind === 'ingest') return principal.customerId === customerId;
  return isStaff(principal.role) || principal.customerId === customerId;
}

/** Principals are cached briefly so ingest does not query per request; revocation takes effect within the TTL. */
export class PrincipalResolver {
  private cache = new Map<string, { principal: Principal | null; expires: number }>();

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves a presented bearer secret, or null when it is unknown or revoked. */
  async resolve(secret: string): Promise<Principal | null> {
    const kind = secretKind(secret);
    if (kind === null || secret.length > 200) return null;
    const hash = hashSecret(secret);
    const hit = this.cache.get(hash);
    if (hit && hit.expires > this.now()) return hit.principal;
    const principal = kind === 'user' ? await this.loadUser(hash) : await this.loadIngestKey(hash);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expires: this.now() + this.ttlMs });
    return principal;
  }

  /** Forgets cached principals, e.g. after a revocation on this node. */
  invalidate(): void {
    this.cache.clear();
  }

  private async loadUser(hash: string): Promise<UserPrincipal | null> {
    const result = await this.db.query<{
      id: number;
      name: string;
      display_name: string;
      role: Role;
      customer_id: number | null;
      pagerduty_email: string | null;
    }>(
      `SELECT u.id, u.name, u.display_name, u.role, u.customer_id, u.pagerduty_email
       FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [hash],
    );
    const row = result.rows[0];
    if (!row) return null;
    return {
      kind: 'user',
      userId: Number(row.id),
      name: row.name,
      displayName: row.display_name,
      role: row.role,
      customerId: row.customer_id === null ? null : Number(row.customer_id),
      pagerdutyEmail: row.pagerduty_email,
    };
  }

  private async loadIngestKey(hash: string): Promise<IngestPrincipal | null> {
    const result = await this.db.query<{ id: number; customer_id: number; slug: string }>(
      `SELECT k.id, k.customer_id, c.slug FROM ingest_keys k JOIN customers c ON c.id = k.customer_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hash],
    );
    const row = result.rows[0];
    if (!row) return null;
    return { kind: 'ingest', keyId: Number(row.id), customerId: Number(row.customer_id), customerSlug: row.slug };
  }
}
