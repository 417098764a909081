/**
 * `coss admin transform add|list|show|disable|enable|remove|preview`: the same transform changes REST makes
 * (server/transforms/transform-changes.ts), with their versions, room lines and stream events, so a console and every
 * node's ingest see a transform made from the command line at once. `--customer SLUG` or `--global` says whose; the
 * match and actions are JSON, as REST takes them (docs/TRANSFORMS.md).
 */
import type { z } from 'zod';
import { TransformInputSchema, TransformPreviewInputSchema } from '../../shared/transforms.ts';
import { findCustomer } from '../admin/directory.ts';
import type { Database, Sql } from '../db/database.ts';
import { DomainError } from '../domain-error.ts';
import { appendEvents } from '../events/log.ts';
import { previewTransform } from '../transforms/preview.ts';
import {
  createTransform,
  getTransform,
  listTransforms,
  removeTransform,
  setTransformEnabled,
  transformVersions,
  type TransformChange,
  type TransformScope,
} from '../transforms/transform-changes.ts';
import { describeTransform } from '../transforms/transform-words.ts';

export interface TransformFlags {
  customer?: string | undefined;
  global?: boolean | undefined;
  id?: string | undefined;
  name?: string | undefined;
  position?: string | undefined;
  disabled?: boolean | undefined;
  match?: string | undefined;
  actions?: string | undefined;
  why?: string | undefined;
  days?: string | undefined;
  by?: string | undefined;
}

type Print = (value: unknown, text: string) => void;

/** Whose transforms: exactly one of --customer and --global. */
async function scopeOf(db: Database, flags: TransformFlags): Promise<TransformScope> {
  if (flags.global === true && flags.customer !== undefined) {
    throw new DomainError('invalid', 'give --customer SLUG or --global, not both');
  }
  if (flags.global === true) return null;
  if (!flags.customer) throw new DomainError('invalid', '--customer SLUG (or --global) is required');
  const customer = await findCustomer(db, flags.customer);
  if (!customer) throw new DomainError('not_found', `no customer ${flags.customer}`);
  return { id: customer.id, slug: customer.slug };
}

function json(flag: 'match' | 'actions', text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError(
      'invalid',
      flag === 'match'
        ? `--match is not JSON: write it like '{"device":"lab*","eventClass":"/Status/Ping"}'`
        : `--actions is not JSON: write it like '[{"type":"suppress"}]'`,
    );
  }
}

function idOf(flags: TransformFlags): number {
  const id = Number(flags.id);
  if (!Number.isInteger(id) || id <= 0)
    throw new DomainError('invalid', '--id must be a transform id (transform list shows them)');
  return id;
}

/** A field the schema or the domain names, as the flag to retype (`match.summary` → `--match (summary)`). */
function flagError(field: string, message: string): DomainError {
  const [head, ...rest] = field.split(/[.[]/);
  const flag = head === 'match' || head === 'actions' ? `--${head}` : `--${head ?? ''}`;
  const inside = rest.length > 0 ? ` (${field})` : '';
  return new DomainError('invalid', `${flag}${inside}: ${message}`, field);
}

function parseOrFlagError<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = (issue?.path ?? [])
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  throw flagError(field, issue?.message ?? 'invalid');
}

async function commit(db: Database, work: (tx: Sql) => Promise<TransformChange>) {
  return db
    .transaction(async (tx) => {
      const change = await work(tx);
      await appendEvents(tx, change.events);
      return change.transform;
    })
    .catch((error: unknown) => {
      // The domain names the REST field ("match.summary: …"); the operator typed a flag.
      if (!(error instanceof DomainError) || error.field === undefined) throw error;
      throw flagError(error.field, error.message.replace(`${error.field}: `, ''));
    });
}

const whose = (scope: TransformScope) => (scope ? scope.slug : 'global');

/** `transform <verb>`; throws DomainError for the CLI to print. */
export async function runTransformAdmin(db: Database, verb: string | undefined, flags: TransformFlags, print: Print) {
  const actor = { name: flags.by ?? 'coss admin' };
  const why = flags.why ?? '';
  switch (verb) {
    case 'add': {
      const scope = await scopeOf(db, flags);
      const input = parseOrFlagError(TransformInputSchema, {
        name: flags.name,
        position: flags.position === undefined ? undefined : Number(flags.position),
        enabled: flags.disabled !== true,
        match: json('match', flags.match),
        actions: json('actions', flags.actions),
      });
      const transform = await commit(db, (tx) => createTransform(tx, scope, input, actor, why));
      print(transform, `transform #${transform.id} for ${whose(scope)} made (${describeTransform(transform)})`);
      return;
    }
    case 'list': {
      const scope = await scopeOf(db, flags);
      const transforms = await listTransforms(db, scope);
      print(
        transforms,
        transforms
          .map(
            (t) =>
              `#${t.id}\t${t.position}\t${t.enabled ? 'enabled' : 'disabled'}\tv${t.version}\t${t.name}\t${describeTransform(t)}`,
          )
          .join('\n'),
      );
      return;
    }
    case 'show': {
      const scope = await scopeOf(db, flags);
      const id = idOf(flags);
      const transform = await getTransform(db, scope, id);
      const versions = await transformVersions(db, scope, id);
      print(
        { transform, versions },
        [
          `#${transform.id} ${transform.name} (${whose(scope)}, position ${transform.position}, ${transform.enabled ? 'enabled' : 'disabled'})`,
          `  ${describeTransform(transform)}`,
          `  match ${JSON.stringify(transform.match)}`,
          `  actions ${JSON.stringify(transform.actions)}`,
          ...versions.map((v) => `  v${v.version} ${v.kind} by ${v.by} at ${v.at}${v.why === '' ? '' : `: ${v.why}`}`),
        ].join('\n'),
      );
      return;
    }
    case 'disable':
    case 'enable': {
      const scope = await scopeOf(db, flags);
      const id = idOf(flags);
      const transform = await commit(db, (tx) => setTransformEnabled(tx, scope, id, verb === 'enable', actor, why));
      print(transform, `transform #${transform.id} for ${whose(scope)} ${verb}d`);
      return;
    }
    case 'remove': {
      const scope = await scopeOf(db, flags);
      const id = idOf(flags);
      const transform = await commit(db, (tx) => removeTransform(tx, scope, id, actor, why));
      print(transform, `transform #${transform.id} for ${whose(scope)} removed`);
      return;
    }
    case 'preview': {
      const scope = await scopeOf(db, flags);
      const input = parseOrFlagError(TransformPreviewInputSchema, {
        match: json('match', flags.match),
        actions: json('actions', flags.actions),
        days: flags.days === undefined ? undefined : Number(flags.days),
      });
      const preview = await previewTransform(db, scope, input, input.days, new Date()).catch((error: unknown) => {
        if (!(error instanceof DomainError) || error.field === undefined) throw error;
        throw flagError(error.field, error.message.replace(`${error.field}: `, ''));
      });
      const lines = [
        `over the last ${preview.days} days (${preview.scanned} alerts${preview.complete ? '' : ', stopped early'}): matches ${preview.matched.alerts} alerts, ${preview.matched.occurrences} occurrences (e.g. ${preview.matched.samples.join(', ') || 'none'})`,
        ...Object.entries(preview.changes).map(
          ([type, count]) =>
            `  ${type}: ${count.alerts} alerts, ${count.occurrences} occurrences (e.g. ${count.samples.join(', ') || 'none'})`,
        ),
      ];
      print(preview, lines.join('\n'));
      return;
    }
    default:
      throw new DomainError(
        'invalid',
        `unknown transform command "${verb ?? ''}": use add, list, show, disable, enable, remove or preview`,
      );
  }
}
