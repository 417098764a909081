/**
 * What every signed vendor webhook route (PagerDuty, Zendesk) does before its own checks: take the body as raw bytes
 * (the signature is over the exact bytes, so nothing may parse them first), answer 503 while draining or while no
 * signing secret is configured (the vendor retries, nothing is stored), and, once the signature holds, parse the
 * bytes as depth-bounded JSON answering 400 naming `(body)`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';
import { jsonNestsDeeperThan } from './json-depth.ts';

/** Vendors' payloads are a few KiB; a MiB is generous. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Events nest about five levels; storing a body means walking it recursively, so depth is bounded. */
const WEBHOOK_MAX_DEPTH = 64;

/**
 * The raw body, kept out of sight of the app-wide hook that walks parsed bodies (a Buffer's own keys are its
 * bytes): the bytes live in a private field.
 */
class RawBody {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }
  get bytes(): Buffer {
    return this.#bytes;
  }
}

/** Makes every body in the calling plugin's scope arrive as raw bytes (read them with rawBytes). */
export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
    done(null, new RawBody(body as Buffer));
  });
}

/** The request's bytes as received (empty without a body). */
export function rawBytes(request: FastifyRequest): Buffer {
  return request.body instanceof RawBody ? request.body.bytes : Buffer.alloc(0);
}

/**
 * The secrets to check the signature against; 503 while draining, or naming `variable` when it is unset (the
 * vendor retries once it is).
 */
export function webhookSecretsOr503(
  context: Pick<AppContext, 'draining'>,
  vendor: string,
  variable: string,
  secrets: string[],
): string[] {
  if (context.draining())
    throw new HttpError(503, 'draining', 'COSS is shutting down; retry', { retryAfterSeconds: 5 });
  if (secrets.length === 0) {
    throw new HttpError(
      503,
      'webhooks_not_configured',
      `${vendor} webhooks are not configured on this COSS (${variable} is unset); nothing was stored`,
      { retryAfterSeconds: 60 },
    );
  }
  return secrets;
}

/** The signed bytes as JSON: 400 naming `(body)` when nested too deep or not JSON. */
export function parseWebhookJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (jsonNestsDeeperThan(text, WEBHOOK_MAX_DEPTH)) {
    throw new HttpError(400, 'invalid_json', `(body): nested deeper than ${WEBHOOK_MAX_DEPTH} levels`, {
      field: '(body)',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', '(body): not valid JSON', { field: '(body)' });
  }
}
