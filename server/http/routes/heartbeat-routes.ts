/**
 * Heartbeats over REST: pings with a customer's ingest key, the customer's list for its users and staff, and what
 * staff make, change and remove.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  HeartbeatInputSchema,
  HeartbeatNameSchema,
  HeartbeatPatchSchema,
  HeartbeatPingSchema,
  type Heartbeat,
} from '../../../shared/heartbeat.ts';
import { formatDuration } from '../../../shared/duration.ts';
import { addHeartbeat, changeHeartbeat, removeHeartbeat } from '../../heartbeats/heartbeat-changes.ts';
import { getHeartbeat, listHeartbeats, toHeartbeat } from '../../heartbeats/heartbeat-store.ts';
import type { AppContext } from '../context.ts';
import { requireCustomerAccess, requireIngestKey, requirePermission, requireUser } from '../authenticate.ts';
import { HttpError, parseOr400 } from '../errors.ts';

const NameParams = z.object({ name: HeartbeatNameSchema });
const SlugParams = z.object({ slug: z.string().max(64) });
const SlugNameParams = z.object({ slug: z.string().max(64), name: HeartbeatNameSchema });

/** Registers /api/v1/heartbeats/:name and /api/v1/customers/:slug/heartbeats. */
export function heartbeatRoutes(context: AppContext) {
  const monitor = context.heartbeats;

  const changes = { db: context.db, monitor, onCommitted: (seq: number) => context.hub.wake(seq) };

  const staff = async (request: FastifyRequest) => {
    const principal = await requireUser(context, request);
    const { slug, name } = parseOr400(SlugNameParams, request.params, 'path');
    const customer = await requireCustomerAccess(context, principal, slug);
    requirePermission(principal, 'heartbeats.edit');
    return { principal, customer, name };
  };

  return async function register(app: FastifyInstance): Promise<void> {
    app.post('/api/v1/heartbeats/:name', async (request, reply) => {
      if (context.draining()) {
        throw new HttpError(503, 'shutting_down', 'this COSS node is shutting down; retry', { retryAfterSeconds: 1 });
      }
      const key = await requireIngestKey(context, request);
      const { name } = parseOr400(NameParams, request.params, 'path');
      const body = parseOr400(HeartbeatPingSchema, request.body ?? {});
      const { row, created } = await monitor.ping({ id: key.customerId, slug: key.customerSlug }, name, {
        intervalMs: body.interval,
        graceMs: body.grace,
        source: 'ping',
      });
      reply.code(created ? 201 : 200);
      const heartbeat = toHeartbeat(row, monitor.now());
      const note = created ? null : ignoredSettings(body, heartbeat);
      return note === null ? { created, heartbeat } : { created, heartbeat, note };
    });

    app.get('/api/v1/customers/:slug/heartbeats', async (request) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'heartbeats.read');
      const now = monitor.now();
      return { heartbeats: (await listHeartbeats(context.db, customer.id)).map((row) => toHeartbeat(row, now)) };
    });

    app.get('/api/v1/customers/:slug/heartbeats/:name', async (request) => {
      const principal = await requireUser(context, request);
      const { slug, name } = parseOr400(SlugNameParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'heartbeats.read');
      return toHeartbeat(await getHeartbeat(context.db, customer.id, name), monitor.now());
    });

    app.post('/api/v1/customers/:slug/heartbeats', async (request, reply) => {
      const principal = await requireUser(context, request);
      const { slug } = parseOr400(SlugParams, request.params, 'path');
      const customer = await requireCustomerAccess(context, principal, slug);
      requirePermission(principal, 'heartbeats.edit');
      const input = parseOr400(HeartbeatInputSchema, request.body);
      const row = await addHeartbeat(changes, customer.id, input, principal.displayName);
      reply.code(201);
      return toHeartbeat(row, monitor.now());
    });

    app.patch('/api/v1/customers/:slug/heartbeats/:name', async (request) => {
      const { principal, customer, name } = await staff(request);
      const patch = parseOr400(HeartbeatPatchSchema, request.body);
      const row = await changeHeartbeat(changes, customer.id, name, patch, principal.displayName);
      return toHeartbeat(row, monitor.now());
    });

    app.delete('/api/v1/customers/:slug/heartbeats/:name', async (request, reply) => {
      const { principal, customer, name } = await staff(request);
      await removeHeartbeat(changes, customer.id, name, principal.displayName);
      reply.code(204);
      return null;
    });
  };
}

/**
 * A later ping's interval or grace does not change the heartbeat (staff do, so a monitor's config cannot quietly
 * loosen it); when a ping sends values other than the stored ones, the answer says so instead of ignoring them.
 */
function ignoredSettings(
  sent: { interval?: number | undefined; grace?: number | undefined },
  heartbeat: Heartbeat,
): string | null {
  const differ =
    (sent.interval !== undefined && sent.interval !== heartbeat.intervalMs) ||
    (sent.grace !== undefined && sent.grace !== heartbeat.graceMs);
  if (!differ) return null;
  return (
    `interval and grace stay ${formatDuration(heartbeat.intervalMs)} and ${formatDuration(heartbeat.graceMs)}: ` +
    `only the first ping sets them; staff change them (PATCH /api/v1/customers/${heartbeat.customer}/heartbeats/${heartbeat.name})`
  );
}
