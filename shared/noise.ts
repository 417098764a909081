/**
 * The noise report and its trend on the wire (REST `GET /api/v1/customers/{slug}/noise`, `…/noise/trend`, the
 * console's noise view): event families (shared/noise-family.ts) ranked by how much of a customer's volume they are.
 */
import { z } from 'zod';
import { AlertNotesSchema } from './alert.ts';

export const CLASSIFICATIONS = ['unclassified', 'actionable', 'noise'] as const;
export const ClassificationSchema = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof ClassificationSchema>;

/** One family over the report's period. */
export const NoiseFamilySchema = z.object({
  /** the key (alerts.family) */
  family: z.string(),
  /** the key in words: "/Net/Link · eth0 · web#.acme.com", "HighLoad (job node)" */
  label: z.string(),
  /** occurrences: the alerts' counts summed (repeats included) */
  occurrences: z.number().int(),
  /** occurrences / the customer's occurrences in the period, 0..1 */
  share: z.number(),
  /** alerts: open/clear cycles */
  alerts: z.number().int(),
  devices: z.number().int(),
  /** alerts a person acknowledged, paged, or wrote a note on */
  acknowledged: z.number().int(),
  paged: z.number().int(),
  noted: z.number().int(),
  /** alerts resolved by a clear with nobody having acknowledged, paged or noted them */
  clearedUntouched: z.number().int(),
  /** median time from first seen to resolved, over the family's resolved alerts; null when none resolved */
  medianOpenSeconds: z.number().nullable(),
  /** open/clear cycles per hour of the period */
  flapsPerHour: z.number(),
  /** the escalation notes its newest alert carries today */
  notes: AlertNotesSchema,
  classification: ClassificationSchema,
  /** a newest alert of the family, for "make a transform from this" and the detail */
  latestNumber: z.number().int(),
});
export type NoiseFamily = z.infer<typeof NoiseFamilySchema>;

export const NoiseReportSchema = z.object({
  customer: z.string(),
  since: z.string(),
  until: z.string(),
  occurrences: z.number().int(),
  families: z.array(NoiseFamilySchema),
});
export type NoiseReport = z.infer<typeof NoiseReportSchema>;

/** One ISO week (Monday 00:00 UTC) of a customer's trend. */
export const NoiseTrendWeekSchema = z.object({
  weekStart: z.string(),
  occurrences: z.number().int(),
  /** shares of the week's occurrences, 0..1 */
  actionableShare: z.number(),
  suppressedShare: z.number(),
});
export const NoiseTrendSchema = z.object({
  customer: z.string(),
  weeks: z.array(NoiseTrendWeekSchema),
});
export type NoiseTrend = z.infer<typeof NoiseTrendSchema>;
