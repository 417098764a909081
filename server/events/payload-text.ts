/** Event payloads are stored JSON, read back as `unknown`: a field shown to a person is its text, never "[object Object]". */
export function payloadText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}
