/** Customers, users, API tokens and ingest keys: what `coss admin` and the admin API manage. */
import type { Customer, CustomerInput } from '../../shared/customer.ts';
import type { Role } from '../../shared/roles.ts';
import type { Sql } from '../db/database.ts';
import { sqlState } from '../db/errors.ts';
import { newSecret } from '../auth/secrets.ts';
import { DomainError } from '../domain-error.ts';

interface CustomerRow {
  id: number;
  number: number;
  slug: string;
  name: string;
  time_zone: string;
}

const toCustomer = (row: CustomerRow): Customer => ({
  id: Number(row.id),
  number: Number(row.number),
  slug: row.slug,
  name: row.name,
  timeZone: row.time_zone,
});

/** Creates a customer; number and slug must be unused. */
export async function addCustomer(db: Sql, input: CustomerInput): Promise<Customer> {
  try {
    const result = await db.query<CustomerRow>(
      'INSERT INTO customers (number, slug, name, time_zone) VALUES ($1, $2, $3, $4) RETURNING *',
      [input.number, input.slug, input.name, input.timeZone],
    );
    return toCustomer(result.rows[0] as CustomerRow);
  } catch (error) {
    if (sqlState(error) === '23505') {
      throw new DomainError('conflict', `a customer with number ${input.number} or slug ${input.slug} exists`);
    }
    throw error;
  }
}

/** All customers, by slug. */
export async function listCustomers(db: Sql): Promise<Customer[]> {
  return (await db.query<CustomerRow>('SELECT * FROM customers ORDER BY slug')).rows.map(toCustomer);
}

/** One customer by slug, or null. */
export async function findCustomer(db: Sql, slug: string): Promise<Customer | null> {
  const row = (await db.query<CustomerRow>('SELECT * FROM customers WHERE slug = $1', [slug])).rows[0];
  return row ? toCustomer(row) : null;
}

/** One customer by slug, or a not_found error naming it. */
export async function requireCustomer(db: Sql, slug: string): Promise<Customer> {
  const customer = await findCustomer(db, slug);
  if (!customer) throw new DomainError('not_found', `no customer with slug ${slug}`);
  return customer;
}

export interface User {
  id: number;
  name: string;
  displayName: string;
  role: Role;
  customer: string | null;
  pagerdutyEmail: string | null;
}

/** Creates a user; customer users name their customer, staff must not. */
export async function addUser(
  db: Sql,
  input: { name: string; displayName?: string; role: Role; customer?: string; pagerdutyEmail?: string },
): Promise<User> {
  if ((input.role === 'customer') !== (input.customer !== undefined)) {
    throw new DomainError('invalid', 'a user with role customer needs --customer, and only they may have one');
  }
  const customer = input.customer === undefined ? null : await requireCustomer(db, input.customer);
  try {
    const result = await db.query<{ id: number }>(
      `INSERT INTO users (name, display_name, role, customer_id, pagerduty_email) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.name, input.displayName ?? input.name, input.role, customer?.id ?? null, input.pagerdutyEmail ?? null],
    );
    return {
      id: Number(result.rows[0]?.id),
      name: input.name,
      displayName: input.displayName ?? input.name,
      role: input.role,
      customer: customer?.slug ?? null,
      pagerdutyEmail: input.pagerdutyEmail ?? null,
    };
  } catch (error) {
    if (sqlState(error) === '23505') throw new DomainError('conflict', `a user named ${input.name} exists`);
    throw error;
  }
}

/** What `user update` may change; `pagerdutyEmail: null` removes the email. */
export interface UserChanges {
  displayName?: string;
  role?: Role;
  /** the customer of a customer user; null for staff */
  customer?: string | null;
  pagerdutyEmail?: string | null;
}

/**
 * Changes a user. The same rule as `addUser` holds afterwards: customer users name their customer, staff do not
 * (making a customer user staff takes `--customer ''` with the role). Signed-in sessions see it within the
 * principal cache's 10 s.
 */
export async function updateUser(db: Sql, name: string, changes: UserChanges): Promise<User> {
  const current = (await listUsers(db)).find((user) => user.name === name);
  if (!current) throw new DomainError('not_found', `no user named ${name}`);
  const role = changes.role ?? current.role;
  const customerSlug = changes.customer !== undefined ? changes.customer : current.customer;
  if ((role === 'customer') !== (customerSlug !== null)) {
    throw new DomainError('invalid', 'a user with role customer needs --customer, and only they may have one');
  }
  const customer = customerSlug === null ? null : await requireCustomer(db, customerSlug);
  const updated: User = {
    ...current,
    role,
    customer: customer?.slug ?? null,
    displayName: changes.displayName ?? current.displayName,
    pagerdutyEmail: changes.pagerdutyEmail !== undefined ? changes.pagerdutyEmail : current.pagerdutyEmail,
  };
  await db.query(
    'UPDATE users SET display_name = $2, role = $3, customer_id = $4, pagerduty_email = $5 WHERE id = $1',
    [current.id, updated.displayName, updated.role, customer?.id ?? null, updated.pagerdutyEmail],
  );
  return updated;
}

/**
 * Staff who cannot act on PagerDuty incidents through COSS: the REST API records who acted by the `From` email,
 * so their acknowledgements, escalations and notes are refused there (COSS still records them).
 */
export async function staffWithoutPagerDutyEmail(db: Sql): Promise<User[]> {
  return (await listUsers(db)).filter((user) => user.role !== 'customer' && (user.pagerdutyEmail ?? '') === '');
}

/** All users. */
export async function listUsers(db: Sql): Promise<User[]> {
  const result = await db.query<{
    id: number;
    name: string;
    display_name: string;
    role: Role;
    slug: string | null;
    pagerduty_email: string | null;
  }>(
    `SELECT u.id, u.name, u.display_name, u.role, c.slug, u.pagerduty_email
     FROM users u LEFT JOIN customers c ON c.id = u.customer_id ORDER BY u.name`,
  );
  return result.rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    displayName: row.display_name,
    role: row.role,
    customer: row.slug,
    pagerdutyEmail: row.pagerduty_email,
  }));
}

/** Issues an API token for a user; the secret is returned once and only its hash is kept. */
export async function addToken(
  db: Sql,
  userName: string,
  label = '',
): Promise<{ id: number; token: string; prefix: string }> {
  const user = (await db.query<{ id: number }>('SELECT id FROM users WHERE name = $1', [userName])).rows[0];
  if (!user) throw new DomainError('not_found', `no user named ${userName}`);
  const { secret, hash, prefix } = newSecret('user');
  const result = await db.query<{ id: number }>(
    'INSERT INTO api_tokens (user_id, token_hash, prefix, label) VALUES ($1, $2, $3, $4) RETURNING id',
    [user.id, hash, prefix, label],
  );
  return { id: Number(result.rows[0]?.id), token: secret, prefix };
}

/** Issues an ingest key that posts alerts for one customer; the secret is returned once. */
export async function addIngestKey(
  db: Sql,
  slug: string,
  label = '',
): Promise<{ id: number; key: string; prefix: string }> {
  const customer = await requireCustomer(db, slug);
  const { secret, hash, prefix } = newSecret('ingest');
  const result = await db.query<{ id: number }>(
    'INSERT INTO ingest_keys (customer_id, key_hash, prefix, label) VALUES ($1, $2, $3, $4) RETURNING id',
    [customer.id, hash, prefix, label],
  );
  return { id: Number(result.rows[0]?.id), key: secret, prefix };
}

/** Revokes every live token of `userName` labelled `label`; returns how many. */
export async function revokeTokensLabelled(db: Sql, userName: string, label: string): Promise<number> {
  const result = await db.query(
    `UPDATE api_tokens SET revoked_at = now()
     WHERE label = $2 AND revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE name = $1)`,
    [userName, label],
  );
  return result.rowCount;
}

/** Revokes a token or key by id; returns whether one was revoked. */
export async function revokeSecret(db: Sql, kind: 'token' | 'key', id: number): Promise<boolean> {
  const table = kind === 'token' ? 'api_tokens' : 'ingest_keys';
  const result = await db.query(`UPDATE ${table} SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return result.rowCount > 0;
}
