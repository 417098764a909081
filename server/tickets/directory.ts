/** The per-customer Zendesk directory: where the customer's tickets go and whom to call at the customer. */
import type { Sql } from '../db/database.ts';

export interface ZendeskDirectoryEntry {
  groupId: number | null;
  organizationId: number | null;
  requesterId: number | null;
  contacts: string;
}

interface DirectoryRow {
  group_id: number | string | null;
  organization_id: number | string | null;
  requester_id: number | string | null;
  contacts: string;
}

const num = (value: number | string | null) => (value === null ? null : Number(value));

/** The customer's entry; an empty one when none was set. */
export async function getZendeskDirectory(db: Sql, customerId: number): Promise<ZendeskDirectoryEntry> {
  const row = (
    await db.query<DirectoryRow>(
      'SELECT group_id, organization_id, requester_id, contacts FROM zendesk_directory WHERE customer_id = $1',
      [customerId],
    )
  ).rows[0];
  if (!row) return { groupId: null, organizationId: null, requesterId: null, contacts: '' };
  return {
    groupId: num(row.group_id),
    organizationId: num(row.organization_id),
    requesterId: num(row.requester_id),
    contacts: row.contacts,
  };
}

/** Sets the fields given (undefined keeps the stored value); returns the entry as stored. */
export async function setZendeskDirectory(
  db: Sql,
  customerId: number,
  change: Partial<ZendeskDirectoryEntry>,
): Promise<ZendeskDirectoryEntry> {
  const current = await getZendeskDirectory(db, customerId);
  const next = { ...current, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
  await db.query(
    `INSERT INTO zendesk_directory (customer_id, group_id, organization_id, requester_id, contacts, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (customer_id) DO UPDATE SET group_id = $2, organization_id = $3, requester_id = $4, contacts = $5,
       updated_at = now()`,
    [customerId, next.groupId, next.organizationId, next.requesterId, next.contacts],
  );
  return next;
}
