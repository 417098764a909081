/** Bearer secrets: 256 random bits, shown once, stored only as SHA-256. */
import { createHash, randomBytes } from 'node:crypto';

export type SecretKind = 'user' | 'ingest';
const PREFIX: Record<SecretKind, string> = { user: 'coss_u_', ingest: 'coss_i_' };

/** A new secret and what is stored of it. */
export function newSecret(kind: SecretKind): { secret: string; hash: string; prefix: string } {
  const secret = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { secret, hash: hashSecret(secret), prefix: secret.slice(0, 12) };
}

/** The stored form of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Which table a presented secret belongs to, from its prefix. */
export function secretKind(secret: string): SecretKind | null {
  if (secret.startsWith(PREFIX.user)) return 'user';
  if (secret.startsWith(PREFIX.ingest)) return 'ingest';
  return null;
}
