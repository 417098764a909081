/**
 * A transform's dry run: what it would have matched and changed among the alerts of the last N days, per action, with
 * sample event numbers, before anyone saves it. It runs the same compiled matcher and applier as ingest
 * (shared/transforms.ts) over the alerts as stored, so re-sending those events after saving does what the preview
 * said (test/integration/transforms-preview.test.ts holds the two equal). It reads the stored alert, which earlier
 * transforms may already have rewritten: the preview is of this transform on what operators see.
 */
import {
  applyTransforms,
  runnableTransforms,
  TRANSFORM_ACTION_TYPES,
  validateTransformMatch,
  type TransformAction,
  type TransformInput,
} from '../../shared/transforms.ts';
import type { Severity } from '../../shared/alert.ts';
import { UNPAGED_PROD_STATES } from '../../shared/prod-state.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { TransformScope } from './transform-changes.ts';
import { transformSubject } from './ingest-stage.ts';

/** Alerts read per query: the scan pages through the period by id. */
const PAGE = 5000;
/** The most alerts one preview reads; past it the answer says it stopped (`scanned`, `complete: false`). */
const MAX_SCANNED = 500_000;
const SAMPLES = 10;

interface PreviewRow {
  id: number;
  number: number;
  source: string;
  device: string;
  component: string;
  event_class: string;
  summary: string;
  severity: Severity;
  labels: Record<string, string>;
  prod_state: number | null;
  count: number;
  suppressed_by: number | null;
  suppressed: boolean;
  maintenance: unknown;
  page_test_devices: boolean;
  /** last_seen as PostgreSQL writes it, to the microsecond, for the next page's cursor */
  cursor_at: string;
}

export interface PreviewCount {
  alerts: number;
  occurrences: number;
  /** the newest matching event numbers, at most ten */
  samples: number[];
}

export interface TransformPreview {
  days: number;
  since: string;
  /** alerts of the period looked at, and whether that was all of them */
  scanned: number;
  complete: boolean;
  matched: PreviewCount;
  /** per action type the transform has: the alerts it would change (a severity already so is no change) */
  changes: Partial<Record<TransformAction['type'], PreviewCount>>;
}

/** A device in Zenoss's Test or Decommissioned state, which its customer does not page (the auto-page effect's rule). */
const unpaged = (row: PreviewRow) =>
  row.prod_state !== null && UNPAGED_PROD_STATES.includes(Number(row.prod_state)) && !row.page_test_devices;

const emptyCount = (): PreviewCount => ({ alerts: 0, occurrences: 0, samples: [] });

function add(count: PreviewCount, row: PreviewRow): void {
  count.alerts += 1;
  count.occurrences += Number(row.count);
  if (count.samples.length < SAMPLES) count.samples.push(Number(row.number));
}

/** Runs `input` over the scope's alerts last seen in the past `days` days (every customer's for a global one). */
export async function previewTransform(
  db: Sql,
  scope: TransformScope,
  input: Pick<TransformInput, 'match' | 'actions'>,
  days: number,
  now: Date,
  pageSize = PAGE,
): Promise<TransformPreview> {
  const issue = validateTransformMatch(input.match);
  if (issue) throw new DomainError('invalid', `${issue.field}: ${issue.message}`, issue.field);
  const [runnable] = runnableTransforms([{ id: 0, enabled: true, match: input.match, actions: input.actions }]);
  if (!runnable) throw new DomainError('invalid', 'match: this match cannot run', 'match');
  const since = new Date(now.getTime() - days * 86_400_000);
  const preview: TransformPreview = {
    days,
    since: since.toISOString(),
    scanned: 0,
    complete: true,
    matched: emptyCount(),
    changes: {},
  };
  for (const type of TRANSFORM_ACTION_TYPES) {
    if (input.actions.some((action) => action.type === type)) preview.changes[type] = emptyCount();
  }
  // Newest first (the customer's index on last_seen), so the samples are the events an operator remembers.
  let before: { at: string; id: number } | null = null;
  for (;;) {
    const rows: PreviewRow[] = (
      await db.query<PreviewRow>(
        `SELECT a.id, a.number, a.source, a.device, a.component, a.event_class, a.summary, a.severity, a.labels,
                a.prod_state, a.count, a.suppressed_by, a.suppressed, a.maintenance, c.page_test_devices,
                a.last_seen::text AS cursor_at
         FROM alerts a JOIN customers c ON c.id = a.customer_id
         WHERE ($1::bigint IS NULL OR a.customer_id = $1::bigint) AND a.last_seen >= $2
           AND ($3::timestamptz IS NULL OR (a.last_seen, a.id) < ($3::timestamptz, $4::bigint))
         ORDER BY a.last_seen DESC, a.id DESC LIMIT $5`,
        [scope?.id ?? null, since.toISOString(), before?.at ?? null, before?.id ?? null, pageSize],
      )
    ).rows;
    for (const row of rows) {
      const subject = transformSubject({
        source: row.source,
        device: row.device,
        component: row.component,
        eventClass: row.event_class,
        summary: row.summary,
        severity: row.severity,
        labels: row.labels,
        prodState: row.prod_state === null ? null : Number(row.prod_state),
      });
      const outcome = applyTransforms([runnable], subject);
      const applied = outcome.applied[0];
      if (!applied) continue;
      add(preview.matched, row);
      const quiet = row.suppressed || row.suppressed_by !== null || outcome.suppressedBy !== null;
      for (const type of applied.changed) {
        // A suppressed alert is already out of the queue; pages and cards are never made for a quiet one.
        if (type === 'suppress' && row.suppressed_by !== null) continue;
        if ((type === 'auto-page' || type === 'post-card') && quiet) continue;
        if (type === 'auto-page' && (row.maintenance !== null || unpaged(row))) continue;
        const count = preview.changes[type];
        if (count) add(count, row);
      }
    }
    preview.scanned += rows.length;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) break;
    if (preview.scanned >= MAX_SCANNED) {
      preview.complete = false;
      break;
    }
    before = { at: last.cursor_at, id: Number(last.id) };
  }
  return preview;
}
