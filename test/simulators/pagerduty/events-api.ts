/**
 * Events API v2: POST /v2/enqueue (events-v2.openapi.json, operation createV2Event).
 * Order of checks: body → before-fault → validation (400) → routing key known (400 "Invalid routing key", as
 * PagerDuty answers an unknown integration key) → per-key rate limit (429) → apply → after-fault → 202.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorCore } from './core.ts';
import type { FaultDecision } from './faults.ts';
import { BodyTooLargeError, readBody, resetConnection, sendJson } from './http-util.ts';
import { validateEvent } from './events-validation.ts';
import type { AcceptedEvent, EnqueueAttempt } from './types.ts';

function invalid(res: ServerResponse, errors: string[]): number {
  sendJson(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
  return 400;
}

/** Applies a fault; returns what the client experiences. */
function applyFault(core: SimulatorCore, res: ServerResponse, fault: FaultDecision): EnqueueAttempt['status'] {
  switch (fault.kind) {
    case 'reset':
      resetConnection(res);
      return 'reset';
    case 'timeout':
      // No response at all; the socket stays open until the client gives up or the simulator closes.
      return 'timeout';
    case '429':
      sendThrottled(core, res);
      return 429;
    case '500':
      sendJson(res, 500, { status: 'Internal Server Error', message: 'An internal error occurred. Please retry.' });
      return 500;
    case '503':
      sendJson(res, 503, {
        status: 'Service Unavailable',
        message: 'The service is temporarily unavailable. Please retry.',
      });
      return 503;
  }
}

function sendThrottled(core: SimulatorCore, res: ServerResponse): void {
  const headers: Record<string, string> =
    core.eventsRetryAfterSeconds === undefined ? {} : { 'Retry-After': String(core.eventsRetryAfterSeconds) };
  // PagerDuty documents "429 - Request Limit Exceeded" and that the event is not ingested.
  sendJson(res, 429, { status: 'throttle event', message: 'Request Limit Exceeded' }, headers);
}

export async function handleEnqueue(core: SimulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const attempt: EnqueueAttempt = { seq: core.nextSeq(), receivedAt: core.now(), status: 0 };
  core.enqueueAttempts.push(attempt);

  let raw: string;
  try {
    raw = await readBody(req);
  } catch (err) {
    attempt.status = invalid(res, [
      err instanceof BodyTooLargeError ? 'Event object exceeds the 512 KB size limit' : 'Could not read request body',
    ]);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record['routing_key'] === 'string') attempt.routingKey = record['routing_key'];
    if (typeof record['dedup_key'] === 'string') attempt.dedupKey = record['dedup_key'];
    if (typeof record['event_action'] === 'string') attempt.eventAction = record['event_action'];
  }

  const fault = core.faults.decide('events', req.method ?? 'POST', '/v2/enqueue', attempt.dedupKey);
  if (fault) attempt.fault = fault;
  if (fault?.phase === 'before') {
    attempt.status = applyFault(core, res, fault);
    return;
  }

  attempt.status = processEvent(core, res, body, attempt, fault);
}

function processEvent(
  core: SimulatorCore,
  res: ServerResponse,
  body: unknown,
  attempt: EnqueueAttempt,
  fault: FaultDecision | null,
): EnqueueAttempt['status'] {
  if (body === undefined) {
    // Wording from the Error example in events-v2.openapi.json.
    sendJson(res, 400, {
      status: 'Unrecognized object',
      message: 'Event object format is unrecognized',
      errors: ['JSON parse error'],
    });
    return 400;
  }
  const validation = validateEvent(body);
  if (!validation.ok) return invalid(res, validation.errors);
  const event = validation.event;
  const service = core.directory.serviceByRoutingKey(event.routingKey);
  if (!service) return invalid(res, ['Invalid routing key']);

  const rate = core.eventsLimiter.take(event.routingKey, core.now());
  if (!rate.allowed) {
    sendThrottled(core, res);
    return 429;
  }

  // PagerDuty generates a UUID when a trigger has no dedup_key and returns it.
  const dedupKey = event.dedupKey ?? randomUUID().replaceAll('-', '');
  const accepted: AcceptedEvent = {
    seq: attempt.seq,
    receivedAt: attempt.receivedAt,
    routingKey: event.routingKey,
    eventAction: event.eventAction,
    dedupKey,
    incidentId: null,
    outcome: 'ignored',
    // Kept whole so tests can check what COSS sent (custom_details with the runbook notes, links, severity).
    body,
  };
  const ctx = { agent: { kind: 'service' as const, serviceId: service.id }, channel: 'api' as const };
  if (event.eventAction === 'trigger' && event.payload) {
    const { incident, created } = core.store.trigger({
      routingKey: event.routingKey,
      serviceId: service.id,
      dedupKey,
      summary: event.payload.summary,
      source: event.payload.source,
      severity: event.payload.severity,
      client:
        event.client === undefined
          ? null
          : { name: event.client, ...(event.clientUrl === undefined ? {} : { url: event.clientUrl }) },
    });
    accepted.incidentId = incident.id;
    accepted.outcome = created ? 'created' : 'deduplicated';
  } else {
    // Acknowledge/resolve act on the open incident for this key via this routing key; otherwise dropped (still 202).
    const open = core.store.openIncidentFor(event.routingKey, dedupKey);
    if (open) {
      accepted.incidentId = open.id;
      if (event.eventAction === 'acknowledge') {
        core.store.acknowledge(open, ctx);
        accepted.outcome = 'acknowledged';
      } else {
        core.store.resolve(open, ctx);
        accepted.outcome = 'resolved';
      }
    }
  }
  core.acceptedEvents.push(accepted);

  if (fault?.phase === 'after') return applyFault(core, res, fault);
  sendJson(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  return 202;
}
