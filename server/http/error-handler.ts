/** Turns every thrown error into the one error body, with the right status; never leaks a stack. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isUnavailableError } from '../db/errors.ts';
import { QueueFullError } from '../ingest/group-commit.ts';
import { UnstorableEventsError } from '../ingest/service.ts';
import { DomainError, type DomainErrorCode } from '../domain-error.ts';
import { HttpError } from './errors.ts';

/** The one place a domain refusal becomes an HTTP status. */
const domainStatus: Record<DomainErrorCode, number> = { not_found: 404, conflict: 409, invalid: 400 };

/** Maps an error to an HttpError. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof QueueFullError) {
    return new HttpError(503, 'overloaded', 'COSS is at capacity; retry after the indicated delay', {
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  if (error instanceof UnstorableEventsError)
    return new HttpError(400, 'invalid_request', error.message, { field: '(body)' });
  if (error instanceof DomainError) {
    return new HttpError(
      domainStatus[error.code],
      error.code,
      error.message,
      error.field === undefined ? {} : { field: error.field },
    );
  }
  if (isUnavailableError(error)) {
    return new HttpError(503, 'database_unavailable', 'the database is unavailable; retry', { retryAfterSeconds: 5 });
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_BAD_URL') {
    return new HttpError(400, 'invalid_request', 'the URL is not valid: it holds a malformed percent-encoding', {
      field: '(url)',
    });
  }
  if (fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new HttpError(414, 'invalid_request', 'a part of the URL path is longer than 100 characters', {
      field: '(url)',
    });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body_too_large'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : 'invalid_request';
    return new HttpError(status, code, fastifyError.message ?? 'bad request', { field: '(body)' });
  }
  return new HttpError(500, 'internal', 'internal error; it has been logged');
}

/** Fastify error handler. */
export async function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const httpError = toHttpError(error);
  if (httpError.statusCode >= 500 && httpError.code === 'internal') request.log.error({ err: error }, 'request failed');
  if (httpError.details.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(httpError.details.retryAfterSeconds));
  await reply.code(httpError.statusCode).send(httpError.toBody());
}
