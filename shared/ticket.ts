/** A Zendesk ticket as an alert carries it on the wire: the consoles' queue column and the link in the detail. */
import { z } from 'zod';

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TicketRefSchema = z.object({
  /** Zendesk's ticket number, null until Zendesk has answered */
  id: z.number().int().nullable(),
  /** coss_<customer#>-<event#>, the ticket's external_id in Zendesk */
  externalId: z.string(),
  priority: z.enum(TICKET_PRIORITIES),
  /** queued, created, failed (COSS's delivery), or Zendesk's status once it reports one (new, open, solved …) */
  status: z.string(),
  /** the ticket in Zendesk's agent interface, null until it has a number */
  url: z.string().nullable(),
});
export type TicketRef = z.infer<typeof TicketRefSchema>;
