/** The paging directory: PagerDuty services by path. */
import type { PagingTarget, PagingTargetInput } from '../../shared/paging.ts';
import type { Sql } from '../db/database.ts';
import { sqlState } from '../db/errors.ts';
import { requireCustomer } from '../admin/directory.ts';
import { DomainError } from '../domain-error.ts';

/** A target with what only the server may see. */
export interface StoredTarget extends PagingTarget {
  customerId: number | null;
  routingKey: string;
}

interface TargetRow {
  id: number;
  path: string;
  name: string;
  routing_key: string;
  service_id: string | null;
  escalation_policy_id: string | null;
  customer_id: number | null;
  slug: string | null;
}

const SELECT = `SELECT t.*, c.slug FROM paging_targets t LEFT JOIN customers c ON c.id = t.customer_id`;

function toTarget(row: TargetRow): StoredTarget {
  return {
    id: Number(row.id),
    path: row.path,
    name: row.name,
    routingKeyHint: `${row.routing_key.slice(0, 4)}…`,
    serviceId: row.service_id,
    escalationPolicyId: row.escalation_policy_id,
    customer: row.slug,
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    routingKey: row.routing_key,
  };
}

/** Strips the routing key before a target leaves the server. */
export function publicTarget(target: StoredTarget): PagingTarget {
  return {
    id: target.id,
    path: target.path,
    name: target.name,
    routingKeyHint: target.routingKeyHint,
    serviceId: target.serviceId,
    escalationPolicyId: target.escalationPolicyId,
    customer: target.customer,
  };
}

/** Adds or replaces the target at `input.path`. */
export async function upsertTarget(db: Sql, input: PagingTargetInput): Promise<StoredTarget> {
  const customer = input.customer ? await requireCustomer(db, input.customer) : null;
  try {
    await db.query(
      `INSERT INTO paging_targets (path, name, routing_key, service_id, escalation_policy_id, customer_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (path) DO UPDATE SET name = EXCLUDED.name, routing_key = EXCLUDED.routing_key,
         service_id = EXCLUDED.service_id, escalation_policy_id = EXCLUDED.escalation_policy_id,
         customer_id = EXCLUDED.customer_id, updated_at = now()`,
      [
        input.path,
        input.name,
        input.routingKey,
        input.serviceId ?? null,
        input.escalationPolicyId ?? null,
        customer?.id ?? null,
      ],
    );
  } catch (error) {
    if (sqlState(error) === '23514') throw new DomainError('invalid', `bad target path ${input.path}`);
    throw error;
  }
  return (await findTarget(db, input.path)) as StoredTarget;
}

/** A target by path, regardless of customer. */
export async function findTarget(db: Sql, path: string): Promise<StoredTarget | null> {
  const row = (await db.query<TargetRow>(`${SELECT} WHERE t.path = $1`, [path])).rows[0];
  return row ? toTarget(row) : null;
}

/** The targets usable in `customerId`'s room: the NOC's and the customer's own. null lists all (staff admin). */
export async function listTargets(db: Sql, customerId: number | null): Promise<StoredTarget[]> {
  const rows = (
    await db.query<TargetRow>(
      `${SELECT} WHERE $1::bigint IS NULL OR t.customer_id IS NULL OR t.customer_id = $1::bigint ORDER BY t.path`,
      [customerId],
    )
  ).rows;
  return rows.map(toTarget);
}

/** A target usable in this customer's room, or null (another customer's queue is not usable, nor visible). */
export async function targetForRoom(db: Sql, path: string, customerId: number): Promise<StoredTarget | null> {
  const target = await findTarget(db, path);
  if (!target || (target.customerId !== null && target.customerId !== customerId)) return null;
  return target;
}

/** Removes a target; false when none has that path. Pages already sent keep their history. */
export async function removeTarget(db: Sql, path: string): Promise<boolean> {
  try {
    return (await db.query('DELETE FROM paging_targets WHERE path = $1', [path])).rowCount > 0;
  } catch (error) {
    if (sqlState(error) === '23503')
      throw new DomainError('conflict', `target ${path} has pages; it cannot be removed`);
    throw error;
  }
}
