/**
 * `coss admin zendesk set SLUG [--group N] [--organization N] [--requester N] [--contacts TEXT]` and
 * `coss admin zendesk show SLUG`: where a customer's Zendesk tickets go and whom the ticket names as its contacts.
 */
import type { Database } from '../db/database.ts';
import { listCustomers } from '../admin/directory.ts';
import { DomainError } from '../domain-error.ts';
import { getZendeskDirectory, setZendeskDirectory, type ZendeskDirectoryEntry } from '../tickets/directory.ts';

interface ZendeskFlags {
  group?: string | undefined;
  organization?: string | undefined;
  requester?: string | undefined;
  contacts?: string | undefined;
}

/** A Zendesk id flag: a positive whole number, '' to clear, undefined to keep. */
function idFlag(name: string, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!/^\d{1,18}$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) <= 0) {
    throw new DomainError('invalid', `--${name} must be a Zendesk id (a positive whole number), or '' to clear it`);
  }
  return Number(value);
}

function describe(slug: string, entry: ZendeskDirectoryEntry): string {
  const id = (value: number | null) => (value === null ? '(none)' : String(value));
  return [
    `customer ${slug}: Zendesk group ${id(entry.groupId)}, organization ${id(entry.organizationId)}, requester ${id(entry.requesterId)}`,
    `contacts: ${entry.contacts === '' ? '(none)' : entry.contacts}`,
  ].join('\n');
}

/** Runs `zendesk set` or `zendesk show` for the customer `slug`. */
export async function runZendeskAdmin(
  db: Database,
  verb: string | undefined,
  slug: string | undefined,
  flags: ZendeskFlags,
  print: (value: unknown, text: string) => void,
): Promise<void> {
  if (!slug)
    throw new DomainError(
      'invalid',
      `zendesk ${verb ?? ''}: the customer's slug is required, e.g. zendesk ${verb ?? 'show'} acme`,
    );
  const customer = (await listCustomers(db)).find((c) => c.slug === slug);
  if (!customer) throw new DomainError('not_found', `no customer ${slug}`);
  if (verb === 'set') {
    const change = {
      groupId: idFlag('group', flags.group),
      organizationId: idFlag('organization', flags.organization),
      requesterId: idFlag('requester', flags.requester),
      contacts: flags.contacts?.trim(),
    };
    if (Object.values(change).every((value) => value === undefined)) {
      throw new DomainError(
        'invalid',
        'zendesk set: give at least one of --group, --organization, --requester, --contacts',
      );
    }
    const stored = await setZendeskDirectory(db, customer.id, change);
    print({ slug, ...stored }, describe(slug, stored));
    return;
  }
  const entry = await getZendeskDirectory(db, customer.id);
  print({ slug, ...entry }, describe(slug, entry));
}
