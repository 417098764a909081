/** `coss admin customer update --slug S --room-cards critical,error|none`: which severities are carded in the room. */
import { SEVERITIES, type Severity } from '../../shared/alert.ts';
import type { Database } from '../db/database.ts';
import { listCustomers } from '../admin/directory.ts';
import { DomainError } from '../domain-error.ts';

/** Severities a card can be posted for: `clear` opens no alert. */
const CARDABLE = SEVERITIES.filter((severity) => severity !== 'clear');

/** `critical,error` → the list (worst first, each once); `none` → empty; anything else names what is allowed. */
function parseRoomCards(value: string): Severity[] {
  const words = value
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');
  if (words.length === 1 && words[0] === 'none') return [];
  const unknown = words.filter((word) => !(CARDABLE as readonly string[]).includes(word));
  if (words.length === 0 || unknown.length > 0) {
    throw new DomainError(
      'invalid',
      `--room-cards must be none or a comma list of ${[...CARDABLE].reverse().join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`,
    );
  }
  return [...CARDABLE].reverse().filter((severity) => words.includes(severity));
}

/** Sets the customer's card severities and says what the room will now get. */
export async function updateRoomCards(
  db: Database,
  flags: { slug?: string | undefined; 'room-cards'?: string | undefined },
  print: (value: unknown, text: string) => void,
): Promise<void> {
  const severities = parseRoomCards(flags['room-cards'] ?? '');
  if (!flags.slug) throw new DomainError('invalid', '--slug is required');
  const customer = (await listCustomers(db)).find((c) => c.slug === flags.slug);
  if (!customer) throw new DomainError('not_found', `no customer ${flags.slug}`);
  await db.query('UPDATE customers SET room_card_severities = $2 WHERE id = $1', [customer.id, severities]);
  print(
    { slug: customer.slug, roomCards: severities },
    severities.length === 0
      ? `customer ${customer.slug}: no alert is carded in the room unless a transform asks`
      : `customer ${customer.slug}: ${severities.join(', ')} alerts are carded in the room when they open`,
  );
}
