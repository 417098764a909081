/**
 * Writes a batch of prepared events into alerts with set-based SQL: one upsert and one resolve statement per
 * segment, whatever the batch size. This is what makes group commit pay off.
 */
import type { Alert, AlertNotes, NormalizedEvent } from '../../shared/alert.ts';
import type { MaintenanceMark } from '../../shared/maintenance.ts';
import type { Sql } from '../db/database.ts';
import type { NewEvent } from '../events/log.ts';
import { alertColumns, toAlert, type AlertRow } from '../alerts/row.ts';
import { MAX_INT4 } from '../db/storable.ts';

/** An event that passed the ingest pipeline, bound to its customer, with its escalation notes. */
export interface PreparedEvent extends NormalizedEvent {
  customerId: number;
  customerSlug: string;
  notes: AlertNotes;
  /** the maintenance mark the pipeline decided (server/maintenance/marks.ts); null or absent when none */
  maintenance?: MaintenanceMark | null;
  /** a transform asked for the alert's card in the room when it opens (server/ingest/effects.ts) */
  postCard?: boolean;
  /** the first transform that suppressed the event (server/transforms/ingest-stage.ts); null or absent when none */
  suppressedBy?: number | null;
  /** a transform's auto-page: the target paged once when the alert opens (server/transforms/auto-page-effect.ts) */
  autoPage?: { transformId: number; target: string; priority: 'normal' | 'urgent' | 'emergency' };
  /** notes transforms attach, appended after the note rules' by the transform-notes stage */
  transformNotes?: { tier: string[]; device: string[] };
}

/** What happened to one prepared event. */
export interface IngestOutcome {
  fingerprint: string;
  /** the alert's event number; null for a clear that matched no open alert */
  number: number | null;
  result: 'created' | 'updated' | 'resolved' | 'no-match';
}

/**
 * Splits the batch where order matters: a clear after a raise of the same clear key (or the reverse) must see it,
 * so they go to consecutive segments. The usual batch is one segment.
 */
export function segmentBatch(items: readonly PreparedEvent[]): PreparedEvent[][] {
  const segments: PreparedEvent[][] = [];
  let current: PreparedEvent[] = [];
  let raised = new Set<string>();
  let cleared = new Set<string>();
  for (const item of items) {
    const key = `${item.customerId}\u0000${item.clearKey}`;
    const conflict = item.isClear ? raised.has(key) : cleared.has(key);
    if (conflict) {
      segments.push(current);
      current = [];
      raised = new Set();
      cleared = new Set();
    }
    current.push(item);
    (item.isClear ? cleared : raised).add(key);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

interface MergedRaise {
  item: PreparedEvent;
  /** where the fingerprint first appears in the segment: alerts that open are numbered in this order */
  order: number;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

/** Folds repeats of one fingerprint inside a segment: one statement may not touch a row twice. */
function mergeRaises(items: readonly PreparedEvent[]): Map<string, MergedRaise> {
  const merged = new Map<string, MergedRaise>();
  for (const item of items) {
    if (item.isClear) continue;
    const key = `${item.customerId}\u0000${item.fingerprint}`;
    const previous = merged.get(key);
    if (!previous) {
      merged.set(key, {
        item,
        order: merged.size,
        count: item.count,
        firstSeen: item.firstSeen,
        lastSeen: item.lastSeen,
      });
      continue;
    }
    // A Zenoss event re-sent under the same evid carries its running count; others are one occurrence each.
    const sameZenossEvent =
      item.source === 'zenoss' && item.externalId !== null && item.externalId === previous.item.externalId;
    merged.set(key, {
      item,
      order: previous.order,
      // Counts saturate at the column's maximum rather than fail the batch.
      count: sameZenossEvent ? Math.max(previous.count, item.count) : Math.min(MAX_INT4, previous.count + item.count),
      firstSeen: item.firstSeen < previous.firstSeen ? item.firstSeen : previous.firstSeen,
      lastSeen: item.lastSeen > previous.lastSeen ? item.lastSeen : previous.lastSeen,
    });
  }
  return merged;
}

const UPSERT_SQL = `
WITH input AS (
  SELECT x.*, row_number() OVER () AS ordinal FROM jsonb_to_recordset($1::jsonb) AS x(
    customer_id bigint, source text, fingerprint text, clear_key text, device text, ip text, component text,
    event_class text, event_key text, severity text, summary text, message text, count integer,
    first_seen timestamptz, last_seen timestamptz, device_groups jsonb, systems jsonb, location text, labels jsonb,
    annotations jsonb, external_id text, generator_url text, tier_notes text, device_notes text, note_rule_ids jsonb,
    status text, acknowledged_by text, suppressed boolean, maintenance jsonb, prod_state integer, body_order integer,
    suppressed_by bigint)
), acknowledged_now AS (
  -- Open alerts this batch acknowledges (the source says so, e.g. Zenoss's eventState): their event is
  -- alert.acknowledged, by the source's owner, not alert.updated.
  SELECT e.id FROM input JOIN alerts e ON e.customer_id = input.customer_id
    AND e.fingerprint_digest = sha256(decode(replace(input.fingerprint, '\\', '\\\\'), 'escape'))
  WHERE input.status = 'acknowledged' AND e.status = 'open'
), numbered AS (
  -- A number only for an alert that opens: a repeat becomes an update below and must not use one up (a column
  -- default would be drawn for every proposed row). Numbers are drawn in body order (the sorted subquery is not
  -- flattened, so nextval runs row by row in its order) while rows are inserted, and locked, in key order below.
  SELECT ordinal, nextval('alert_number_seq') AS number FROM (
    SELECT ordinal FROM input WHERE NOT EXISTS (SELECT 1 FROM alerts e WHERE e.customer_id = input.customer_id
      AND e.status <> 'resolved' AND e.fingerprint_digest = sha256(decode(replace(input.fingerprint, '\\', '\\\\'), 'escape')))
    ORDER BY body_order
  ) AS fresh
)
INSERT INTO alerts AS a (number, customer_id, source, fingerprint, clear_key, device, ip, component, event_class,
  event_key, severity, summary, message, count, first_seen, last_seen, device_groups, systems, location, labels,
  annotations, external_id, generator_url, tier_notes, device_notes, note_rule_ids, status, acknowledged_by,
  suppressed, maintenance, prod_state, suppressed_by)
SELECT
  -- A repeat proposes a placeholder below zero, which the update never stores; if the active alert was resolved
  -- between the check above and the insert, the row is inserted with it and storeBatch numbers it before the
  -- transaction ends.
  coalesce(numbered.number, -input.ordinal),
  customer_id, source, fingerprint, clear_key, device, ip, component, event_class, event_key, severity, summary,
  message, count, first_seen, last_seen, device_groups, systems, location, labels, annotations, external_id,
  generator_url, tier_notes, device_notes, note_rule_ids, status, acknowledged_by, suppressed, maintenance, prod_state,
  suppressed_by
FROM input LEFT JOIN numbered USING (ordinal)
ORDER BY input.ordinal
ON CONFLICT (customer_id, fingerprint_digest) WHERE status <> 'resolved' DO UPDATE SET
  count = CASE WHEN EXCLUDED.source = 'zenoss' AND EXCLUDED.external_id IS NOT NULL
               AND EXCLUDED.external_id = a.external_id
          THEN greatest(a.count, EXCLUDED.count) ELSE least(a.count::bigint + EXCLUDED.count, 2147483647)::integer END,
  first_seen = least(a.first_seen, EXCLUDED.first_seen),
  last_seen = greatest(a.last_seen, EXCLUDED.last_seen),
  summary = EXCLUDED.summary,
  message = EXCLUDED.message,
  ip = coalesce(EXCLUDED.ip, a.ip),
  device_groups = EXCLUDED.device_groups,
  systems = EXCLUDED.systems,
  location = coalesce(EXCLUDED.location, a.location),
  annotations = EXCLUDED.annotations,
  external_id = coalesce(EXCLUDED.external_id, a.external_id),
  generator_url = coalesce(EXCLUDED.generator_url, a.generator_url),
  status = CASE WHEN a.status = 'open' AND EXCLUDED.status = 'acknowledged' THEN 'acknowledged' ELSE a.status END,
  acknowledged_by = CASE WHEN a.status = 'open' AND EXCLUDED.status = 'acknowledged'
                    THEN EXCLUDED.acknowledged_by ELSE a.acknowledged_by END,
  suppressed = EXCLUDED.suppressed,
  maintenance = EXCLUDED.maintenance,
  prod_state = EXCLUDED.prod_state,
  suppressed_by = EXCLUDED.suppressed_by,
  updated_at = now()
RETURNING ${alertColumns('a')}, (xmax = 0) AS inserted, a.id IN (SELECT id FROM acknowledged_now) AS acknowledged_now`;

// Finds the alerts by the digest (indexed, see migration 004, whose expression this repeats) and checks the key
// itself, so that equal digests alone never resolve anything.
export const RESOLVE_SQL = `
WITH input AS (
  SELECT x.*, sha256(decode(replace(x.clear_key, '\\', '\\\\'), 'escape')) AS clear_key_digest
  FROM jsonb_to_recordset($1::jsonb) AS x(customer_id bigint, clear_key text, fingerprint text, last_seen timestamptz)
)
UPDATE alerts AS a SET status = 'resolved', resolved_at = now(), updated_at = now(),
  last_seen = greatest(a.last_seen, input.last_seen)
FROM input
WHERE a.customer_id = input.customer_id AND a.clear_key_digest = input.clear_key_digest
  AND a.clear_key = input.clear_key AND a.status <> 'resolved'
  AND (input.fingerprint IS NULL OR a.fingerprint = input.fingerprint)
RETURNING ${alertColumns('a')}`;

// Numbers rows the upsert inserted with a repeat's placeholder (see UPSERT_SQL): a race with a resolve elsewhere.
const NUMBER_SQL = `UPDATE alerts AS a SET number = nextval('alert_number_seq') WHERE id = ANY($1::bigint[])
RETURNING ${alertColumns('a')}, true AS inserted`;

/** An alert this batch opened (not a repeat of an active one), with the prepared event that opened it. */
export interface OpenedAlert {
  item: PreparedEvent;
  alert: Alert;
}

/**
 * Applies the batch in `tx`; returns one outcome per item (in order), the events to append, and the alerts it opened
 * (for the ingest effects that act once per alert: server/ingest/effects.ts).
 */
export async function storeBatch(
  tx: Sql,
  items: readonly PreparedEvent[],
): Promise<{ outcomes: IngestOutcome[]; events: NewEvent[]; opened: OpenedAlert[] }> {
  const outcomes: IngestOutcome[] = [];
  const events: NewEvent[] = [];
  const opened: OpenedAlert[] = [];
  const slugs = new Map(items.map((item) => [item.customerId, item.customerSlug]));
  const slugOf = (customerId: number) => slugs.get(Number(customerId)) ?? '';

  for (const segment of segmentBatch(items)) {
    const merged = mergeRaises(segment);
    // Sorted so that concurrent batches on several nodes lock rows in one order and cannot deadlock.
    const raises = [...merged.values()].sort(
      (x, y) => x.item.customerId - y.item.customerId || (x.item.fingerprint < y.item.fingerprint ? -1 : 1),
    );
    const byFingerprint = new Map<string, AlertRow & { inserted: boolean }>();
    if (raises.length > 0) {
      const records = raises.map(({ item, order, count, firstSeen, lastSeen }) => ({
        customer_id: item.customerId,
        source: item.source,
        fingerprint: item.fingerprint,
        clear_key: item.clearKey,
        device: item.device,
        ip: item.ip,
        component: item.component,
        event_class: item.eventClass,
        event_key: item.eventKey,
        severity: item.severity,
        summary: item.summary,
        message: item.message,
        count,
        first_seen: firstSeen.toISOString(),
        last_seen: lastSeen.toISOString(),
        device_groups: item.deviceGroups,
        systems: item.systems,
        location: item.location,
        labels: item.labels,
        annotations: item.annotations,
        external_id: item.externalId,
        generator_url: item.generatorUrl,
        tier_notes: item.notes.tier,
        device_notes: item.notes.device,
        note_rule_ids: item.notes.ruleIds,
        status: item.arrival?.acknowledgedBy ? 'acknowledged' : 'open',
        acknowledged_by: item.arrival?.acknowledgedBy ?? null,
        suppressed: item.arrival?.suppressed ?? false,
        maintenance: item.maintenance ?? null,
        prod_state: item.prodState ?? null,
        suppressed_by: item.suppressedBy ?? null,
        body_order: order,
      }));
      type UpsertedRow = AlertRow & { inserted: boolean; acknowledged_now?: boolean };
      let rows = (await tx.query<UpsertedRow>(UPSERT_SQL, [JSON.stringify(records)], { prepare: true })).rows;
      const placeholders = rows.filter((row) => row.inserted && Number(row.number) < 0).map((row) => Number(row.id));
      if (placeholders.length > 0) {
        const numbered = new Map(
          (await tx.query<AlertRow & { inserted: boolean }>(NUMBER_SQL, [placeholders])).rows.map((row) => [
            Number(row.id),
            row,
          ]),
        );
        rows = rows.map((row) => numbered.get(Number(row.id)) ?? row);
      }
      for (const row of rows) {
        byFingerprint.set(`${row.customer_id}\u0000${row.fingerprint}`, row);
        const alert = toAlert(row, slugOf(row.customer_id));
        if (row.inserted) {
          const raise = merged.get(`${row.customer_id}\u0000${row.fingerprint}`);
          if (raise) opened.push({ item: raise.item, alert });
        }
        const acknowledged = !row.inserted && row.acknowledged_now === true;
        events.push({
          customerId: Number(row.customer_id),
          type: row.inserted ? 'alert.created' : acknowledged ? 'alert.acknowledged' : 'alert.updated',
          alertId: Number(row.id),
          actor: acknowledged ? row.acknowledged_by : null,
          payload: alert,
        });
      }
    }

    const clears = new Map<
      string,
      { customer_id: number; clear_key: string; fingerprint: string | null; last_seen: string }
    >();
    for (const item of segment) {
      if (item.isClear) {
        const only = item.clearsOwnAlertOnly === true ? item.fingerprint : null;
        clears.set(`${item.customerId}\u0000${item.clearKey}\u0000${only ?? ''}`, {
          customer_id: item.customerId,
          clear_key: item.clearKey,
          fingerprint: only,
          last_seen: item.lastSeen.toISOString(),
        });
      }
    }
    const resolvedByClearKey = new Map<string, AlertRow[]>();
    if (clears.size > 0) {
      // A row that a key's clear and a closed event of its own both match is updated, and returned, once.
      const rows = (await tx.query<AlertRow>(RESOLVE_SQL, [JSON.stringify([...clears.values()])], { prepare: true }))
        .rows;
      for (const row of rows) {
        const key = `${row.customer_id}\u0000${row.clear_key}`;
        resolvedByClearKey.set(key, [...(resolvedByClearKey.get(key) ?? []), row]);
        events.push({
          customerId: Number(row.customer_id),
          type: 'alert.resolved',
          alertId: Number(row.id),
          actor: null,
          payload: toAlert(row, slugOf(row.customer_id)),
        });
      }
    }

    for (const item of segment) {
      if (item.isClear) {
        const resolved = (resolvedByClearKey.get(`${item.customerId}\u0000${item.clearKey}`) ?? []).filter(
          (row) => item.clearsOwnAlertOnly !== true || row.fingerprint === item.fingerprint,
        );
        outcomes.push({
          fingerprint: item.fingerprint,
          number: resolved[0] ? Number(resolved[0].number) : null,
          result: resolved.length > 0 ? 'resolved' : 'no-match',
        });
      } else {
        const row = byFingerprint.get(`${item.customerId}\u0000${item.fingerprint}`);
        outcomes.push({
          fingerprint: item.fingerprint,
          number: row ? Number(row.number) : null,
          result: row?.inserted ? 'created' : 'updated',
        });
      }
    }
  }
  return { outcomes, events, opened };
}
