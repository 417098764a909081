/** PagerDuty Events API v2: the body of one event (trigger, acknowledge or resolve), from PagerDuty's OpenAPI. */
import { z } from 'zod';

export const EventsV2BodySchema = z.object({
  routing_key: z.string(),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().max(255),
  payload: z
    .object({
      summary: z.string().max(1024),
      source: z.string(),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.string().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  links: z.array(z.object({ href: z.string(), text: z.string() })).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
});
export type EventsV2Body = z.infer<typeof EventsV2BodySchema>;
