/**
 * The text frame of one stream event, built once and shared by every connection that sends it: a live event goes to
 * every console at once, and serializing it (and turning the text into bytes) per console cost more than the rest
 * of the fan-out together (issue 15: 50 consoles at 1,000 alerts/s).
 */
import type { StreamEvent } from '../../shared/stream.ts';
import type { StoredEvent } from './log.ts';

interface Built {
  customer: string | null;
  frame: Buffer;
}

/** Keyed by the event object: the hub hands the same object to every listener, and it is dropped with the event. */
const built = new WeakMap<StoredEvent, Built>();

/** The `event` message for `event`, as UTF-8 bytes; `customer` is the slug the message names. */
export function eventFrame(event: StoredEvent, customer: string | null): Buffer {
  const cached = built.get(event);
  // A connection that names the customer differently (never in one node today) gets its own bytes, not a wrong slug.
  if (cached && cached.customer === customer) return cached.frame;
  const message: StreamEvent = {
    type: 'event',
    seq: event.seq,
    customer,
    kind: event.type,
    alertId: event.alertId,
    actor: event.actor,
    at: event.createdAt,
    data: event.payload,
  };
  const frame = Buffer.from(JSON.stringify(message), 'utf8');
  built.set(event, { customer, frame });
  return frame;
}
