/** Time per person on one alert, as COSS answers `GET /api/v1/alerts/{n}/time` (Harvest time, docs/ARCHITECTURE.md). */
import { z } from 'zod';

export const PersonTimeSchema = z.object({
  /** the COSS user's display name */
  person: z.string(),
  /** whole minutes */
  minutes: z.number(),
  /** hours to two decimals, as Harvest shows them */
  hours: z.number(),
  /** a timer of theirs is running now */
  running: z.boolean(),
  entries: z.number(),
});

export const AlertTimeSchema = z.object({
  number: z.number().int(),
  /** whether this COSS sends time to Harvest at all */
  harvest: z.boolean(),
  /** most time first */
  people: z.array(PersonTimeSchema),
});
export type AlertTime = z.infer<typeof AlertTimeSchema>;
