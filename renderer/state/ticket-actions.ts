/** `z`: asking for a Zendesk ticket about an alert; COSS's outbox makes it later, and its number arrives on the alert. */
import type { Severity } from '../../shared/alert.ts';
import type { TicketPriority } from '../../shared/ticket.ts';
import { withArticle } from '../../shared/indefinite-article.ts';
import { currentHost } from './host-binding.ts';
import { pushToast, toastError } from './ui-actions.ts';

/** The priority a ticket starts at, from the alert's severity: what the NOC would pick at a glance. */
export function defaultTicketPriority(severity: Severity): TicketPriority {
  if (severity === 'critical') return 'urgent';
  if (severity === 'error') return 'high';
  return 'normal';
}

/**
 * Asks for the ticket; true when the host took it. The toast says "asked", never "made": Zendesk has it only when
 * the ticket's number shows on the row (and the bot posts it in the room).
 */
export async function requestTicket(number: number, priority: TicketPriority, subject: string): Promise<boolean> {
  const response = await currentHost().invoke('alerts.ticket', { number, priority, subject });
  if (!response.ok) {
    toastError(`Ticket on ${number}`, response.error);
    return false;
  }
  if (response.value.status === 'queued')
    pushToast('queued', `Ticket on ${number}: COSS is unreachable; queued, and asked for when it is back.`);
  else
    pushToast(
      'info',
      `Asked Zendesk for ${withArticle(priority)} ticket on ${number}; its number shows on the row once Zendesk has made it.`,
    );
  return true;
}
