/**
 * The transform editor's draft: which of the alert's fields the transform matches on, and what it does. Started from
 * an alert ("make a transform from this": its family, device, component, event class and summary, the family ticked
 * and suppress chosen), and turned into COSS's input with only the ticked fields and actions.
 */
import type { AlertView, HostArgs } from '../../../shared/host/contract.ts';
import { familyOf } from '../../../shared/noise-family.ts';
import type { TransformAction } from '../../../shared/transforms.ts';

/** A transform as the host takes it to save. */
export type TransformRequest = HostArgs<'transforms.create'>['transform'];

export const MATCH_FIELDS = ['family', 'device', 'component', 'eventClass', 'summary'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

export const MATCH_LABELS: Readonly<Record<MatchField, string>> = {
  family: 'Family',
  device: 'Device (glob)',
  component: 'Component (glob)',
  eventClass: 'Event class (path or glob)',
  summary: 'Summary (regular expression)',
};

export type RaiseSeverity = 'debug' | 'info' | 'warning' | 'error' | 'critical';
export type Priority = 'normal' | 'urgent' | 'emergency';

export interface TransformDraft {
  name: string;
  match: Record<MatchField, { on: boolean; value: string }>;
  suppress: boolean;
  setSeverity: { on: boolean; severity: RaiseSeverity };
  notes: { on: boolean; tier: string };
  autoPage: { on: boolean; target: string; priority: Priority };
  postCard: boolean;
}

/** The summary as a regular expression that matches it literally (the RE2 subset's metacharacters escaped). */
export function literalPattern(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, (character) => `\\${character}`);
}

export function draftFromAlert(alert: AlertView): TransformDraft {
  // COSS keeps the family as a stored column and does not send it: the shared rule gives the same key.
  const family = alert.family ?? familyOf(alert);
  return {
    name: `${alert.device} ${alert.component}: ${alert.summary}`.slice(0, 120),
    match: {
      family: { on: family !== '', value: family },
      device: { on: family === '', value: alert.device },
      component: { on: family === '', value: alert.component },
      eventClass: { on: false, value: alert.eventClass },
      summary: { on: false, value: literalPattern(alert.summary) },
    },
    suppress: true,
    setSeverity: { on: false, severity: 'warning' },
    notes: { on: false, tier: '' },
    autoPage: { on: false, target: '', priority: 'normal' },
    postCard: false,
  };
}

/** COSS's input for the draft: the ticked fields that have a value, the ticked actions. */
export function draftInput(draft: TransformDraft, why: string): TransformRequest {
  const match: Partial<Record<MatchField, string>> = {};
  for (const field of MATCH_FIELDS) {
    const { on, value } = draft.match[field];
    if (on && value.trim() !== '') match[field] = value.trim();
  }
  const actions: TransformAction[] = [];
  if (draft.suppress) actions.push({ type: 'suppress' });
  if (draft.setSeverity.on) actions.push({ type: 'set-severity', severity: draft.setSeverity.severity });
  if (draft.notes.on) actions.push({ type: 'attach-notes', tierNotes: draft.notes.tier, deviceNotes: '' });
  if (draft.autoPage.on && draft.autoPage.target !== '')
    actions.push({ type: 'auto-page', target: draft.autoPage.target, priority: draft.autoPage.priority });
  if (draft.postCard) actions.push({ type: 'post-card' });
  return { name: draft.name.trim(), position: 100, enabled: true, match, actions, why };
}

/** Why the draft cannot be saved as it is, or null. */
export function draftProblem(draft: TransformDraft): string | null {
  const input = draftInput(draft, '');
  if (input.name === '') return 'Give it a name.';
  if (Object.keys(input.match).length === 0) return 'Tick at least one field to match on.';
  if (input.actions.length === 0) return 'Tick at least one action.';
  if (draft.notes.on && draft.notes.tier.trim() === '') return 'Write the notes to attach, or untick it.';
  if (draft.autoPage.on && draft.autoPage.target === '') return 'Choose whom to page, or untick auto-page.';
  return null;
}
