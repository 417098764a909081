/**
 * A customer's maintenance windows: `GET`/`POST /api/v1/customers/{slug}/maintenance`, `PATCH`/`DELETE …/{id}`.
 * Everyone who can see the customer may list its windows (maintenance.read); only staff make, extend and end them
 * (maintenance.manage). Writes take an optional Idempotency-Key and answer after commit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MaintenanceInputSchema, MaintenancePatchSchema } from '../../../shared/maintenance.ts';
import { appendEvents } from '../../events/log.ts';
import { createWindow, endWindow, patchWindow, type WindowChange } from '../../maintenance/window-changes.ts';
import { listWindowRows, toWindow } from '../../maintenance/window-rows.ts';
import type { Customer } from '../../../shared/customer.ts';
import type { UserPrincipal } from '../../auth/principal.ts';
import type { Sql } from '../../db/database.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { optionalIdempotencyKey, runOncePerKey } from '../idempotency.ts';
import { parseOr400 } from '../errors.ts';

const SlugParams = z.object({ slug: z.string().max(64) });
const WindowParams = z.object({
  slug: z.string().max(64),
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'a window id')
    .transform(Number),
});
const ListQuery = z.object({
  /** how many days of ended windows to include (default 7) */
  endedWithinDays: z
    .string()
    .regex(/^\d{1,3}$/, 'a number of days')
    .transform(Number)
    .optional(),
});

/** Registers /api/v1/customers/:slug/maintenance. */
export function maintenanceRoutes(context: AppContext) {
  const now = () => context.maintenance.now();

  /** Runs one change in a transaction, once per Idempotency-Key, and wakes the hub after commit. */
  const change = async (
    request: FastifyRequest,
    principal: UserPrincipal,
    customer: Customer,
    scope: string,
    work: (tx: Sql) => Promise<WindowChange>,
  ) => {
    const claim = { principal: `user:${principal.userId}`, key: optionalIdempotencyKey(request), scope };
    const outcome = await context.db.transaction((tx) =>
      runOncePerKey(tx, claim, async () => {
        const done = await work(tx);
        const range = await appendEvents(tx, done.events);
        return { answer: { window: done.window }, range };
      }),
    );
    if (!outcome.replayed && outcome.range) context.hub.wake(outcome.range.last);
    return outcome;
  };

  return async function register(app: FastifyInstance): Promise<void> {
    const base = '/api/v1/customers/:slug/maintenance';

    app.get(base, async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const query = parseOr400(ListQuery, request.query, 'query');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'maintenance.read');
      const at = now();
      const rows = await listWindowRows(context.db, customer.id, query.endedWithinDays ?? 7, at);
      const order = { active: 0, scheduled: 1, ended: 2 } as const;
      const windows = rows
        .map((row) => toWindow(row, customer, at))
        .sort((a, b) => order[a.state] - order[b.state] || b.id - a.id);
      return { windows };
    });

    app.post(base, async (request, reply) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'maintenance.manage');
      const input = parseOr400(MaintenanceInputSchema, request.body);
      const outcome = await change(request, principal, customer, `maintenance.create:${customer.slug}`, (tx) =>
        createWindow(tx, customer, input, principal.displayName, now()),
      );
      reply.code(outcome.replayed ? 200 : 201);
      return outcome.answer;
    });

    app.patch(`${base}/:id`, async (request) => {
      const principal = await requireUser(context, request);
      const { slug, id } = parseOr400(WindowParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'maintenance.manage');
      const patch = parseOr400(MaintenancePatchSchema, request.body);
      const outcome = await change(request, principal, customer, `maintenance.update:${customer.slug}:${id}`, (tx) =>
        patchWindow(tx, customer, id, patch, principal.displayName, now()),
      );
      return outcome.answer;
    });

    app.delete(`${base}/:id`, async (request) => {
      const principal = await requireUser(context, request);
      const { slug, id } = parseOr400(WindowParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'maintenance.manage');
      const outcome = await change(request, principal, customer, `maintenance.end:${customer.slug}:${id}`, (tx) =>
        endWindow(tx, customer, id, principal.displayName, now()),
      );
      return outcome.answer;
    });
  };
}
