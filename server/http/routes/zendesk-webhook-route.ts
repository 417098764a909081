/**
 * POST /api/v1/webhooks/zendesk: Zendesk's event-subscription webhooks in.
 *
 * Order of checks: configured (503 without ZENDESK_WEBHOOK_SECRET, nothing stored) → both signature headers (401)
 * → timestamp within 5 minutes of our clock (401: a captured delivery cannot be replayed later) → signature over
 * timestamp + raw bytes against every configured secret (401) → JSON and schema (400 naming the field) → applied in
 * one transaction, deduplicated by the event's id → 2xx after commit (200 for a delivery already taken).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { storableJson } from '../../db/storable.ts';
import type { AppContext } from '../context.ts';
import { HttpError, parseOr400 } from '../errors.ts';
import { jsonNestsDeeperThan } from '../json-depth.ts';
import {
  isFreshTimestamp,
  SIGNATURE_WINDOW_MS,
  verifyZendeskSignature,
} from '../../integrations/zendesk/webhook-signature.ts';
import { applyZendeskEvent, ZendeskEventSchema } from '../../tickets/ticket-webhooks.ts';
import { RawBody, WEBHOOK_BODY_LIMIT, WEBHOOK_MAX_DEPTH } from './pagerduty-webhook-route.ts';

export const ZENDESK_WEBHOOK_PATH = '/api/v1/webhooks/zendesk';

export function zendeskWebhookRoute(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    // Scoped to this plugin: the signature is over the exact bytes, so nothing may parse them first.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
      done(null, new RawBody(body as Buffer));
    });

    app.post(ZENDESK_WEBHOOK_PATH, async (request: FastifyRequest, reply) => {
      if (context.draining())
        throw new HttpError(503, 'draining', 'COSS is shutting down; retry', { retryAfterSeconds: 5 });
      const secrets = context.zendesk.webhookSecrets;
      if (secrets.length === 0) {
        throw new HttpError(
          503,
          'webhooks_not_configured',
          'Zendesk webhooks are not configured on this COSS (ZENDESK_WEBHOOK_SECRET is unset); nothing was stored',
          { retryAfterSeconds: 60 },
        );
      }
      const signature = request.headers['x-zendesk-webhook-signature'];
      const timestamp = request.headers['x-zendesk-webhook-signature-timestamp'];
      if (typeof signature !== 'string' || typeof timestamp !== 'string' || timestamp.length > 100) {
        throw new HttpError(401, 'bad_signature', 'X-Zendesk-Webhook-Signature and its -Timestamp are required', {
          field: 'X-Zendesk-Webhook-Signature',
        });
      }
      if (!isFreshTimestamp(timestamp, Date.now())) {
        throw new HttpError(
          401,
          'stale_signature',
          `X-Zendesk-Webhook-Signature-Timestamp is more than ${SIGNATURE_WINDOW_MS / 60_000} minutes from COSS's clock`,
          { field: 'X-Zendesk-Webhook-Signature-Timestamp' },
        );
      }
      const raw = request.body instanceof RawBody ? request.body.bytes : Buffer.alloc(0);
      if (!verifyZendeskSignature(raw, timestamp, signature, secrets)) {
        throw new HttpError(
          401,
          'bad_signature',
          'X-Zendesk-Webhook-Signature matches none of the configured secrets',
          {
            field: 'X-Zendesk-Webhook-Signature',
          },
        );
      }
      const text = raw.toString('utf8');
      if (jsonNestsDeeperThan(text, WEBHOOK_MAX_DEPTH)) {
        throw new HttpError(400, 'invalid_json', `(body): nested deeper than ${WEBHOOK_MAX_DEPTH} levels`, {
          field: '(body)',
        });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'invalid_json', '(body): not valid JSON', { field: '(body)' });
      }
      const event = parseOr400(ZendeskEventSchema, storableJson(json));
      const result = await applyZendeskEvent(context.db, event, context.zendesk.url);
      if (result.kind === 'duplicate') return reply.code(200).send({ status: 'duplicate', id: event.id });
      if (result.seq !== null) context.hub.wake(result.seq);
      return reply.code(202).send({ status: result.applied ? 'applied' : 'ignored', id: event.id });
    });
  };
}
