/**
 * What a call to PagerDuty came to, in the three kinds the outbox worker acts on, and the HTTP plumbing both
 * clients share (timeout, reading the body, classifying a failure).
 */
import { parseRetryAfter } from './retry-after.ts';

export type Outcome<T> =
  | { kind: 'ok'; value: T }
  /** PagerDuty refused for good (e.g. 400): retrying the same request cannot succeed */
  | { kind: 'final'; reason: string; status: number | null }
  /** worth another try later: 429, 5xx, timeout, connection error, or "not there yet" */
  | { kind: 'retry'; reason: string; status: number | null; retryAfterMs: number | null };

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });
export const final = (
  reason: string,
  status: number | null = null,
): { kind: 'final'; reason: string; status: number | null } => ({
  kind: 'final',
  reason,
  status,
});
export const retry = (
  reason: string,
  status: number | null = null,
  retryAfterMs: number | null = null,
): { kind: 'retry'; reason: string; status: number | null; retryAfterMs: number | null } => ({
  kind: 'retry',
  reason,
  status,
  retryAfterMs,
});

/** A response that arrived, with its body parsed as JSON when it is JSON. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

export type FetchLike = typeof fetch;

/**
 * One request with a deadline covering the whole exchange (headers and body). A network failure or the deadline
 * comes back as a retryable outcome; an answer comes back as an HttpAnswer for the caller to classify.
 */
export async function request(
  fetchImpl: FetchLike,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpAnswer | { kind: 'retry'; reason: string; status: null; retryAfterMs: null }> {
  try {
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): keep the text for the reason.
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    return retry(networkReason(error, timeoutMs)) as {
      kind: 'retry';
      reason: string;
      status: null;
      retryAfterMs: null;
    };
  }
}

/** "timed out after 10000 ms", "connection reset (ECONNRESET)", … — never the URL (it may carry a key). */
export function networkReason(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? cause?.message ?? (error as { code?: string }).code;
  return code ? `connection failed (${code})` : 'connection failed';
}

/** The Retry-After of an answer in ms, else (REST) the rate-limit reset when nothing remains. */
export function retryAfterOf(answer: HttpAnswer): number | null {
  const explicit = parseRetryAfter(answer.headers.get('retry-after'));
  if (explicit !== null) return explicit;
  if (answer.headers.get('ratelimit-remaining') === '0') {
    const reset = parseRetryAfter(answer.headers.get('ratelimit-reset'));
    if (reset !== null) return reset;
  }
  return null;
}

/** 429, 408 and 5xx are transient; every other non-2xx is PagerDuty saying no. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Classifies a non-2xx answer, with `reason` already worded by the caller. */
export function failureOf(answer: HttpAnswer, reason: string): Outcome<never> {
  if (isRetryableStatus(answer.status)) return retry(reason, answer.status, retryAfterOf(answer));
  return final(reason, answer.status);
}

/** The first characters of a secret: enough to tell keys apart in a log, not enough to use. */
export function hint(secret: string | null | undefined): string {
  if (!secret) return '(none)';
  return `${secret.slice(0, 4)}…`;
}
