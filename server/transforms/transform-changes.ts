/**
 * Making, changing, disabling and removing transforms, for REST, the CLI and triage sessions alike. Each change runs
 * in the caller's transaction, bumps the transform's version, keeps the whole definition with who, when and why in
 * transform_versions, and returns the events to append last: `transform.changed` (which every node's ingest cache
 * listens for) and, for a customer's transform, the bot's line in the customer's room. Refusals are DomainErrors
 * naming the field (`match.summary`, `actions[0].target`, …).
 */
import {
  TransformInputSchema,
  validateTransformMatch,
  type Transform,
  type TransformInput,
  type TransformPatch,
  type TransformVersion,
} from '../../shared/transforms.ts';
import type { Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import type { NewEvent } from '../events/log.ts';
import { findTarget, targetForRoom } from '../paging/targets.ts';
import { botLine, insertRoomMessage } from '../rooms/messages.ts';
import { describeTransform } from './transform-words.ts';

/** The customer a transform belongs to; null for a global one. */
export type TransformScope = { id: number; slug: string } | null;

export interface TransformChange {
  transform: Transform;
  events: NewEvent[];
}

type ChangeKind = TransformVersion['kind'];

interface TransformRow {
  id: number;
  customer_id: number | null;
  slug: string | null;
  position: number;
  enabled: boolean;
  name: string;
  match: Transform['match'];
  actions: Transform['actions'];
  version: number;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

const SELECT = `SELECT t.*, c.slug FROM transforms t LEFT JOIN customers c ON c.id = t.customer_id`;
const iso = (value: Date | string) => new Date(value).toISOString();

/** The wire form of a row. */
export function toTransform(row: TransformRow): Transform {
  return {
    id: Number(row.id),
    customer: row.slug,
    name: row.name,
    position: Number(row.position),
    enabled: row.enabled,
    match: row.match,
    actions: row.actions,
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

const scopeWhere = `(($1::bigint IS NULL AND t.customer_id IS NULL) OR t.customer_id = $1::bigint)`;

/** The live transforms of a scope in the order they run (position, then id). */
export async function listTransforms(db: Sql, scope: TransformScope): Promise<Transform[]> {
  const rows = await db.query<TransformRow>(
    `${SELECT} WHERE ${scopeWhere} AND t.removed_at IS NULL ORDER BY t.position, t.id`,
    [scope?.id ?? null],
  );
  return rows.rows.map(toTransform);
}

/** One live transform of the scope, locked when `forUpdate`; a transform of another scope is not found. */
async function transformRow(db: Sql, scope: TransformScope, id: number, forUpdate: boolean): Promise<TransformRow> {
  const row = (
    await db.query<TransformRow>(
      `${SELECT} WHERE ${scopeWhere} AND t.id = $2 AND t.removed_at IS NULL${forUpdate ? ' FOR UPDATE OF t' : ''}`,
      [scope?.id ?? null, id],
    )
  ).rows[0];
  if (!row) throw new DomainError('not_found', `no transform #${id}${scope ? ` for ${scope.slug}` : ' (global)'}`);
  return row;
}

/** One live transform of the scope. */
export async function getTransform(db: Sql, scope: TransformScope, id: number): Promise<Transform> {
  return toTransform(await transformRow(db, scope, id, false));
}

/** Every version of a transform of the scope (removed ones too), oldest first. */
export async function transformVersions(db: Sql, scope: TransformScope, id: number): Promise<TransformVersion[]> {
  const rows = (
    await db.query<{
      version: number;
      kind: ChangeKind;
      definition: Pick<Transform, 'name' | 'position' | 'enabled' | 'match' | 'actions'>;
      changed_by: string;
      changed_at: Date | string;
      why: string;
    }>(
      `SELECT v.* FROM transform_versions v JOIN transforms t ON t.id = v.transform_id
       WHERE ${scopeWhere} AND t.id = $2 ORDER BY v.version`,
      [scope?.id ?? null, id],
    )
  ).rows;
  if (rows.length === 0) {
    throw new DomainError('not_found', `no transform #${id}${scope ? ` for ${scope.slug}` : ' (global)'}`);
  }
  return rows.map((row) => ({
    version: Number(row.version),
    kind: row.kind,
    ...row.definition,
    by: row.changed_by,
    at: iso(row.changed_at),
    why: row.why,
  }));
}

/** Checks what zod cannot: the patterns compile, and an auto-page target exists for the scope. */
async function checkDefinition(
  tx: Sql,
  scope: TransformScope,
  definition: Pick<TransformInput, 'match' | 'actions'>,
): Promise<void> {
  const issue = validateTransformMatch(definition.match);
  if (issue) throw new DomainError('invalid', `${issue.field}: ${issue.message}`, issue.field);
  for (const [index, action] of definition.actions.entries()) {
    if (action.type !== 'auto-page') continue;
    const field = `actions[${index}].target`;
    const target = scope ? await targetForRoom(tx, action.target, scope.id) : await findTarget(tx, action.target);
    if (!target) {
      throw new DomainError(
        'invalid',
        `${field}: there is no paging target ${action.target}${scope ? ` usable in ${scope.slug}'s room` : ''}`,
        field,
      );
    }
    if (!scope && target.customerId !== null) {
      throw new DomainError(
        'invalid',
        `${field}: ${action.target} is one customer's queue; a global transform can page only the NOC's targets`,
        field,
      );
    }
  }
}

/** Parses again what a caller hands in, so triage and the CLI are held to the REST rules. */
function parsed(input: TransformInput): TransformInput {
  const result = TransformInputSchema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first?.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('') ?? '';
  const name = field.replace(/^\./, '');
  throw new DomainError('invalid', `${name || 'body'}: ${first?.message ?? 'invalid transform'}`, name || undefined);
}

async function recordVersion(tx: Sql, row: TransformRow, kind: ChangeKind, actor: string, why: string): Promise<void> {
  await tx.query(
    `INSERT INTO transform_versions (transform_id, version, kind, definition, changed_by, changed_at, why)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      row.id,
      row.version,
      kind,
      JSON.stringify({
        name: row.name,
        position: Number(row.position),
        enabled: row.enabled,
        match: row.match,
        actions: row.actions,
      }),
      actor,
      iso(row.updated_at),
      why,
    ],
  );
}

const VERB: Record<ChangeKind, string> = {
  created: 'made',
  changed: 'changed',
  disabled: 'disabled',
  enabled: 'enabled',
  removed: 'removed',
};

/** The change's events: transform.changed, and the room line for a customer's transform. */
async function changeEvents(
  tx: Sql,
  scope: TransformScope,
  transform: Transform,
  kind: ChangeKind,
  actor: string,
  why: string,
): Promise<NewEvent[]> {
  const events: NewEvent[] = [
    {
      customerId: scope?.id ?? null,
      type: 'transform.changed',
      alertId: null,
      actor,
      payload: { kind, why, transform },
    },
  ];
  if (scope) {
    const body =
      `${actor} ${VERB[kind]} transform #${transform.id} "${transform.name}"` +
      (kind === 'removed' || kind === 'disabled' ? '' : ` (${describeTransform(transform)})`) +
      (why === '' ? '.' : `: ${why}`);
    const line = await insertRoomMessage(tx, botLine(scope, body));
    events.push(line.event);
  }
  return events;
}

/** Makes a transform. `actor.name` is the person's display name; `why` is kept with the version and said. */
export async function createTransform(
  tx: Sql,
  scope: TransformScope,
  input: TransformInput,
  actor: { name: string },
  why: string,
): Promise<TransformChange> {
  const definition = parsed(input);
  await checkDefinition(tx, scope, definition);
  const row = (
    await tx.query<TransformRow>(
      `INSERT INTO transforms (customer_id, position, enabled, name, match, actions, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *, NULL::text AS slug`,
      [
        scope?.id ?? null,
        definition.position,
        definition.enabled,
        definition.name,
        JSON.stringify(definition.match),
        JSON.stringify(definition.actions),
        actor.name,
      ],
    )
  ).rows[0] as TransformRow;
  row.slug = scope?.slug ?? null;
  const reason = why.trim();
  await recordVersion(tx, row, 'created', actor.name, reason);
  const transform = toTransform(row);
  return { transform, events: await changeEvents(tx, scope, transform, 'created', actor.name, reason) };
}

async function writeChange(
  tx: Sql,
  scope: TransformScope,
  before: TransformRow,
  next: Pick<TransformRow, 'name' | 'position' | 'enabled' | 'match' | 'actions'>,
  kind: ChangeKind,
  actor: string,
  why: string,
): Promise<TransformChange> {
  const row = (
    await tx.query<TransformRow>(
      `UPDATE transforms SET name = $2, position = $3, enabled = $4, match = $5, actions = $6, version = version + 1,
         updated_by = $7, updated_at = now(), removed_at = CASE WHEN $8::boolean THEN now() ELSE removed_at END
       WHERE id = $1 RETURNING *, NULL::text AS slug`,
      [
        before.id,
        next.name,
        next.position,
        next.enabled,
        JSON.stringify(next.match),
        JSON.stringify(next.actions),
        actor,
        kind === 'removed',
      ],
    )
  ).rows[0] as TransformRow;
  row.slug = before.slug;
  const reason = why.trim();
  await recordVersion(tx, row, kind, actor, reason);
  const transform = toTransform(row);
  return { transform, events: await changeEvents(tx, scope, transform, kind, actor, reason) };
}

/** Changes a transform's fields (a whole match or action list replaces the old one). */
export async function updateTransform(
  tx: Sql,
  scope: TransformScope,
  id: number,
  patch: TransformPatch,
  actor: { name: string },
  why: string,
): Promise<TransformChange> {
  const before = await transformRow(tx, scope, id, true);
  const next = parsed({
    name: patch.name ?? before.name,
    position: patch.position ?? Number(before.position),
    enabled: patch.enabled ?? before.enabled,
    match: patch.match ?? before.match,
    actions: patch.actions ?? before.actions,
  });
  await checkDefinition(tx, scope, next);
  const onlyEnabled =
    patch.enabled !== undefined &&
    patch.enabled !== before.enabled &&
    patch.name === undefined &&
    patch.position === undefined &&
    patch.match === undefined &&
    patch.actions === undefined;
  const kind: ChangeKind = onlyEnabled ? (patch.enabled ? 'enabled' : 'disabled') : 'changed';
  return writeChange(tx, scope, before, next, kind, actor.name, why);
}

/** Turns a transform off (or on again); a transform already so is refused as a conflict. */
export async function setTransformEnabled(
  tx: Sql,
  scope: TransformScope,
  id: number,
  enabled: boolean,
  actor: { name: string },
  why: string,
): Promise<TransformChange> {
  const before = await transformRow(tx, scope, id, true);
  if (before.enabled === enabled) {
    throw new DomainError('conflict', `transform #${id} is already ${enabled ? 'enabled' : 'disabled'}`);
  }
  if (enabled) await checkDefinition(tx, scope, before);
  return writeChange(tx, scope, before, { ...before, enabled }, enabled ? 'enabled' : 'disabled', actor.name, why);
}

/** Removes a transform: it stops running; its row and versions stay for the alerts and the audit that name it. */
export async function removeTransform(
  tx: Sql,
  scope: TransformScope,
  id: number,
  actor: { name: string },
  why: string,
): Promise<TransformChange> {
  const before = await transformRow(tx, scope, id, true);
  return writeChange(tx, scope, before, before, 'removed', actor.name, why);
}
