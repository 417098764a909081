/**
 * Webhooks v3 signatures: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`, each an HMAC-SHA256 of the raw body
 * with one of the subscription's secrets (several during a rotation). A delivery is genuine when any `v1`
 * signature matches any secret we hold. Comparison is constant-time on equal-length buffers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** More signatures than this in one header is not PagerDuty; refusing bounds the work per request. */
export const MAX_SIGNATURES = 10;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** The `v1` signatures of a header, as 32-byte buffers; other versions and malformed parts are ignored. */
export function parseSignatureHeader(header: string | string[] | undefined): Buffer[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.length > 2048) return [];
  const signatures: Buffer[] = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq < 0 || trimmed.slice(0, eq).trim().toLowerCase() !== 'v1') continue;
    const hex = trimmed.slice(eq + 1).trim();
    if (!SHA256_HEX.test(hex)) continue;
    signatures.push(Buffer.from(hex, 'hex'));
    if (signatures.length >= MAX_SIGNATURES) break;
  }
  return signatures;
}

/** The `v1=<hex>` signature of `body` with `secret` (what PagerDuty sends). */
export function signBody(body: Buffer | string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether `header` carries a valid signature of `rawBody` under any of `secrets`. Every (signature, secret) pair
 * is compared, so the time taken does not depend on which one matched.
 */
export function verifySignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secrets: readonly string[],
): boolean {
  const signatures = parseSignatureHeader(header);
  if (signatures.length === 0 || secrets.length === 0) return false;
  let valid = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    for (const signature of signatures) {
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) valid = true;
    }
  }
  return valid;
}
