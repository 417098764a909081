import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  isFreshTimestamp,
  verifyZendeskSignature,
  zendeskSignature,
} from '../../../../../server/integrations/zendesk/webhook-signature.ts';

const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const TIMESTAMP = '2026-12-07T18:00:00Z';
const BODY = Buffer.from('{"id":"e1","type":"zen:event-type:ticket.status_changed"}');

describe('Zendesk webhook signature', () => {
  it('is base64 HMAC-SHA256 over timestamp then raw body, the secret used as a string (not base64-decoded)', () => {
    const expected = createHmac('sha256', SECRET)
      .update(TIMESTAMP + BODY.toString())
      .digest('base64');
    assert.equal(zendeskSignature(SECRET, TIMESTAMP, BODY), expected);
    const decodedKey = createHmac('sha256', Buffer.from(SECRET, 'base64'))
      .update(TIMESTAMP + BODY.toString())
      .digest('base64');
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, decodedKey, [SECRET]), false);
    // FACTS.md: the old page's vector signs BODY + TIMESTAMP; that order must not verify.
    const reversed = createHmac('sha256', SECRET)
      .update(BODY.toString() + TIMESTAMP)
      .digest('base64');
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, reversed, [SECRET]), false);
  });

  it('accepts any configured secret (rotation) and refuses a changed body, timestamp or secret', () => {
    const signature = zendeskSignature(SECRET, TIMESTAMP, BODY);
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, signature, ['new-secret', SECRET]), true);
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, signature, ['new-secret']), false);
    assert.equal(verifyZendeskSignature(Buffer.from(`${BODY.toString()} `), TIMESTAMP, signature, [SECRET]), false);
    assert.equal(verifyZendeskSignature(BODY, '2026-12-07T18:00:01Z', signature, [SECRET]), false);
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, 'not base64', [SECRET]), false);
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, signature, []), false);
    assert.equal(verifyZendeskSignature(BODY, TIMESTAMP, signature, ['']), false);
  });

  it('a timestamp is fresh within 5 minutes either way, ISO 8601 or epoch seconds', () => {
    const now = Date.parse(TIMESTAMP);
    assert.equal(isFreshTimestamp(TIMESTAMP, now + 4 * 60_000), true);
    assert.equal(isFreshTimestamp(TIMESTAMP, now - 4 * 60_000), true);
    assert.equal(isFreshTimestamp(TIMESTAMP, now + 6 * 60_000), false);
    assert.equal(isFreshTimestamp(String(now / 1000), now), true);
    assert.equal(isFreshTimestamp('yesterday', now), false);
  });
});
