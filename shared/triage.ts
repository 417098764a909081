/**
 * Triage sessions on the wire (REST `/api/v1/customers/{slug}/triage…`, the room's `.triage`, the console): a
 * session takes a customer's top unclassified event families and records, one at a time, whether each is actionable
 * (escalation notes, optionally an auto-page), noise (a suppression transform) or skipped. docs/NOISE.md.
 */
import { z } from 'zod';
import { PAGE_PRIORITIES } from './commands/catalog.ts';

/** How many families a session takes. */
export const TRIAGE_FAMILIES = 10;

export const TRIAGE_DECISIONS = ['actionable', 'noise', 'skip'] as const;

const notes = z.string().max(65_536).default('');

/** What a person decides for one family of the session. */
export const TriageDecisionSchema = z.discriminatedUnion('decision', [
  z
    .object({
      decision: z.literal('actionable'),
      tierNotes: notes,
      deviceNotes: notes,
      /** page this target at this priority when an alert of the family opens */
      autoPage: z
        .object({ target: z.string().trim().min(1).max(255), priority: z.enum(PAGE_PRIORITIES).default('normal') })
        .strict()
        .optional(),
    })
    .strict()
    .refine((input) => input.tierNotes.trim() !== '' || input.deviceNotes.trim() !== '', {
      message: 'actionable needs the escalation notes: tierNotes, deviceNotes or both',
      path: ['tierNotes'],
    }),
  z
    .object({
      decision: z.literal('noise'),
      /** suppress the family on these devices only (exact names); absent: on every device */
      devices: z.array(z.string().trim().min(1).max(1024)).min(1).max(1000).optional(),
    })
    .strict(),
  z.object({ decision: z.literal('skip') }).strict(),
]);
export type TriageDecision = z.infer<typeof TriageDecisionSchema>;

export const TriageStartSchema = z.object({ since: z.string().max(32).optional() }).strict();

export const TriageItemSchema = z.object({
  position: z.number().int(),
  family: z.string(),
  label: z.string(),
  /** the family's figures when the session took it */
  occurrences: z.number(),
  share: z.number(),
  decision: z.enum(TRIAGE_DECISIONS).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  tierNotes: z.string().nullable(),
  deviceNotes: z.string().nullable(),
  devices: z.array(z.string()).nullable(),
  /**
   * The devices the family came from over the session's period when it took the family, most events first (at most
   * 50), cleared ones included: what "noise on these devices" offers. Absent from older COSS answers.
   */
  seenDevices: z.array(z.string()).optional(),
  noteRuleId: z.number().int().nullable(),
  transformId: z.number().int().nullable(),
  autoPageTransformId: z.number().int().nullable(),
});
export type TriageItem = z.infer<typeof TriageItemSchema>;

export const TriageSessionSchema = z.object({
  id: z.number().int(),
  customer: z.string(),
  startedBy: z.string(),
  startedAt: z.string(),
  since: z.string(),
  endedBy: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** the summary posted into the customer's room at the end */
  summary: z.string().nullable(),
  participants: z.array(z.string()),
  items: z.array(TriageItemSchema),
});
export type TriageSession = z.infer<typeof TriageSessionSchema>;

/** What a noise decision would have matched over the last days (a preview before deciding). */
export const TriagePreviewSchema = z.object({
  family: z.string(),
  devices: z.array(z.string()).nullable(),
  days: z.number().int(),
  alerts: z.number().int(),
  occurrences: z.number(),
  /**
   * false when the preview stopped before reading every alert of the days (the counts are then at least these);
   * COSS always sends it
   */
  complete: z.boolean().optional(),
});
export type TriagePreview = z.infer<typeof TriagePreviewSchema>;
