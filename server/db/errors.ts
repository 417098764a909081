/** PostgreSQL error classification shared by every writer. */

/** SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

/** Deadlocks and serialization failures succeed when the same transaction is simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40001' || code === '40P01';
}

/**
 * SQLSTATEs that mean "not now" rather than "not this": connection failures (08…), admin/crash shutdown and
 * cannot-connect-now (57P01-57P03), too many connections (53300), statement_timeout (57014, query_canceled) and
 * idle-in-transaction or idle-session timeouts (25P03, 57P05).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03', '57P05']);

/** What `pg` and the socket say when the path to the database is lost, refused or too slow. */
const UNAVAILABLE_MESSAGE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|Connection terminated|timeout exceeded|timeout expired|Query read timeout|not queryable/i;

/** The database is unreachable, shutting down or too slow: the client should come back later (503 + Retry-After). */
export function isUnavailableError(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && (code.startsWith('08') || UNAVAILABLE_STATES.has(code))) return true;
  return error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * The database refused a value itself: a data exception (22…: out of range, invalid text) or a program limit
 * (54…: a row or index entry too large). Retrying cannot help, and when the value came from a client its request
 * is at fault (400), not COSS.
 */
export function isRefusedValueError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('54'));
}
