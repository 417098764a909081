/**
 * Deciding one family of a triage session: actionable writes a note rule matching the family (and optionally an
 * auto-page transform), noise a suppression transform for it (on some devices or all), skip nothing; each but skip
 * records the family's classification. Runs in the caller's transaction; the caller appends the events and commits.
 */
import type { TriageDecision, TriageItem, TriagePreview } from '../../shared/triage.ts';
import type { TransformInput } from '../../shared/transforms.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';
import { createRule } from '../notes/rules-repo.ts';
import { createTransform } from '../transforms/transform-changes.ts';
import { previewTransform } from '../transforms/preview.ts';
import { recordClassification } from './classifications.ts';
import { addParticipant, getSession, triageEvent } from './triage-sessions.ts';

/** How far back the noise preview looks. */
export const PREVIEW_DAYS = 7;

export interface DecisionOutcome {
  events: NewEvent[];
  /** a note rule was made: the caller drops the customer's cached rules after commit */
  rulesChanged: boolean;
}

interface LockedItem {
  family: string;
  label: string;
  decision: TriageItem['decision'];
}

/** The open session's item at `position`, locked; not_found or conflict (ended, already decided) otherwise. */
async function lockItem(tx: Sql, customerId: number, sessionId: number, position: number): Promise<LockedItem> {
  const session = (
    await tx.query<{ ended_at: Date | null }>(
      `SELECT ended_at FROM triage_sessions WHERE customer_id = $1 AND id = $2 FOR UPDATE`,
      [customerId, sessionId],
    )
  ).rows[0];
  if (!session) throw new DomainError('not_found', `no triage session ${sessionId}`, 'id');
  if (session.ended_at !== null) throw new DomainError('conflict', `triage session #${sessionId} has ended`);
  const item = (
    await tx.query<LockedItem>(
      `SELECT family, label, decision FROM triage_items WHERE session_id = $1 AND position = $2 FOR UPDATE`,
      [sessionId, position],
    )
  ).rows[0];
  if (!item) throw new DomainError('not_found', `triage session #${sessionId} has no family ${position}`, 'position');
  if (item.decision !== null) {
    throw new DomainError(
      'conflict',
      `family ${position} of triage session #${sessionId} is already decided (${item.decision})`,
    );
  }
  return item;
}

/** The suppression a noise decision makes: the family, on the devices given or all of them. */
function suppression(
  family: string,
  label: string,
  devices: readonly string[] | undefined,
  sessionId: number,
): TransformInput {
  return {
    name: `Triage #${sessionId}: noise: ${label}`.slice(0, 200),
    position: 100,
    enabled: true,
    match: devices === undefined ? { family } : { family, devices: [...devices] },
    actions: [{ type: 'suppress' }],
  };
}

/** createTransform for an auto-page, its refusal naming the field as this API does (autoPage.target). */
async function autoPageTransform(...args: Parameters<typeof createTransform>) {
  try {
    return await createTransform(...args);
  } catch (error) {
    if (error instanceof DomainError && error.field?.startsWith('actions[')) {
      throw new DomainError(
        error.code,
        error.message.replace(/^actions\[\d+\]\.target/, 'autoPage.target'),
        'autoPage.target',
      );
    }
    throw error;
  }
}

/** Records `decision` for the item at `position` of an open session of the customer. */
export async function decideItem(
  tx: Sql,
  customer: { id: number; slug: string },
  sessionId: number,
  position: number,
  decision: TriageDecision,
  actor: string,
): Promise<DecisionOutcome> {
  const item = await lockItem(tx, customer.id, sessionId, position);
  const events: NewEvent[] = [];
  const why = `triage session #${sessionId}: ${item.label} is ${decision.decision}`;
  let noteRuleId: number | null = null;
  let transformId: number | null = null;
  let autoPageTransformId: number | null = null;
  if (decision.decision === 'actionable') {
    const rule = await createRule(tx, customer.id, {
      name: `Triage #${sessionId}: ${item.label}`.slice(0, 200),
      position: 100,
      enabled: true,
      match: { family: item.family },
      tierNotes: decision.tierNotes,
      deviceNotes: decision.deviceNotes,
    });
    noteRuleId = rule.id;
    // The same event the note-rule routes append: every node's ingest reloads the customer's rules.
    events.push({
      customerId: customer.id,
      type: 'notes.rules-changed',
      alertId: null,
      actor,
      payload: { ruleId: rule.id, change: 'created' },
    });
    if (decision.autoPage) {
      const change = await autoPageTransform(
        tx,
        customer,
        {
          name: `Triage #${sessionId}: page ${decision.autoPage.target}: ${item.label}`.slice(0, 200),
          position: 100,
          enabled: true,
          match: { family: item.family },
          actions: [{ type: 'auto-page', target: decision.autoPage.target, priority: decision.autoPage.priority }],
        },
        { name: actor },
        why,
      );
      autoPageTransformId = change.transform.id;
      events.push(...change.events);
    }
  } else if (decision.decision === 'noise') {
    const change = await createTransform(
      tx,
      customer,
      suppression(item.family, item.label, decision.devices, sessionId),
      { name: actor },
      why,
    );
    transformId = change.transform.id;
    events.push(...change.events);
  }
  await tx.query(
    `UPDATE triage_items SET decision = $3, decided_by = $4, decided_at = now(), tier_notes = $5, device_notes = $6,
       devices = $7, note_rule_id = $8, transform_id = $9, auto_page_transform_id = $10
     WHERE session_id = $1 AND position = $2`,
    [
      sessionId,
      position,
      decision.decision,
      actor,
      decision.decision === 'actionable' ? decision.tierNotes : null,
      decision.decision === 'actionable' ? decision.deviceNotes : null,
      decision.decision === 'noise' && decision.devices ? JSON.stringify(decision.devices) : null,
      noteRuleId,
      transformId,
      autoPageTransformId,
    ],
  );
  if (decision.decision !== 'skip') {
    await recordClassification(tx, {
      customerId: customer.id,
      family: item.family,
      classification: decision.decision,
      by: actor,
      sessionId,
      noteRuleId,
      transformId: transformId ?? autoPageTransformId,
    });
  }
  await addParticipant(tx, sessionId, actor);
  events.push(triageEvent(customer.id, actor, 'decided', await getSession(tx, customer, sessionId)));
  return { events, rulesChanged: noteRuleId !== null };
}

/**
 * What the noise decision for the item would have matched over the last PREVIEW_DAYS days: the transforms'
 * own preview of the very transform deciding would make, so the preview equals the effect.
 */
export async function previewNoise(
  db: Sql,
  customer: { id: number; slug: string },
  sessionId: number,
  position: number,
  devices: readonly string[] | undefined,
  now: Date,
): Promise<TriagePreview> {
  const item = (
    await db.query<{ family: string; label: string }>(
      `SELECT i.family, i.label FROM triage_items i JOIN triage_sessions s ON s.id = i.session_id
        WHERE s.customer_id = $1 AND i.session_id = $2 AND i.position = $3`,
      [customer.id, sessionId, position],
    )
  ).rows[0];
  if (!item) throw new DomainError('not_found', `triage session #${sessionId} has no family ${position}`, 'position');
  const preview = await previewTransform(
    db,
    customer,
    suppression(item.family, item.label, devices, sessionId),
    PREVIEW_DAYS,
    now,
  );
  return {
    family: item.family,
    devices: devices === undefined ? null : [...devices],
    days: PREVIEW_DAYS,
    alerts: preview.matched.alerts,
    occurrences: preview.matched.occurrences,
    complete: preview.complete,
  };
}
