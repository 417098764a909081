/**
 * Triage sessions over REST (docs/NOISE.md): everyone who sees the customer reads them and previews a decision;
 * staff (triage.run) start them, decide and end them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_NOISE_PERIOD } from '../../../shared/noise-period.ts';
import { TriageDecisionSchema, TriageStartSchema } from '../../../shared/triage.ts';
import type { Sql } from '../../db/database.ts';
import { appendEvents, type NewEvent } from '../../events/log.ts';
import { decideItem, previewNoise } from '../../noise/triage-decisions.ts';
import { endSession } from '../../noise/triage-end.ts';
import { getSession, listSessions, startSession } from '../../noise/triage-sessions.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { parseOr400 } from '../errors.ts';
import { SinceSchema } from './noise-routes.ts';

const Slug = z.string().max(64);
const Id = z
  .string()
  .regex(/^\d{1,15}$/, 'a session id')
  .transform(Number);
const Position = z
  .string()
  .regex(/^\d{1,3}$/, 'a position in the session (1-10)')
  .transform(Number);
const SlugParams = z.object({ slug: Slug });
const SessionParams = z.object({ slug: Slug, id: Id });
const ItemParams = z.object({ slug: Slug, id: Id, position: Position });
const PreviewQuery = z.object({
  /** comma-separated exact device names; absent or empty: every device */
  devices: z
    .string()
    .max(65_536)
    .optional()
    .transform((text) => {
      const names = (text ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      return names.length === 0 ? undefined : names;
    }),
});

/** Registers /api/v1/customers/:slug/triage…. */
export function triageRoutes(context: AppContext) {
  const access = async (request: FastifyRequest, action: 'noise.read' | 'triage.run') => {
    const principal = await requireUser(context, request);
    const { slug } = parseOr400(SlugParams, request.params, 'path');
    const customer = await requireCustomerAccess(context, principal, slug);
    requirePermission(principal, action);
    return { principal, customer };
  };

  /** Runs a change and its events in one transaction, and wakes the hub after commit. */
  const change = async <T>(work: (tx: Sql) => Promise<T & { events: NewEvent[] }>): Promise<T> => {
    const { result, last } = await context.db.transaction(async (tx) => {
      const done = await work(tx);
      const range = await appendEvents(tx, done.events);
      return { result: done, last: range?.last ?? null };
    });
    if (last !== null) context.hub.wake(last);
    return result;
  };

  return async function register(app: FastifyInstance): Promise<void> {
    const base = '/api/v1/customers/:slug/triage';

    app.get(base, async (request) => {
      const { customer } = await access(request, 'noise.read');
      return listSessions(context.db, customer);
    });

    app.get(`${base}/:id`, async (request) => {
      const { customer } = await access(request, 'noise.read');
      const { id } = parseOr400(SessionParams, request.params, 'path');
      return getSession(context.db, customer, id);
    });

    app.post(base, async (request, reply) => {
      const { principal, customer } = await access(request, 'triage.run');
      const body = parseOr400(TriageStartSchema, request.body ?? {});
      const sinceMs = parseOr400(z.object({ since: SinceSchema }), { since: body.since ?? DEFAULT_NOISE_PERIOD }).since;
      const started = await change((tx) => startSession(tx, customer, sinceMs, principal.displayName));
      reply.code(201);
      return started.session;
    });

    app.post(`${base}/:id/items/:position`, async (request) => {
      const { principal, customer } = await access(request, 'triage.run');
      const { id, position } = parseOr400(ItemParams, request.params, 'path');
      const decision = parseOr400(TriageDecisionSchema, request.body);
      const outcome = await change((tx) => decideItem(tx, customer, id, position, decision, principal.displayName));
      if (outcome.rulesChanged) context.rules.invalidate(customer.id);
      return getSession(context.db, customer, id);
    });

    app.get(`${base}/:id/items/:position/preview`, async (request) => {
      const { customer } = await access(request, 'noise.read');
      const { id, position } = parseOr400(ItemParams, request.params, 'path');
      const { devices } = parseOr400(PreviewQuery, request.query);
      return previewNoise(context.db, customer, id, position, devices, new Date());
    });

    app.post(`${base}/:id/end`, async (request) => {
      const { principal, customer } = await access(request, 'triage.run');
      const { id } = parseOr400(SessionParams, request.params, 'path');
      const ended = await change((tx) => endSession(tx, customer, id, principal.displayName));
      return ended.session;
    });
  };
}
