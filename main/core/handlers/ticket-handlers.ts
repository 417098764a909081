/**
 * Zendesk tickets and Harvest time on an alert. A ticket is asked for as the room command `.ticket`, through the
 * outbox like page, escalate and reassign: the room and the audit show it, and it waits offline like any line. Time
 * is read from COSS each time: a running timer's total grows, so an old copy would be wrong.
 */
import { formatCommand } from '../../../shared/commands/index.ts';
import type { HostHandlers } from '../../../shared/host/contract.ts';
import type { HandlerContext } from './handler-context.ts';
import { requireAlert, requireLiveClient, requireRight } from './guards.ts';

export function ticketHandlers(context: HandlerContext): Pick<HostHandlers, 'alerts.ticket' | 'alerts.time'> {
  const { cache, actions } = context;
  return {
    'alerts.ticket': async ({ number, priority, subject }) => {
      requireRight(cache, 'ticket.create');
      const alert = requireAlert(cache, number);
      // One line in the room: a subject pasted with line breaks would otherwise end the command early.
      const line = formatCommand({
        name: 'ticket',
        priority,
        event: { number, customerNumber: null },
        subject: subject.replace(/\s+/g, ' ').trim(),
      });
      return actions.submit(alert.customer, { kind: 'room', body: line }, `Ticket on ${number}`);
    },
    'alerts.time': async ({ number }) => {
      requireRight(cache, 'alert.read');
      const client = requireLiveClient(
        context.session,
        'Time per person needs COSS live: it counts running timers when asked, and it is not reachable now.',
      );
      return client.alertTime(number);
    },
  };
}
