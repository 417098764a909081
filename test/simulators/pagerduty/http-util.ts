/**
 * Small node:http helpers. node:http (not a framework) because faults need the raw socket: a `reset` must
 * destroy the connection and a `timeout` must leave it open with no response at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Events API payloads are limited to 512 KB (PagerDuty Events API v2 overview); REST bodies get the same cap. */
export const MAX_BODY_BYTES = 512 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      tooLarge
        ? reject(new BodyTooLargeError(`body exceeds ${limit} bytes`))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Lower-cased header map with repeated headers joined, for request logs. */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Tear the TCP connection down without an HTTP response, as a crashed proxy would. */
export function resetConnection(res: ServerResponse): void {
  res.socket?.resetAndDestroy?.();
  res.socket?.destroy();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
