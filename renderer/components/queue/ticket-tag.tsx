/**
 * The alert's latest Zendesk ticket beside its PagerDuty state: the number the NOC quotes on the phone, or that one
 * is asked for and not made yet, or that Zendesk refused it. Nothing on rows without one, so long queues cost the same.
 */
import type { TicketRef } from '../../../shared/ticket.ts';

/** The ticket as the row says it, and in full for the tooltip and screen readers. */
export function ticketLabel(ticket: TicketRef): { text: string; tone: string; words: string } {
  if (ticket.status === 'failed')
    return { text: 'ZD ✕', tone: 'failed', words: `Zendesk ticket ${ticket.externalId} failed: the room says why` };
  if (ticket.id === null)
    return { text: 'ZD …', tone: 'queued', words: `Zendesk ticket ${ticket.externalId} asked for, not made yet` };
  return {
    text: `#${ticket.id}`,
    tone: ticket.status === 'solved' || ticket.status === 'closed' ? 'solved' : 'made',
    words: `Zendesk ticket #${ticket.id} (${ticket.priority}, ${ticket.status})`,
  };
}

export function TicketTag({ tickets }: { tickets: readonly TicketRef[] }) {
  const latest = tickets[tickets.length - 1];
  if (latest === undefined) return null;
  const label = ticketLabel(latest);
  const more = tickets.length > 1 ? ` and ${tickets.length - 1} earlier` : '';
  return (
    <span className={`ticket-tag ticket-${label.tone}`} title={`${label.words}${more}`}>
      <span aria-hidden="true">{label.text}</span>
      <span className="visually-hidden">, {label.words}</span>
    </span>
  );
}
