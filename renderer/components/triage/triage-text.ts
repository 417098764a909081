/** A triage session in words: where it stands, and what became of each family. */
import type { TriageItem, TriageSession } from '../../../shared/triage.ts';

/** The family the session is on: the first one nobody decided yet, by position. */
export function currentItem(session: TriageSession): TriageItem | null {
  return session.items.find((item) => item.decision === null) ?? null;
}

/** "3 of 10 decided: 1 actionable, 1 noise, 1 skipped". */
export function progress(session: TriageSession): string {
  const count = (decision: TriageItem['decision']) => session.items.filter((item) => item.decision === decision).length;
  const decided = session.items.length - count(null);
  return (
    `${decided} of ${session.items.length} decided: ${count('actionable')} actionable, ${count('noise')} noise, ` +
    `${count('skip')} skipped`
  );
}

/** What was decided for one family, in a short line. */
export function outcome(item: TriageItem): string {
  switch (item.decision) {
    case null:
      return 'not decided';
    case 'skip':
      return `skipped by ${item.decidedBy ?? 'someone'}`;
    case 'noise':
      return (
        `noise (${item.devices === null ? 'every device' : `on ${item.devices.join(', ')}`})` +
        `${item.transformId !== null ? `: transform #${item.transformId}` : ''}, by ${item.decidedBy ?? 'someone'}`
      );
    case 'actionable':
      return (
        `actionable${item.noteRuleId !== null ? `: note rule #${item.noteRuleId}` : ''}` +
        `${item.autoPageTransformId !== null ? `, auto-page transform #${item.autoPageTransformId}` : ''}, by ` +
        `${item.decidedBy ?? 'someone'}`
      );
  }
}
