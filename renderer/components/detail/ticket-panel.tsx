/** The alert's Zendesk tickets in the detail: number (a link into Zendesk), priority, status; `z` asks for one. */
import type { TicketRef } from '../../../shared/ticket.ts';
import { isAllowedExternalLink } from '../../../shared/external-links.ts';
import { openExternal } from '../common/open-external.ts';

const DELIVERY_WORDS: Readonly<Record<string, string>> = {
  queued: 'asked for, not made yet',
  created: 'made',
  failed: 'failed: the room says why',
};

function TicketNumber({ ticket }: { ticket: TicketRef }) {
  if (ticket.id === null) return <span className="dim">{ticket.externalId}</span>;
  const text = `#${ticket.id}`;
  if (ticket.url === null || !isAllowedExternalLink(ticket.url)) return <span>{text}</span>;
  const url = ticket.url;
  return (
    <a
      href={url}
      className="ext-link"
      title={url}
      onClick={(event) => {
        event.preventDefault();
        event.stopPropagation();
        void openExternal(url);
      }}
    >
      {text}
    </a>
  );
}

export function TicketPanel({ tickets }: { tickets: readonly TicketRef[] }) {
  if (tickets.length === 0) return <p className="notes-empty">No Zendesk ticket. Press z to ask for one.</p>;
  return (
    <table className="pd-table ticket-table">
      <thead>
        <tr>
          <th scope="col">Ticket</th>
          <th scope="col">Priority</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => (
          <tr key={ticket.externalId}>
            <td>
              <TicketNumber ticket={ticket} />
              {ticket.id !== null && <span className="dim">{ticket.externalId}</span>}
            </td>
            <td className={`ticket-${ticket.priority}`}>{ticket.priority}</td>
            <td className={ticket.status === 'failed' ? 'pd-failed' : undefined}>
              {DELIVERY_WORDS[ticket.status] ?? ticket.status}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
