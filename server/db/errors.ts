/** PostgreSQL error classification shared by every writer. */

/** SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Deadlocks and serialization failures succeed when the same transaction is simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40001' || code === '40P01';
}

/** The database is unreachable or shutting down: the client should come back later (503). */
export function isUnavailableError(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && (code.startsWith('08') || code === '57P01' || code === '57P03' || code === '53300')) return true;
  return error instanceof Error && /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded/i.test(error.message);
}
