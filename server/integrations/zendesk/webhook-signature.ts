/**
 * Zendesk webhook signatures: `X-Zendesk-Webhook-Signature` is base64(HMAC-SHA256(secret, timestamp + raw body)),
 * the timestamp being the `X-Zendesk-Webhook-Signature-Timestamp` header's value (FACTS.md §6). The secret is used
 * as the string it is, never base64-decoded. A delivery is genuine when the signature matches any secret we hold
 * (several during a rotation); every secret is compared, in constant time, so timing does not tell which matched.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature timestamp may be from our clock: a captured delivery cannot be replayed later than this. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/;

/** The signature Zendesk sends for `rawBody` at `timestamp`. */
export function zendeskSignature(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(timestamp).update(rawBody).digest('base64');
}

/** Whether `signature` is the signature of `timestamp` + `rawBody` under any of `secrets`. */
export function verifyZendeskSignature(
  rawBody: Buffer,
  timestamp: string,
  signature: string,
  secrets: readonly string[],
): boolean {
  if (!BASE64_SHA256.test(signature.trim())) return false;
  const given = Buffer.from(signature.trim(), 'base64');
  let valid = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = Buffer.from(zendeskSignature(secret, timestamp, rawBody), 'base64');
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}

/**
 * Whether the timestamp is within SIGNATURE_WINDOW_MS of `now`. Zendesk sends ISO 8601 (2021-07-25T10:00:00Z);
 * epoch seconds are accepted too, since no official page shows the header's format in a real delivery.
 */
export function isFreshTimestamp(timestamp: string, now: number): boolean {
  const trimmed = timestamp.trim();
  const at = /^\d{9,11}$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
  return Number.isFinite(at) && Math.abs(now - at) <= SIGNATURE_WINDOW_MS;
}
