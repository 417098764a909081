/** The bot's words about Zendesk tickets. */

const PRIORITY_WORD = { urgent: 'URGENT', high: 'HIGH', normal: 'NORMAL', low: 'LOW' } as const;

export interface TicketWords {
  requestedBy: string;
  priority: keyof typeof PRIORITY_WORD;
  externalId: string;
  subject: string;
  /** the alert's key (coss_102-32962), null for a ticket about no alert */
  eventKey: string | null;
  customerName: string;
}

/** Zendesk made the ticket: "NOC, I've created URGENT ticket #4821 for event coss_102-32962 (DNS ELB failing) …". */
export function ticketCreatedLine(words: TicketWords, zendeskId: number, url: string | null): string {
  const what = words.eventKey === null ? `"${words.subject}"` : `event ${words.eventKey} (${words.subject})`;
  const link = url === null ? '' : ` ${url}`;
  return `${words.requestedBy}, I've created ${PRIORITY_WORD[words.priority]} ticket #${zendeskId} in Zendesk for ${what} for ${words.customerName}.${link}`;
}

/** Zendesk refused the ticket for good (a 422, or retries ran out): its own words. */
export function ticketFailedLine(words: TicketWords, reason: string): string {
  return `${words.requestedBy}, Zendesk did not create the ${PRIORITY_WORD[words.priority]} ticket ${words.externalId}: ${reason}`;
}

/** A status change Zendesk reported. */
export function ticketStatusLine(
  zendeskId: number,
  externalId: string,
  status: string,
  previous: string | null,
): string {
  return `Zendesk ticket #${zendeskId} (${externalId}) is now ${status}${previous ? ` (was ${previous})` : ''}.`;
}

/** A public comment on one of our tickets. */
export function ticketCommentLine(zendeskId: number, externalId: string, author: string, body: string): string {
  return `Zendesk ticket #${zendeskId} (${externalId}), ${author} wrote: ${body}`;
}
