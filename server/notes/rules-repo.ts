/** Escalation-note rules in the database, and a per-customer cache the ingest pipeline reads. */
import type { NoteRule, NoteRuleInput } from '../../shared/notes.ts';
import type { Sql } from '../db/database.ts';

interface RuleRow {
  id: number;
  slug: string;
  name: string;
  position: number;
  enabled: boolean;
  device_glob: string | null;
  device_group: string | null;
  system: string | null;
  component: string | null;
  event_class: string | null;
  family: string | null;
  tier_notes: string;
  device_notes: string;
  updated_at: Date | string;
}

const SELECT_RULES = `SELECT r.*, c.slug FROM note_rules r JOIN customers c ON c.id = r.customer_id`;

function toRule(row: RuleRow): NoteRule {
  return {
    id: Number(row.id),
    customer: row.slug,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    match: {
      deviceGlob: row.device_glob,
      deviceGroup: row.device_group,
      system: row.system,
      component: row.component,
      eventClass: row.event_class,
      family: row.family,
    },
    tierNotes: row.tier_notes,
    deviceNotes: row.device_notes,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const ruleParams = (rule: NoteRuleInput) => [
  rule.name,
  rule.position,
  rule.enabled,
  rule.match.deviceGlob ?? null,
  rule.match.deviceGroup ?? null,
  rule.match.system ?? null,
  rule.match.component ?? null,
  rule.match.eventClass ?? null,
  rule.tierNotes,
  rule.deviceNotes,
  rule.match.family ?? null,
];

/** A customer's rules in evaluation order. */
export async function listRules(db: Sql, customerId: number): Promise<NoteRule[]> {
  const result = await db.query<RuleRow>(`${SELECT_RULES} WHERE r.customer_id = $1 ORDER BY r.position, r.id`, [
    customerId,
  ]);
  return result.rows.map(toRule);
}

/** One rule of a customer, or null (a rule of another customer is not found either). */
export async function getRule(db: Sql, customerId: number, id: number): Promise<NoteRule | null> {
  const result = await db.query<RuleRow>(`${SELECT_RULES} WHERE r.customer_id = $1 AND r.id = $2`, [customerId, id]);
  const row = result.rows[0];
  return row ? toRule(row) : null;
}

/** Creates a rule and returns it. */
export async function createRule(db: Sql, customerId: number, rule: NoteRuleInput): Promise<NoteRule> {
  const result = await db.query<{ id: number }>(
    `INSERT INTO note_rules (name, position, enabled, device_glob, device_group, system, component, event_class,
       tier_notes, device_notes, family, customer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [...ruleParams(rule), customerId],
  );
  return (await getRule(db, customerId, Number(result.rows[0]?.id))) as NoteRule;
}

/** Replaces a rule; null when the customer has no such rule. */
export async function replaceRule(
  db: Sql,
  customerId: number,
  id: number,
  rule: NoteRuleInput,
): Promise<NoteRule | null> {
  const result = await db.query(
    `UPDATE note_rules SET name = $1, position = $2, enabled = $3, device_glob = $4, device_group = $5, system = $6,
       component = $7, event_class = $8, tier_notes = $9, device_notes = $10, family = $11, updated_at = now()
     WHERE customer_id = $12 AND id = $13`,
    [...ruleParams(rule), customerId, id],
  );
  return result.rowCount === 0 ? null : getRule(db, customerId, id);
}

/** Deletes a rule; false when the customer has no such rule. */
export async function deleteRule(db: Sql, customerId: number, id: number): Promise<boolean> {
  const result = await db.query('DELETE FROM note_rules WHERE customer_id = $1 AND id = $2', [customerId, id]);
  return result.rowCount > 0;
}

/**
 * Rules per customer for the ingest hot path. Entries expire after `ttlMs`; a change on any node also invalidates
 * through the event log (`notes.rules-changed`), so the TTL only bounds staleness if that event is missed.
 */
export class NoteRulesCache {
  private entries = new Map<number, { rules: NoteRule[]; expires: number }>();

  constructor(
    private readonly db: Sql,
    private readonly ttlMs = 30_000,
  ) {}

  /** The customer's rules, loaded at most once per TTL. */
  async get(customerId: number): Promise<NoteRule[]> {
    const hit = this.entries.get(customerId);
    if (hit && hit.expires > Date.now()) return hit.rules;
    const rules = await listRules(this.db, customerId);
    this.entries.set(customerId, { rules, expires: Date.now() + this.ttlMs });
    return rules;
  }

  /** Drops the cached rules of one customer. */
  invalidate(customerId: number): void {
    this.entries.delete(customerId);
  }
}
