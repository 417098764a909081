/** Events API v2: POST the event body, classify the answer (202 ok, 400 final, 429/5xx/network retry). */
import type { EventsV2Body } from './events-v2-schema.ts';
import { failureOf, ok, request, type FetchLike, type HttpAnswer, type Outcome } from '../call-outcome.ts';

export interface EventsClientOptions {
  /** config.eventsUrl, e.g. https://events.pagerduty.com/v2/enqueue */
  url: string;
  timeoutMs: number;
  fetch?: FetchLike;
}

export class EventsClient {
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: EventsClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Sends one event; the same body may be sent again on retry, and PagerDuty dedups it by dedup_key. */
  async send(body: EventsV2Body): Promise<Outcome<{ dedupKey: string }>> {
    const answer = await request(
      this.fetchImpl,
      this.options.url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      },
      this.options.timeoutMs,
    );
    if ('kind' in answer) return answer;
    return classifyEventsAnswer(answer, body.dedup_key);
  }
}

/** 2xx (PagerDuty answers 202) → ok with PagerDuty's dedup_key; otherwise PagerDuty's words become the reason. */
export function classifyEventsAnswer(answer: HttpAnswer, sentDedupKey: string): Outcome<{ dedupKey: string }> {
  if (answer.status >= 200 && answer.status < 300) {
    const returned = (answer.body as { dedup_key?: unknown } | null)?.dedup_key;
    return ok({ dedupKey: typeof returned === 'string' && returned !== '' ? returned : sentDedupKey });
  }
  return failureOf(answer, eventsErrorReason(answer));
}

/** "Event object is invalid: Invalid routing key" from {status, message, errors}, or the HTTP status. */
export function eventsErrorReason(answer: HttpAnswer): string {
  const body = answer.body;
  if (typeof body === 'object' && body !== null) {
    const { message, status, errors } = body as { message?: unknown; status?: unknown; errors?: unknown };
    const head = typeof message === 'string' && message !== '' ? message : typeof status === 'string' ? status : '';
    const details = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : [];
    const text = [head, details.join('; ')].filter((part) => part !== '').join(': ');
    if (text !== '') return `PagerDuty answered ${answer.status}: ${text}`.slice(0, 1000);
  }
  return `PagerDuty answered ${answer.status}`;
}
