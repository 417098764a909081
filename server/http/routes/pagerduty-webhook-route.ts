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
import { jsonNestsDeeperThan } from '../json-depth.ts';
import { verifySignature } from '../../integrations/pagerduty/webhook-signature.ts';
import { WebhookEnvelopeSchema, dataSchemaFor } from '../../integrations/pagerduty/webhook-schemas.ts';
import { storeWebhookDelivery } from '../../paging/webhook-processor.ts';

export const WEBHOOK_PATH = '/api/v1/webhooks/pagerduty';
/** PagerDuty's payloads are a few KiB; a MiB is generous. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** PagerDuty's events nest about five levels; storing a body means walking it recursively, so depth is bounded. */
export const WEBHOOK_MAX_DEPTH = 64;

/**
 * The raw body, kept out of sight of the app-wide hook that walks parsed bodies (a Buffer's own keys are its
 * bytes): the bytes live in a private field.
 */
export class RawBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

export interface WebhookRouteOptions {
  /** called after a new delivery is stored (start processing it) */
  onStored: () => void;
}

export function webhookRoute(context: AppContext, options: WebhookRouteOptions) {
  return async function register(app: FastifyInstance): Promise<void> {
    // Scoped to this plugin: the signature is over the exact bytes, so nothing may parse them first.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
      done(null, new RawBody(body as Buffer));
    });

    app.post(WEBHOOK_PATH, async (request: FastifyRequest, reply) => {
      if (context.draining())
        throw new HttpError(503, 'draining', 'COSS is shutting down; retry', { retryAfterSeconds: 5 });
      const secrets = context.pagerduty.webhookSecrets;
      if (secrets.length === 0) {
        throw new HttpError(
          503,
          'webhooks_not_configured',
          'PagerDuty webhooks are not configured on this COSS (PAGERDUTY_WEBHOOK_SECRET is unset); nothing was stored',
          { retryAfterSeconds: 60 },
        );
      }
      const raw = request.body instanceof RawBody ? request.body.bytes : Buffer.alloc(0);
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
