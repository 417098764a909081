/** The ingest pipeline's maintenance stage: each raised event gets the mark its customer's active windows give it. */
import type { IngestStage } from '../ingest/pipeline.ts';
import { markFor } from './marks.ts';

export const maintenanceStage: IngestStage = {
  name: 'maintenance',
  apply(event, context) {
    if (event.isClear) return event;
    return { ...event, maintenance: markFor(event, event.prodState ?? null, context.windows) };
  },
};
