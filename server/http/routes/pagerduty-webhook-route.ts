/**
 * POST /api/v1/webhooks/pagerduty: PagerDuty Webhooks v3 in.
 *
 * Order of checks: configured (503 without a secret, so PagerDuty retries once it is set) → signature over the
 * raw bytes (401) → X-Webhook-Id (400) → nesting depth, JSON and schema (400 naming the field) → store the delivery
 * once (INSERT … ON CONFLICT DO NOTHING on X-Webhook-Id and on the signed event id) → 2xx. The work happens after the answer, from the stored
 * row (webhook-processor.ts), so the answer is quick and a crash after it loses nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { storableJson } from '../../db/storable.ts';
import type { AppContext } from '../context.ts';
import { HttpError, parseOr400 } from '../errors.ts';
import { acceptRawBodies, parseWebhookJson, rawBytes, webhookSecretsOr503 } from '../signed-webhook.ts';
import { verifySignature } from '../../integrations/pagerduty/webhook-signature.ts';
import { WebhookEnvelopeSchema, dataSchemaFor } from '../../integrations/pagerduty/webhook-schemas.ts';
import { storeWebhookDelivery } from '../../paging/webhook-processor.ts';

export const WEBHOOK_PATH = '/api/v1/webhooks/pagerduty';

export interface WebhookRouteOptions {
  /** called after a new delivery is stored (start processing it) */
  onStored: () => void;
}

export function webhookRoute(context: AppContext, options: WebhookRouteOptions) {
  return async function register(app: FastifyInstance): Promise<void> {
    acceptRawBodies(app);

    app.post(WEBHOOK_PATH, async (request: FastifyRequest, reply) => {
      const secrets = webhookSecretsOr503(
        context,
        'PagerDuty',
        'PAGERDUTY_WEBHOOK_SECRET',
        context.pagerduty.webhookSecrets,
      );
      const raw = rawBytes(request);
      if (!verifySignature(raw, request.headers['x-pagerduty-signature'], secrets)) {
        throw new HttpError(
          401,
          'bad_signature',
          'X-PagerDuty-Signature is missing or matches none of the configured secrets',
          {
            field: 'X-PagerDuty-Signature',
          },
        );
      }
      const webhookId = request.headers['x-webhook-id'];
      if (typeof webhookId !== 'string' || webhookId.trim() === '' || webhookId.length > 200) {
        throw new HttpError(400, 'invalid_request', 'X-Webhook-Id: required (one id, at most 200 characters)', {
          field: 'X-Webhook-Id',
        });
      }
      const json = parseWebhookJson(raw);
      const envelope = parseOr400(WebhookEnvelopeSchema, storableJson(json));
      const dataSchema = dataSchemaFor(envelope.event.event_type);
      if (dataSchema) parseOr400(dataSchema, envelope.event.data, 'event.data');

      if (!(await storeWebhookDelivery(context.db, webhookId, envelope))) {
        return reply.code(200).send({ status: 'duplicate', webhookId });
      }
      // After the answer is on its way: the row is committed, so processing can never lose it.
      setImmediate(() => options.onStored());
      return reply.code(202).send({ status: 'accepted', webhookId });
    });
  };
}
