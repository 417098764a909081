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
import { acceptRawBodies, parseWebhookJson, rawBytes, webhookSecretsOr503 } from '../signed-webhook.ts';
import {
  isFreshTimestamp,
  SIGNATURE_WINDOW_MS,
  verifyZendeskSignature,
} from '../../integrations/zendesk/webhook-signature.ts';
import { applyZendeskEvent, ZendeskEventSchema } from '../../tickets/ticket-webhooks.ts';

export const ZENDESK_WEBHOOK_PATH = '/api/v1/webhooks/zendesk';

export function zendeskWebhookRoute(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    acceptRawBodies(app);

    app.post(ZENDESK_WEBHOOK_PATH, async (request: FastifyRequest, reply) => {
      const secrets = webhookSecretsOr503(context, 'Zendesk', 'ZENDESK_WEBHOOK_SECRET', context.zendesk.webhookSecrets);
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
      const raw = rawBytes(request);
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
      const json = parseWebhookJson(raw);
      const event = parseOr400(ZendeskEventSchema, storableJson(json));
      const result = await applyZendeskEvent(context.db, event, context.zendesk.url);
      if (result.kind === 'duplicate') return reply.code(200).send({ status: 'duplicate', id: event.id });
      if (result.seq !== null) context.hub.wake(result.seq);
      return reply.code(202).send({ status: result.applied ? 'applied' : 'ignored', id: event.id });
    });
  };
}
