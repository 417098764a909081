/** The paging directory and pages, as the API and consoles see them (routing keys never leave the server). */
import { z } from 'zod';

export const TargetPathSchema = z
  .string()
  .regex(/^[a-z0-9_-]+(\/[a-z0-9_-]+){0,5}$/, 'a path like casc/int/systems: lowercase segments separated by /');

export const PagingTargetInputSchema = z.object({
  path: TargetPathSchema,
  name: z.string().trim().min(1).max(200),
  routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'a PagerDuty integration (routing) key: 32 letters and digits'),
  serviceId: z
    .string()
    .regex(/^[A-Z0-9]{5,20}$/, 'a PagerDuty service id such as PABC123')
    .nullable()
    .optional(),
  escalationPolicyId: z
    .string()
    .regex(/^[A-Z0-9]{5,20}$/, 'a PagerDuty escalation policy id')
    .nullable()
    .optional(),
  /** set for a customer's own queue (acme/oncall); absent for the NOC's targets, usable in every room */
  customer: z.string().nullable().optional(),
});
export type PagingTargetInput = z.infer<typeof PagingTargetInputSchema>;

export interface PagingTarget {
  id: number;
  path: string;
  name: string;
  /** the first characters only: enough to tell keys apart, not enough to page with */
  routingKeyHint: string;
  serviceId: string | null;
  escalationPolicyId: string | null;
  customer: string | null;
}

export interface Page {
  id: number;
  customer: string;
  alertNumber: number | null;
  target: string;
  targetName: string;
  priority: 'normal' | 'urgent' | 'emergency';
  dedupKey: string;
  message: string;
  requestedBy: string;
  delivery: 'queued' | 'sent' | 'failed';
  deliveryError: string | null;
  attempts: number;
  incidentId: string | null;
  incidentNumber: number | null;
  incidentStatus: string | null;
  /** the last change PagerDuty did not take on the incident and why ("acknowledge: no PagerDuty email for …"); null once one goes through */
  actionError: string | null;
  createdAt: string;
  sentAt: string | null;
  /**
   * The room the page was asked from: a page the NOC asked for in the staff-only internal room is shown, streamed and
   * listed only to staff, like the line that asked for it. Absent: the customer's room.
   */
  room?: 'customer' | 'internal';
}
