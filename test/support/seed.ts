/** The directory most tests start from: two customers, staff and customer users, keys and tokens. */
import type { Sql } from '../../server/db/database.ts';
import { addCustomer, addIngestKey, addToken, addUser } from '../../server/admin/directory.ts';

export interface Seed {
  customers: { acme: { id: number; number: number }; globex: { id: number; number: number } };
  keys: { acme: string; globex: string };
  tokens: { noc: string; admin: string; fred: string; wile: string };
}

/**
 * Acme (#102, Los Angeles) and Globex (#103): an operator "noc" (display name NOC), an admin, fred (Acme's IT) and
 * wile (Globex's IT).
 */
export async function seedDirectory(db: Sql): Promise<Seed> {
  const acme = await addCustomer(db, { number: 102, slug: 'acme', name: 'Acme', timeZone: 'America/Los_Angeles' });
  const globex = await addCustomer(db, { number: 103, slug: 'globex', name: 'Globex', timeZone: 'UTC' });
  await addUser(db, { name: 'noc', displayName: 'NOC', role: 'operator', pagerdutyEmail: 'noc@coss.example' });
  await addUser(db, { name: 'root', displayName: 'Admin', role: 'admin' });
  await addUser(db, { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' });
  await addUser(db, { name: 'wile', displayName: 'Wile', role: 'customer', customer: 'globex' });
  return {
    customers: { acme: { id: acme.id, number: acme.number }, globex: { id: globex.id, number: globex.number } },
    keys: { acme: (await addIngestKey(db, 'acme')).key, globex: (await addIngestKey(db, 'globex')).key },
    tokens: {
      noc: (await addToken(db, 'noc')).token,
      admin: (await addToken(db, 'root')).token,
      fred: (await addToken(db, 'fred')).token,
      wile: (await addToken(db, 'wile')).token,
    },
  };
}
