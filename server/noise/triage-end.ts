/**
 * Ending a triage session: who took part is recorded, and its summary (what was classified, by whom, the notes
 * written, the transforms made) is posted into the customer's room and kept with the session.
 */
import type { RoomMessage } from '../../shared/room.ts';
import type { TriageItem, TriageSession } from '../../shared/triage.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { addParticipant, getSession, percent, sessionParticipants, triageEvent } from './triage-sessions.ts';

const NOTE_QUOTE = 160;

/** A note as the summary quotes it: one line, cut at NOTE_QUOTE characters. */
function quote(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return `"${line.length > NOTE_QUOTE ? `${line.slice(0, NOTE_QUOTE - 1)}…` : line}"`;
}

function itemLine(item: TriageItem): string {
  const head = `${item.position}. ${item.label} (${percent(item.share)})`;
  const by = item.decidedBy ?? '';
  if (item.decision === 'actionable') {
    const notes = [
      item.tierNotes?.trim() ? `tier notes ${quote(item.tierNotes)}` : null,
      item.deviceNotes?.trim() ? `device notes ${quote(item.deviceNotes)}` : null,
    ].filter((part) => part !== null);
    const made = [
      item.noteRuleId === null ? null : `note rule #${item.noteRuleId}`,
      item.autoPageTransformId === null ? null : `auto-page transform #${item.autoPageTransformId}`,
    ].filter((part) => part !== null);
    return `${head}: actionable, by ${by}; ${notes.join(', ')}; ${made.join(', ')}`;
  }
  if (item.decision === 'noise') {
    const where = item.devices === null ? 'on every device' : `on ${item.devices.join(', ')}`;
    return `${head}: noise, by ${by}; suppressed ${where} by transform #${item.transformId ?? '?'}`;
  }
  if (item.decision === 'skip') return `${head}: skipped by ${by}`;
  return `${head}: not reached`;
}

/** The summary posted at the end: a head line, then one line per family of the session. */
export function summaryText(session: TriageSession, endedBy: string, participants: readonly string[]): string {
  const count = (decision: TriageItem['decision']) => session.items.filter((item) => item.decision === decision).length;
  const head =
    `Triage session #${session.id} ended by ${endedBy}: ${count('actionable')} actionable, ${count('noise')} noise, ` +
    `${count('skip')} skipped, ${count(null)} not reached of ${session.items.length}. ` +
    `Took part: ${participants.join(', ')}.`;
  return [head, ...session.items.map(itemLine)].join('\n');
}

/** Ends the customer's open session `sessionId` in `tx`; the caller appends the events and commits. */
export async function endSession(
  tx: Sql,
  customer: { id: number; slug: string },
  sessionId: number,
  actor: string,
  replyTo: number | null = null,
): Promise<{ session: TriageSession; events: NewEvent[]; line: RoomMessage }> {
  const row = (
    await tx.query<{ ended_at: Date | null }>(
      `SELECT ended_at FROM triage_sessions WHERE customer_id = $1 AND id = $2 FOR UPDATE`,
      [customer.id, sessionId],
    )
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no triage session ${sessionId}`, 'id');
  if (row.ended_at !== null) throw new DomainError('conflict', `triage session #${sessionId} has already ended`);
  await addParticipant(tx, sessionId, actor);
  // Everyone who wrote in the rooms while it was open joins the record before it closes.
  const participants = await sessionParticipants(tx, customer.id, sessionId);
  for (const name of participants) await addParticipant(tx, sessionId, name);
  const summary = summaryText(await getSession(tx, customer, sessionId), actor, participants);
  const line = await insertRoomMessage(tx, botLine(customer, summary, { replyTo }));
  await tx.query(
    `UPDATE triage_sessions SET ended_at = now(), ended_by = $3, summary = $4, summary_message_id = $5
     WHERE customer_id = $1 AND id = $2`,
    [customer.id, sessionId, actor, summary, line.message.id],
  );
  const session = await getSession(tx, customer, sessionId);
  return { session, events: [line.event, triageEvent(customer.id, actor, 'ended', session)], line: line.message };
}
