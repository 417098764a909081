/**
 * Escalation notes as a versioned per-customer bundle: the customer's note rules plus the notes that travel with
 * its alerts (and operators' comments on them). Cached on disk, so lookup and full-text search work offline.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { composeNotes, type NoteRule, type NoteSubject } from '../../shared/notes.ts';
import { searchNoteTexts } from '../../shared/notes-search.ts';
import type { Alert } from '../../shared/alert.ts';
import type { NotesHitSchema } from '../../shared/host/contract.ts';
import { NoteRuleRecordSchema, type NoteRuleRecord } from './coss-client.ts';

/** Bump when the bundle's shape changes; older bundles on disk are then rebuilt from COSS. */
export const NOTES_BUNDLE_FORMAT = 1;

const BundleEntrySchema = z.object({
  alertNumber: z.number().int(),
  title: z.string(),
  text: z.string(),
});

export const NotesBundleSchema = z.object({
  format: z.literal(NOTES_BUNDLE_FORMAT),
  customer: z.string(),
  /** content hash of the rules: changes exactly when the runbook changes */
  revision: z.string(),
  builtAt: z.string(),
  rules: z.array(NoteRuleRecordSchema),
  /** notes and comments of this customer's alerts, newest last, bounded */
  alertNotes: z.array(BundleEntrySchema),
});
export type NotesBundle = z.infer<typeof NotesBundleSchema>;
export type NotesHit = z.infer<typeof NotesHitSchema>;

const MAX_ALERT_ENTRIES = 2000;

/** A bundle from freshly fetched rules, keeping the alert notes already collected. */
export function buildNotesBundle(
  customer: string,
  rules: readonly NoteRuleRecord[],
  builtAt: string,
  previous?: NotesBundle,
): NotesBundle {
  const sorted = [...rules].sort((a, b) => a.position - b.position || a.id - b.id);
  const revision = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return {
    format: NOTES_BUNDLE_FORMAT,
    customer,
    revision,
    builtAt,
    rules: sorted,
    alertNotes: previous?.customer === customer ? previous.alertNotes : [],
  };
}

/** An empty bundle for a customer seen before its rules were fetched. */
export function emptyNotesBundle(customer: string): NotesBundle {
  return {
    format: NOTES_BUNDLE_FORMAT,
    customer,
    revision: 'none',
    builtAt: new Date(0).toISOString(),
    rules: [],
    alertNotes: [],
  };
}

/** Adds an alert's escalation notes (once per alert) to the bundle. */
export function withAlertNotes(bundle: NotesBundle, alert: Alert): NotesBundle {
  const text = [alert.notes.tier, alert.notes.device].filter((part) => part.trim() !== '').join('\n\n');
  if (text === '') return bundle;
  const title = `#${alert.number} ${alert.device} ${alert.component}: ${alert.summary}`;
  if (bundle.alertNotes.some((entry) => entry.alertNumber === alert.number && entry.text === text)) return bundle;
  return {
    ...bundle,
    alertNotes: [...bundle.alertNotes, { alertNumber: alert.number, title, text }].slice(-MAX_ALERT_ENTRIES),
  };
}

/** Adds an operator's comment on an alert to the bundle. */
export function withComment(bundle: NotesBundle, alert: Alert, comment: { author: string; body: string }): NotesBundle {
  const entry = { alertNumber: alert.number, title: `#${alert.number} note by ${comment.author}`, text: comment.body };
  return { ...bundle, alertNotes: [...bundle.alertNotes, entry].slice(-MAX_ALERT_ENTRIES) };
}

/** The notes the bundle's rules give an alert-like subject, as COSS would compose them: works offline. */
export function lookupNotes(
  bundle: NotesBundle,
  subject: NoteSubject,
): { tier: string; device: string; ruleIds: number[] } {
  const rules: NoteRule[] = bundle.rules.map((rule) => ({ ...rule, customer: bundle.customer }));
  return composeNotes(rules, subject);
}

/** Full-text search over the bundle's rules and alert notes (shared/notes-search.ts): works offline. */
export function searchNotes(bundle: NotesBundle, query: string, limit = 50): NotesHit[] {
  return searchNoteTexts(bundle.rules, bundle.alertNotes, query, limit);
}
