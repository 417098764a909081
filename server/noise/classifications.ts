/** What each event family of a customer was decided to be (family_classifications); no row is unclassified. */
import type { Sql } from '../db/database.ts';

export interface ClassificationRecord {
  customerId: number;
  family: string;
  classification: 'actionable' | 'noise';
  by: string;
  sessionId: number | null;
  noteRuleId: number | null;
  transformId: number | null;
}

/** Records a family's classification; the newest decision replaces an older one. */
export async function recordClassification(tx: Sql, record: ClassificationRecord): Promise<void> {
  await tx.query(
    `INSERT INTO family_classifications
       (customer_id, family, classification, classified_by, classified_at, session_id, note_rule_id, transform_id)
     VALUES ($1, $2, $3, $4, now(), $5, $6, $7)
     ON CONFLICT (customer_id, family) DO UPDATE SET classification = excluded.classification,
       classified_by = excluded.classified_by, classified_at = excluded.classified_at,
       session_id = excluded.session_id, note_rule_id = excluded.note_rule_id, transform_id = excluded.transform_id`,
    [
      record.customerId,
      record.family,
      record.classification,
      record.by,
      record.sessionId,
      record.noteRuleId,
      record.transformId,
    ],
  );
}
