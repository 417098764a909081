/** Ops rooms: messages (chat and commands), pages, and the audit export. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PostRoomMessageSchema, RoomListQuerySchema, type RoomMessage, type RoomName } from '../../../shared/room.ts';
import { canAccessCustomer } from '../../auth/principal.ts';
import { can } from '../../../shared/permissions.ts';
import { appendEvents } from '../../events/log.ts';
import { SELECT_PAGES, toPage } from '../../paging/pages.ts';
import { AuditRequestSchema, auditToCsv, auditToMarkdown, collectAudit } from '../../rooms/audit.ts';
import { dispatchRoomLine } from '../../rooms/dispatch.ts';
import { botReply, insertRoomMessage, listRoomMessages } from '../../rooms/messages.ts';
import { formatRoomTime } from '../../rooms/bot-lines.ts';
import { OnCallError } from '../../integrations/pagerduty/oncall.ts';
import type { StoredTarget } from '../../paging/targets.ts';
import { optionalIdempotencyKey, runOncePerKey } from '../idempotency.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requirePermission, requireUser } from '../authenticate.ts';
import { parseOr400 } from '../errors.ts';
import type { PageHold } from '../../maintenance/page-guard.ts';

const SlugParams = z.object({ slug: z.string().max(64) });

interface PostAnswer {
  message: RoomMessage;
  replies: RoomMessage[];
  /** why the command was not carried out (the bot's answer); null when it was, or for chat */
  refused?: string | null;
  /** a page held back by maintenance: the route answers 409 with its code */
  hold?: PageHold | null;
}

/** The bot's answer to `.who`: who is on call now for the target, level by level. */
async function whoLine(context: AppContext, target: StoredTarget, timeZone: string): Promise<string> {
  try {
    const entries = await context.oncall.whoIsOnCall(target);
    if (entries.length === 0) return `nobody is on call for ${target.name} right now.`;
    const people = entries.map(
      (entry) =>
        `level ${entry.level}: ${entry.name}${entry.until ? ` (until ${formatRoomTime(new Date(entry.until), timeZone)})` : ''}`,
    );
    return `on call now for ${target.name}: ${people.join('; ')}.`;
  } catch (error) {
    if (error instanceof OnCallError) return `${error.message}.`;
    throw error;
  }
}

/** Registers /api/v1/rooms. */
export function roomRoutes(context: AppContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/rooms', async (request) => {
      const principal = await requireUser(context, request);
      requirePermission(principal, 'room.read');
      await context.customers.reload();
      return {
        rooms: context.customers
          .all()
          .filter((customer) => canAccessCustomer(principal, customer.id))
          .map((customer) => ({ customer: customer.slug, name: customer.name, timeZone: customer.timeZone })),
      };
    });

    app.get('/api/v1/rooms/:slug/messages', (request) => listLines(request, 'customer'));
    app.get('/api/v1/rooms/:slug/internal/messages', (request) => listLines(request, 'internal'));
    app.post('/api/v1/rooms/:slug/messages', (request, reply) => postLine(request, reply, 'customer'));
    app.post('/api/v1/rooms/:slug/internal/messages', (request, reply) => postLine(request, reply, 'internal'));

    /** One room's lines. The internal room is refused (403) to whoever lacks room.internal before any look-up. */
    async function listLines(request: FastifyRequest, room: RoomName) {
      const principal = await requireUser(context, request);
      if (room === 'internal') requirePermission(principal, 'room.internal');
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const query = parseOr400(RoomListQuerySchema, request.query, 'query');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'room.read');
      return { messages: await listRoomMessages(context.db, customer, query, room) };
    }

    /** A line typed into one room: chat, or a command whose bot answers stay in that room. */
    async function postLine(request: FastifyRequest, reply: FastifyReply, room: RoomName) {
      const principal = await requireUser(context, request);
      if (room === 'internal') requirePermission(principal, 'room.internal');
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      // Chat is the least right; a command's own right is checked by dispatch, which answers a refusal in the room.
      requirePermission(principal, 'room.chat');
      const { body, actedAt, force } = parseOr400(PostRoomMessageSchema, request.body);
      const claim = {
        principal: `user:${principal.userId}`,
        key: optionalIdempotencyKey(request),
        // A key names one line in one room: the same key in the other room is another line.
        scope: room === 'internal' ? `room.internal-message:${customer.slug}` : `room.message:${customer.slug}`,
      };

      const outcome = await context.db.transaction((tx) =>
        runOncePerKey(tx, claim, async () => {
          const dispatched = await dispatchRoomLine(tx, {
            principal,
            customer,
            body,
            actedAt,
            force,
            pagerduty: context.pagerduty,
            harvest: context.harvest,
            zendesk: context.zendesk,
            room,
          });
          const answer: PostAnswer = {
            message: dispatched.message,
            replies: dispatched.replies,
            refused: dispatched.refused,
            hold: dispatched.hold ?? null,
          };
          const range = await appendEvents(tx, dispatched.events);
          return {
            answer,
            range,
            queued: dispatched.queuedForPagerDuty,
            timers: dispatched.queuedForHarvest === true,
            tickets: dispatched.queuedForZendesk === true,
            who: dispatched.whoTarget,
          };
        }),
      );
      if (!outcome.replayed && outcome.range) context.hub.wake(outcome.range.last);
      if (!outcome.replayed && outcome.queued) context.pagerdutyWorker.wake();
      if (!outcome.replayed && outcome.timers) context.harvestWorker?.wake();
      if (!outcome.replayed && outcome.tickets) context.zendeskWorker.wake();
      if (!outcome.replayed && outcome.who) {
        const text = await whoLine(context, outcome.who, customer.timeZone);
        const posted = await context.db.transaction(async (tx) => {
          const bot = await insertRoomMessage(
            tx,
            botReply(customer, principal.displayName, text, outcome.answer.message.id, room),
          );
          const range = await appendEvents(tx, [bot.event]);
          return { message: bot.message, range };
        });
        if (posted.range) context.hub.wake(posted.range.last);
        outcome.answer.replies.push(posted.message);
      }
      const { hold, ...answer } = outcome.answer;
      if (hold) {
        // The line and the bot's refusal are kept (the room and the audit show them); the page was not made.
        reply.code(409);
        return {
          error: {
            code: hold.code,
            message: answer.refused ?? hold.reason,
            windows: hold.windows,
            ...(hold.transform ? { transform: hold.transform } : {}),
          },
          ...answer,
          refused: answer.refused ?? null,
          replayed: outcome.replayed,
        };
      }
      reply.code(outcome.replayed ? 200 : 201);
      return { ...answer, refused: answer.refused ?? null, replayed: outcome.replayed };
    }

    app.get('/api/v1/rooms/:slug/pages', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'room.read');
      const rows = await context.db.query<Parameters<typeof toPage>[0]>(
        `${SELECT_PAGES} WHERE p.customer_id = $1 ORDER BY p.id DESC LIMIT 500`,
        [customer.id],
      );
      // Pages asked from the internal room are staff-only, like the line that asked for them.
      const internal = can(principal.role, 'room.internal');
      return { pages: rows.rows.map(toPage).filter((page) => internal || page.room !== 'internal') };
    });

    app.get('/api/v1/rooms/:slug/audit', async (request, reply) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const query = parseOr400(AuditRequestSchema, request.query, 'query');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'audit.export');
      const entries = await collectAudit(context.db, customer, new Date(query.from), new Date(query.to));
      const filename = `coss-${customer.slug}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}`;
      if (query.format === 'csv') {
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}.csv"`);
        return auditToCsv(entries);
      }
      if (query.format === 'md') {
        reply
          .header('content-type', 'text/markdown; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}.md"`);
        return auditToMarkdown(entries, `${customer.name} ops room, ${query.from} to ${query.to}`);
      }
      return { customer: customer.slug, from: query.from, to: query.to, entries };
    });
  };
}
