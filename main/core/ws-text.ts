/** A WebSocket message (`ws`'s RawData) as text, for the stream client and the web host alike. */
import type { RawData } from 'ws';

/** ws hands over one Buffer, or its fragments, or an ArrayBuffer, depending on the socket's binaryType. */
export function wsText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
