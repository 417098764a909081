/**
 * What Node's HTTP parser refuses before Fastify has a request (a request line and headers past its 16 KB, bytes
 * that are not HTTP, a request that took too long to arrive) is answered in the one error body too: a client that
 * parses `{"error": {"code", "message"}}` for every 4xx must not meet another shape on a long URL.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

interface Refusal {
  status: number;
  code: string;
  message: string;
  field?: string;
}

function refusalFor(code: string | undefined): Refusal {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'request_too_large',
      message: 'the request line and headers are longer than 16 KB: shorten the URL or the headers',
      field: '(url)',
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', message: 'the request did not arrive in time' };
  return { status: 400, code: 'invalid_request', message: 'the request is not valid HTTP' };
}

/** Fastify's clientErrorHandler: answers once if the socket can still take it, then closes it. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const { status, ...refusal } = refusalFor(error.code);
    const body = JSON.stringify({ error: refusal });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
