/**
 * The Harvest side of the directory: which project and task a customer's time goes to, and which Harvest user a
 * COSS person is. Changed by `coss admin harvest`; read when a timer starts (and fixed on the entry then).
 */
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';

/** Sets the Harvest project and task of customer `slug`'s time. */
export async function setCustomerProject(
  db: Sql,
  slug: string,
  projectId: number,
  taskId: number,
): Promise<{ slug: string; projectId: number; taskId: number }> {
  const done = await db.query(
    `INSERT INTO harvest_projects (customer_id, project_id, task_id)
     SELECT id, $2, $3 FROM customers WHERE slug = $1
     ON CONFLICT (customer_id) DO UPDATE SET project_id = $2, task_id = $3, updated_at = now()`,
    [slug, projectId, taskId],
  );
  if (done.rowCount === 0) throw new DomainError('not_found', `no customer ${slug}`, 'customer');
  return { slug, projectId, taskId };
}

/** Sets (or with null removes) the Harvest user id of staff user `name`; customer users track no time. */
export async function setHarvestUser(
  db: Sql,
  name: string,
  harvestUserId: number | null,
): Promise<{ name: string; harvestUserId: number | null }> {
  const user = (await db.query<{ role: string }>('SELECT role FROM users WHERE name = $1', [name])).rows[0];
  if (!user) throw new DomainError('not_found', `no user ${name}`, 'name');
  if (user.role === 'customer') {
    throw new DomainError('invalid', `${name} is a customer user; only NOC staff track time in Harvest`);
  }
  await db.query('UPDATE users SET harvest_user_id = $2 WHERE name = $1', [name, harvestUserId]);
  return { name, harvestUserId };
}
