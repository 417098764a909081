/**
 * Transforms over REST (docs/TRANSFORMS.md): a customer's at `/api/v1/customers/{slug}/transforms`, the global ones at
 * `/api/v1/transforms`. Everyone who can see a customer may read its transforms (transforms.read); staff make and
 * change them (transforms.manage); global ones are read by staff and changed by admins (transforms.manage-global).
 * Another customer answers 404 like a missing one. Writes take an optional Idempotency-Key and answer after commit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TransformInputSchema, TransformPatchSchema, TransformPreviewInputSchema } from '../../../shared/transforms.ts';
import type { Action } from '../../../shared/permissions.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { Sql } from '../../db/database.ts';
import { appendEvents } from '../../events/log.ts';
import {
  createTransform,
  getTransform,
  listTransforms,
  removeTransform,
  transformVersions,
  updateTransform,
  type TransformChange,
  type TransformScope,
} from '../../transforms/transform-changes.ts';
import { previewTransform } from '../../transforms/preview.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { optionalIdempotencyKey, runOncePerKey } from '../idempotency.ts';
import { parseOr400 } from '../errors.ts';

const SlugParams = z.object({ slug: z.string().max(64) });
const id = z
  .string()
  .regex(/^\d{1,15}$/, 'a transform id')
  .transform(Number);
const IdParams = z.object({ slug: z.string().max(64).optional(), id });
const WhyQuery = z.object({ why: z.string().trim().max(1000).optional() });

/** Registers the customer and global transform routes. */
export function transformRoutes(context: AppContext) {
  /** Who asks, and which transforms they address: a customer's (404 when not theirs to see) or the global ones. */
  const resolve = async (
    request: FastifyRequest,
    rights: { customer: Action; global: Action },
  ): Promise<{ principal: UserPrincipal; scope: TransformScope }> => {
    const principal = await requireUser(context, request);
    const { slug } = parseOr400(SlugParams.partial(), request.params, 'path');
    if (slug === undefined) {
      requirePermission(principal, rights.global);
      return { principal, scope: null };
    }
    const customer = await requireCustomerAccess(context, principal, slug);
    requirePermission(principal, rights.customer);
    return { principal, scope: { id: customer.id, slug: customer.slug } };
  };
  const READ = { customer: 'transforms.read', global: 'transforms.manage' } as const;
  const MANAGE = { customer: 'transforms.manage', global: 'transforms.manage-global' } as const;

  /** Runs one change in a transaction, once per Idempotency-Key, and wakes the hub after commit. */
  const change = async (
    request: FastifyRequest,
    principal: UserPrincipal,
    scope: TransformScope,
    claimScope: string,
    work: (tx: Sql) => Promise<TransformChange>,
  ) => {
    const claim = { principal: `user:${principal.userId}`, key: optionalIdempotencyKey(request), scope: claimScope };
    const outcome = await context.db.transaction((tx) =>
      runOncePerKey(tx, claim, async () => {
        const done = await work(tx);
        const range = await appendEvents(tx, done.events);
        return { answer: { transform: done.transform }, range };
      }),
    );
    if (!outcome.replayed && outcome.range) context.hub.wake(outcome.range.last);
    // This node's ingest sees the change at once; other nodes hear transform.changed through the log.
    if (!outcome.replayed) context.transforms.invalidate(scope?.id ?? null);
    return outcome;
  };
  const scopeKey = (scope: TransformScope) => scope?.slug ?? '(global)';

  return async function register(app: FastifyInstance): Promise<void> {
    for (const base of ['/api/v1/customers/:slug/transforms', '/api/v1/transforms']) {
      app.get(base, async (request) => {
        const { scope } = await resolve(request, READ);
        return { transforms: await listTransforms(context.db, scope) };
      });

      app.post(base, async (request, reply) => {
        const { principal, scope } = await resolve(request, MANAGE);
        const input = parseOr400(TransformInputSchema, request.body);
        const outcome = await change(request, principal, scope, `transforms.create:${scopeKey(scope)}`, (tx) =>
          createTransform(tx, scope, input, { name: principal.displayName }, input.why ?? ''),
        );
        reply.code(outcome.replayed ? 200 : 201);
        return outcome.answer;
      });

      app.post(`${base}/preview`, async (request) => {
        const { scope } = await resolve(request, READ);
        const input = parseOr400(TransformPreviewInputSchema, request.body);
        return { preview: await previewTransform(context.db, scope, input, input.days, new Date()) };
      });

      app.get(`${base}/:id`, async (request) => {
        const { scope } = await resolve(request, READ);
        const params = parseOr400(IdParams, request.params, 'path');
        return { transform: await getTransform(context.db, scope, params.id) };
      });

      app.get(`${base}/:id/versions`, async (request) => {
        const { scope } = await resolve(request, READ);
        const params = parseOr400(IdParams, request.params, 'path');
        return { versions: await transformVersions(context.db, scope, params.id) };
      });

      app.patch(`${base}/:id`, async (request) => {
        const { principal, scope } = await resolve(request, MANAGE);
        const params = parseOr400(IdParams, request.params, 'path');
        const patch = parseOr400(TransformPatchSchema, request.body);
        const outcome = await change(
          request,
          principal,
          scope,
          `transforms.update:${scopeKey(scope)}:${params.id}`,
          (tx) => updateTransform(tx, scope, params.id, patch, { name: principal.displayName }, patch.why ?? ''),
        );
        return outcome.answer;
      });

      app.delete(`${base}/:id`, async (request) => {
        const { principal, scope } = await resolve(request, MANAGE);
        const params = parseOr400(IdParams, request.params, 'path');
        const { why } = parseOr400(WhyQuery, request.query, 'query');
        const outcome = await change(
          request,
          principal,
          scope,
          `transforms.remove:${scopeKey(scope)}:${params.id}`,
          (tx) => removeTransform(tx, scope, params.id, { name: principal.displayName }, why ?? ''),
        );
        return outcome.answer;
      });
    }
  };
}
