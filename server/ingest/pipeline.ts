/**
 * The ingest rule pipeline: stages that transform, annotate or drop each event between parsing and the store.
 * By default: transforms (server/transforms/ingest-stage.ts), escalation notes, the notes transforms attach, and
 * maintenance marks (server/maintenance/ingest-stage.ts); IngestService lists them.
 */
import { composeNotes, type NoteRule } from '../../shared/notes.ts';
import type { NormalizedEvent } from '../../shared/alert.ts';
import type { PreparedEvent } from './store.ts';
import type { ActiveWindow } from '../maintenance/window-rows.ts';
import type { RunnableTransform } from '../../shared/transforms.ts';

/** What a stage may consult: loaded once per request for the request's customer. */
export interface StageContext {
  rules: readonly NoteRule[];
  /** the customer's maintenance windows in force now */
  windows: readonly ActiveWindow[];
  /** the global then the customer's transforms, in order (server/transforms/ingest-stage.ts); none when absent */
  transforms?: readonly RunnableTransform[];
  now: Date;
}

/** One step of the pipeline; returning null drops the event (it is still answered, as `dropped`). */
export interface IngestStage {
  readonly name: string;
  apply(event: PreparedEvent, context: StageContext): PreparedEvent | null;
}

/** Attaches the tier and device notes of every matching rule; clears carry none. */
export const notesStage: IngestStage = {
  name: 'escalation-notes',
  apply(event, context) {
    if (event.isClear) return event;
    return { ...event, notes: composeNotes(context.rules, event) };
  },
};

/** Binds events to their customer and runs them through `stages` in order. */
export function runPipeline(
  stages: readonly IngestStage[],
  customer: { id: number; slug: string },
  events: readonly NormalizedEvent[],
  context: StageContext,
): Array<PreparedEvent | null> {
  return events.map((event) => {
    let current: PreparedEvent | null = {
      ...event,
      customerId: customer.id,
      customerSlug: customer.slug,
      notes: { tier: '', device: '', ruleIds: [] },
    };
    for (const stage of stages) {
      if (current === null) break;
      current = stage.apply(current, context);
    }
    return current;
  });
}
