/**
 * Validation of an Events API v2 body the way PagerDuty reports it: every problem found is listed in
 * `errors` of a 400 `{status:'invalid event', message:'Event object is invalid', errors}`. Rules come from
 * events-v2.openapi.json (required fields, enums) and the developer docs "Send an Alert Event" (32-character
 * routing key, summary <= 1024, dedup_key <= 255, dedup_key needed for acknowledge/resolve). The two
 * routing-key messages are PagerDuty's own wording as seen in its responses.
 */
import { isPlainObject } from './http-util.ts';
import type { EventAction, EventSeverity } from './types.ts';

export const EVENT_ACTIONS: readonly EventAction[] = ['trigger', 'acknowledge', 'resolve'];
export const EVENT_SEVERITIES: readonly EventSeverity[] = ['critical', 'error', 'warning', 'info'];
export const MAX_SUMMARY_LENGTH = 1024;
export const MAX_DEDUP_KEY_LENGTH = 255;

export interface ValidEvent {
  routingKey: string;
  eventAction: EventAction;
  dedupKey: string | undefined;
  payload: { summary: string; source: string; severity: EventSeverity } | undefined;
  client: string | undefined;
  clientUrl: string | undefined;
}

export type EventValidation = { ok: true; event: ValidEvent } | { ok: false; errors: string[] };

function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function checkOptionalString(body: Record<string, unknown>, field: string, errors: string[], label = field): void {
  if (body[field] !== undefined && typeof body[field] !== 'string') errors.push(`'${label}' must be a string`);
}

function checkContextArray(
  value: unknown,
  field: 'links' | 'images',
  required: 'href' | 'src',
  errors: string[],
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push(`'${field}' must be an array`);
    return;
  }
  value.forEach((item, i) => {
    if (!isPlainObject(item)) errors.push(`'${field}[${i}]' must be an object`);
    else if (isBlank(item[required])) errors.push(`'${field}[${i}].${required}' is missing or blank`);
  });
}

export function validateEvent(body: unknown): EventValidation {
  const errors: string[] = [];
  if (!isPlainObject(body)) return { ok: false, errors: ['Event object must be a JSON object'] };

  const routingKey = body['routing_key'];
  if (isBlank(routingKey)) errors.push("'routing_key' is missing or blank");
  else if (typeof routingKey === 'string') {
    if (routingKey.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
    if (!/^[A-Za-z0-9]*$/.test(routingKey)) errors.push("'routing_key' cannot contain non-alphanumeric characters.");
  }

  const action = body['event_action'];
  if (isBlank(action)) errors.push("'event_action' is missing or blank");
  else if (!EVENT_ACTIONS.includes(action as EventAction))
    errors.push("'event_action' must be one of trigger, acknowledge, resolve");

  const dedupKey = body['dedup_key'];
  if (dedupKey !== undefined) {
    if (typeof dedupKey !== 'string') errors.push("'dedup_key' must be a string");
    else if (dedupKey.length > MAX_DEDUP_KEY_LENGTH)
      errors.push(`'dedup_key' is too long (maximum is ${MAX_DEDUP_KEY_LENGTH} characters)`);
  }
  if ((action === 'acknowledge' || action === 'resolve') && isBlank(dedupKey))
    errors.push("'dedup_key' is missing or blank");

  let payload: ValidEvent['payload'];
  if (action === 'trigger') {
    const p = body['payload'];
    if (!isPlainObject(p)) errors.push("'payload' is missing or not an object");
    else {
      const summary = p['summary'];
      if (isBlank(summary)) errors.push("'payload.summary' is missing or blank");
      else if (typeof summary === 'string' && summary.length > MAX_SUMMARY_LENGTH) {
        errors.push(`'payload.summary' is too long (maximum is ${MAX_SUMMARY_LENGTH} characters)`);
      }
      if (isBlank(p['source'])) errors.push("'payload.source' is missing or blank");
      const severity = p['severity'];
      if (isBlank(severity)) errors.push("'payload.severity' is missing or blank");
      else if (!EVENT_SEVERITIES.includes(severity as EventSeverity)) {
        errors.push("'payload.severity' must be one of critical, error, warning, info");
      }
      const timestamp = p['timestamp'];
      if (timestamp !== undefined && (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp)))) {
        errors.push("'payload.timestamp' must be an ISO 8601 date-time");
      }
      for (const field of ['component', 'group', 'class'] as const)
        checkOptionalString(p, field, errors, `payload.${field}`);
      if (p['custom_details'] !== undefined && !isPlainObject(p['custom_details']))
        errors.push("'payload.custom_details' must be an object");
      if (errors.length === 0) {
        payload = { summary: String(summary), source: String(p['source']), severity: severity as EventSeverity };
      }
    }
  }

  checkContextArray(body['links'], 'links', 'href', errors);
  checkContextArray(body['images'], 'images', 'src', errors);
  checkOptionalString(body, 'client', errors);
  checkOptionalString(body, 'client_url', errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    event: {
      routingKey: String(routingKey),
      eventAction: action as EventAction,
      dedupKey: typeof dedupKey === 'string' && dedupKey !== '' ? dedupKey : undefined,
      payload,
      client: typeof body['client'] === 'string' ? body['client'] : undefined,
      clientUrl: typeof body['client_url'] === 'string' ? body['client_url'] : undefined,
    },
  };
}
