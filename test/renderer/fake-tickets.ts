/**
 * The fake host's Zendesk tickets and Harvest time. `alerts.ticket` posts the `.ticket` line and the bot's answer as
 * COSS would, then (done, not queued) Zendesk's number arrives on the alert with `alerts.changed` a moment later, as
 * COSS's outbox worker would make it. `alerts.time` answers each alert's time per person only while the fake is live
 * (as the core refuses while COSS is away); a test changes it with `setTime`. Pure TypeScript, like the fake host.
 */
import { withArticle } from '../../shared/indefinite-article.ts';
import type { AlertTime } from '../../shared/alert-time.ts';
import type {
  ActionOutcome,
  AlertView,
  HostArgs,
  HostError,
  HostResponse,
  HostResult,
} from '../../shared/host/contract.ts';

export interface FakeTicketsParts {
  alerts: Map<number, AlertView>;
  customerNumber: (customer: string) => number;
  isLive: () => boolean;
  outcome: () => ActionOutcome['status'];
  nextOutcome: (message: string) => ActionOutcome;
  say: (customer: string, kind: 'human' | 'bot', author: string, body: string) => void;
  announce: (customer: string, changed: AlertView[]) => void;
  fail: (code: HostError['code'], message: string) => HostResponse<never>;
}

type Handler<N extends 'alerts.ticket' | 'alerts.time'> = (args: HostArgs<N>) => HostResponse<HostResult<N>>;

export interface FakeTickets {
  handlers: { 'alerts.ticket': Handler<'alerts.ticket'>; 'alerts.time': Handler<'alerts.time'> };
  /** sets alert `number`'s time per person as COSS would answer it */
  setTime(number: number, people: AlertTime['people']): void;
}

export function createFakeTickets(parts: FakeTicketsParts): FakeTickets {
  const times = new Map<number, AlertTime['people']>();
  let nextId = 4821;
  return {
    setTime: (number, people) => times.set(number, people),
    handlers: {
      'alerts.ticket': ({ number, priority, subject }) => {
        const alert = parts.alerts.get(number);
        if (alert === undefined)
          return parts.fail('not_found', `Event ${number} is not among the open alerts this console holds.`);
        const externalId = `coss_${parts.customerNumber(alert.customer)}-${number}`;
        parts.say(alert.customer, 'human', 'NOC', `.ticket ${priority} ${number} ${subject}`);
        if (parts.outcome() === 'queued') return { ok: true, value: parts.nextOutcome(`Ticket on ${number}`) };
        parts.say(
          alert.customer,
          'bot',
          'Bot',
          `NOC, asking Zendesk for ${withArticle(priority)} ticket ${externalId}; I'll post its number here.`,
        );
        const id = nextId++;
        setTimeout(() => {
          const current = parts.alerts.get(number) ?? alert;
          const next: AlertView = {
            ...current,
            tickets: [
              ...(current.tickets ?? []),
              { id, externalId, priority, status: 'new', url: `https://cascadeo.zendesk.com/agent/tickets/${id}` },
            ],
            // Later than the last change even under a test's fixed clock, as COSS's own updatedAt would be.
            updatedAt: new Date(Math.max(Date.now(), Date.parse(current.updatedAt) + 1000)).toISOString(),
          };
          parts.alerts.set(number, next);
          parts.announce(alert.customer, [next]);
        }, 50);
        return { ok: true, value: parts.nextOutcome(`Ticket on ${number}: asking Zendesk`) };
      },
      'alerts.time': ({ number }) => {
        if (!parts.isLive())
          return parts.fail(
            'unavailable',
            'Time per person needs COSS live: it counts running timers when asked, and it is not reachable now.',
          );
        return { ok: true, value: { number, harvest: true, people: times.get(number) ?? [] } };
      },
    },
  };
}
