/** CRUD of a customer's escalation-note rules. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NoteRuleInputSchema } from '../../../shared/notes.ts';
import type { Sql } from '../../db/database.ts';
import { appendEvents } from '../../events/log.ts';
import { createRule, deleteRule, getRule, listRules, replaceRule } from '../../notes/rules-repo.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const SlugParams = z.object({ slug: z.string().max(64) });
const RuleParams = z.object({
  slug: z.string().max(64),
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'a rule id')
    .transform(Number),
});

/** Registers /api/v1/customers/:slug/note-rules. */
export function noteRuleRoutes(context: AppContext) {
  // The change event tells every node's ingest cache to reload this customer's rules.
  const changed = async (tx: Sql, customerId: number, actor: string, ruleId: number, change: string) =>
    appendEvents(tx, [{ customerId, type: 'notes.rules-changed', alertId: null, actor, payload: { ruleId, change } }]);

  return async function register(app: FastifyInstance): Promise<void> {
    const base = '/api/v1/customers/:slug/note-rules';

    app.get(base, async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'note-rules.read');
      return { rules: await listRules(context.db, customer.id) };
    });

    app.get(`${base}/:id`, async (request) => {
      const principal = await requireUser(context, request);
      const { slug, id } = parseOr400(RuleParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'note-rules.read');
      const rule = await getRule(context.db, customer.id, id);
      if (!rule) throw new HttpError(404, 'not_found', `no rule ${id}`, { field: 'id' });
      return rule;
    });

    const writer = async (request: Parameters<typeof requireUser>[1], slug: string) => {
      const principal = await requireUser(context, request);
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'note-rules.edit');
      return { principal, customer };
    };

    app.post(base, async (request, reply) => {
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const { principal, customer } = await writer(request, slug);
      const input = parseOr400(NoteRuleInputSchema, request.body);
      const rule = await context.db.transaction(async (tx) => {
        const created = await createRule(tx, customer.id, input);
        await changed(tx, customer.id, principal.displayName, created.id, 'created');
        return created;
      });
      context.rules.invalidate(customer.id);
      reply.code(201);
      return rule;
    });

    app.put(`${base}/:id`, async (request) => {
      const { slug, id } = parseOr400(RuleParams, request.params, 'path');
      const { principal, customer } = await writer(request, slug);
      const input = parseOr400(NoteRuleInputSchema, request.body);
      const rule = await context.db.transaction(async (tx) => {
        const replaced = await replaceRule(tx, customer.id, id, input);
        if (replaced) await changed(tx, customer.id, principal.displayName, id, 'replaced');
        return replaced;
      });
      if (!rule) throw new HttpError(404, 'not_found', `no rule ${id}`, { field: 'id' });
      context.rules.invalidate(customer.id);
      return rule;
    });

    app.delete(`${base}/:id`, async (request, reply) => {
      const { slug, id } = parseOr400(RuleParams, request.params, 'path');
      const { principal, customer } = await writer(request, slug);
      const deleted = await context.db.transaction(async (tx) => {
        const gone = await deleteRule(tx, customer.id, id);
        if (gone) await changed(tx, customer.id, principal.displayName, id, 'deleted');
        return gone;
      });
      if (!deleted) throw new HttpError(404, 'not_found', `no rule ${id}`, { field: 'id' });
      context.rules.invalidate(customer.id);
      reply.code(204);
      return null;
    });
  };
}
