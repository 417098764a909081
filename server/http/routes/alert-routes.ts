/** Reading the queue and acting on alerts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AcknowledgeBodySchema,
  AlertListQuerySchema,
  AssignBodySchema,
  NoteBodySchema,
  ReopenBodySchema,
  ResolveBodySchema,
} from '../../../shared/actions.ts';
import { isStaff } from '../../../shared/roles.ts';
import { performAlertAction, type ActionResult, type OtherAlertAction } from '../../alerts/actions.ts';
import { changeStatusOnce } from '../../alerts/status-change.ts';
import { alertHistory, findAlert, listAlerts } from '../../alerts/queries.ts';
import { canAccessCustomer } from '../../auth/principal.ts';
import { headSeq } from '../../events/log.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { can, type Action } from '../../../shared/permissions.ts';
import { HttpError, parseOr400 } from '../errors.ts';
import { previousAnswer, requiredIdempotencyKey, runOncePerKey } from '../idempotency.ts';

/** An action's answer; `replayed` is true when it is the stored answer of an earlier request with the same key. */
type ActionAnswer = ActionResult & { replayed: boolean };

const NumberParamSchema = z.object({
  number: z
    .string()
    .regex(/^\d{1,15}$/, 'an event number')
    .transform(Number),
});

/** Registers the alert read and action routes. */
export function alertRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/alerts', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'alert.read');
      const query = parseOr400(AlertListQuerySchema, request.query, 'query');
      let customerIds: number[] | null;
      if (query.customer) customerIds = [(await requireCustomerAccess(context, principal, query.customer)).id];
      else customerIds = isStaff(principal.role) ? null : [principal.customerId ?? -1];
      // The head is read before the alerts so a stream from it misses nothing the list did not show.
      const head = await headSeq(context.db);
      const alerts = await listAlerts(context.db, customerIds, query);
      // A full page by number may have more behind it; `next` is where the following page starts.
      const last = alerts.at(-1);
      const next =
        query.order === 'number' && last !== undefined && alerts.length === (query.limit ?? 500) ? last.number : null;
      return { head, alerts, next };
    });

    app.get('/api/v1/alerts/:number', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'alert.read');
      const { number } = parseOr400(NumberParamSchema, request.params, 'path');
      const found = await findAlert(context.db, number);
      if (!found || !canAccessCustomer(principal, found.customerId)) {
        throw new HttpError(404, 'not_found', `no alert ${number}`, { field: 'number' });
      }
      return {
        alert: found.alert,
        ...(await alertHistory(context.db, found, { internalRoom: can(principal.role, 'room.internal') })),
      };
    });

    const answerOf = (result: ActionResult): ActionAnswer => {
      const { comment, ...rest } = result;
      return { ...rest, replayed: false, ...(comment ? { comment } : {}) };
    };

    /** After commit: wake the stream for the new event and the PagerDuty worker for what was queued. */
    const answered = (answer: ActionAnswer, lastSeq: number | null): ActionAnswer => {
      if (lastSeq !== null) context.hub.wake(lastSeq);
      if ((answer.pagerDuty?.length ?? 0) > 0) context.pagerdutyWorker.wake();
      // Whether a timer moved is not worth a column in the answer: a wake that finds nothing costs one claim.
      if (answer.changed) context.harvestWorker?.wake();
      return answer;
    };

    // The right is checked before the alert is looked up, so a refusal says nothing about whether it exists.
    const action = (path: string, permission: Action, toAction: (body: unknown) => OtherAlertAction) =>
      app.post(`/api/v1/alerts/:number/${path}`, async (request) => {
        const principal = await requireUser(context, request);
        requirePermission(principal, permission);
        const { number } = parseOr400(NumberParamSchema, request.params, 'path');
        const key = requiredIdempotencyKey(request);
        const parsed = toAction(request.body ?? {});
        const claim = { principal: `user:${principal.userId}`, key, scope: `${parsed.kind}:${number}` };
        const outcome = await context.db.transaction((tx) =>
          runOncePerKey(tx, claim, async () => {
            const { result, lastSeq } = await performAlertAction(
              tx,
              principal,
              number,
              parsed,
              context.pagerduty,
              context.harvest !== null,
            );
            return { answer: answerOf(result), lastSeq };
          }),
        );
        if (outcome.replayed) return { ...outcome.answer, replayed: true };
        return answered(outcome.answer, outcome.lastSeq);
      });

    // Acknowledge and resolve are what operators press most: their own shorter transaction (status-change.ts).
    const statusAction = (
      path: string,
      permission: Action,
      status: 'acknowledged' | 'resolved',
      toNote: (body: unknown) => string | undefined,
    ) =>
      app.post(`/api/v1/alerts/:number/${path}`, async (request) => {
        const principal = await requireUser(context, request);
        requirePermission(principal, permission);
        const { number } = parseOr400(NumberParamSchema, request.params, 'path');
        const key = requiredIdempotencyKey(request);
        const note = toNote(request.body ?? {});
        const claim = { principal: `user:${principal.userId}`, key, scope: `${path}:${number}` };
        const change = {
          principal,
          number,
          status,
          note,
          claim,
          pagerduty: context.pagerduty,
          timekeeping: context.harvest !== null,
        };
        const outcome = await context.db.transaction(async (tx) => {
          const done = await changeStatusOnce(tx, change, answerOf);
          if (done.claimed) return done;
          return {
            claimed: false as const,
            answer: await previousAnswer<ActionAnswer>(tx, claim.principal, key, claim.scope),
          };
        });
        if (!outcome.claimed) return { ...outcome.answer, replayed: true };
        return answered(outcome.answer, outcome.lastSeq);
      });

    statusAction(
      'acknowledge',
      'alert.acknowledge',
      'acknowledged',
      (body) => parseOr400(AcknowledgeBodySchema, body).note,
    );
    statusAction('resolve', 'alert.resolve', 'resolved', (body) => parseOr400(ResolveBodySchema, body).note);
    action('reopen', 'alert.reopen', (body) => {
      parseOr400(ReopenBodySchema, body);
      return { kind: 'reopen' };
    });
    action('assign', 'alert.assign', (body) => ({
      kind: 'assign',
      assignee: parseOr400(AssignBodySchema, body).assignee,
    }));
    action('notes', 'alert.note', (body) => ({ kind: 'note', text: parseOr400(NoteBodySchema, body).text }));
  };
}
