/**
 * The ingest pipeline's transform stages. `transformStage` runs first, before escalation notes, so that a rewritten
 * event class is what note rules and maintenance windows see; `transformNotesStage` runs after the notes stage and
 * appends what attach-notes actions add after the rules' notes. Clears pass untouched: their fingerprint and clear key
 * are never changed (no stage here touches either), so a clear still resolves what it resolved before.
 */
import { applyTransforms, type TransformSubject } from '../../shared/transforms.ts';
import type { IngestStage } from '../ingest/pipeline.ts';
import type { PreparedEvent } from '../ingest/store.ts';

/** The fields of an event (or a stored alert) transforms see. */
export function transformSubject(event: Omit<TransformSubject, 'prodState'> & { prodState?: number | null }) {
  return {
    source: event.source,
    device: event.device,
    component: event.component,
    eventClass: event.eventClass,
    summary: event.summary,
    severity: event.severity,
    labels: event.labels,
    prodState: event.prodState ?? null,
  };
}

export const transformStage: IngestStage = {
  name: 'transforms',
  apply(event, context) {
    const transforms = context.transforms ?? [];
    if (event.isClear || transforms.length === 0) return event;
    const outcome = applyTransforms(transforms, transformSubject(event));
    if (outcome.applied.length === 0) return event;
    const { subject } = outcome;
    const next: PreparedEvent = {
      ...event,
      severity: subject.severity,
      summary: subject.summary,
      eventClass: subject.eventClass,
      suppressedBy: outcome.suppressedBy,
    };
    if (outcome.postCard) next.postCard = true;
    if (outcome.autoPage) next.autoPage = outcome.autoPage;
    if (outcome.notes.tier.length > 0 || outcome.notes.device.length > 0) next.transformNotes = outcome.notes;
    return next;
  },
};

const join = (parts: readonly string[]) => parts.filter((part) => part.trim() !== '').join('\n\n');

export const transformNotesStage: IngestStage = {
  name: 'transform-notes',
  apply(event) {
    const added = event.transformNotes;
    if (event.isClear || added === undefined) return event;
    return {
      ...event,
      notes: {
        ...event.notes,
        tier: join([event.notes.tier, ...added.tier]),
        device: join([event.notes.device, ...added.device]),
      },
    };
  },
};
