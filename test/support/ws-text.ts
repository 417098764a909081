import type { RawData } from 'ws';

/** A WebSocket message as text: ws hands over one Buffer, or its fragments, or an ArrayBuffer by binaryType. */
export function wsText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
