/**
 * Tenancy, on PGlite and PostgreSQL: a customer user or ingest key of one customer can neither read nor change
 * another's alerts, note rules or stream, on every endpoint.
 *
 * ROUTES below is the table of every HTTP route of the app with its checks. The first test fails when the Fastify app
 * has a route that is not in the table (or the table names a route that no longer exists), so a new endpoint cannot
 * ship without its tenancy checks: add a row, with `crossTenant` doing what a user of customer A tries against B.
 *
 * Long on purpose: the isolation proof is one matrix (every endpoint, command and stream for each role and customer)
 * on one set-up per database.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestResponse, type TestServer } from '../support/server.ts';
import { openStream, type StreamClient } from '../support/stream-client.ts';
import { addToken, addUser } from '../../server/admin/directory.ts';
import type { Sql } from '../../server/db/database.ts';
import { ACTIONS } from '../../shared/permissions.ts';

type Slug = 'acme' | 'globex';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One customer's side of the fixture. */
interface Tenant {
  slug: Slug;
  /** the customer user's token (fred for acme, wile for globex) */
  user: string;
  key: string;
  /** a string in every alert, rule and note of this customer: it must never reach the other customer */
  secret: string;
  /** an alert nobody acts on (the other customer's attempts must leave it untouched) */
  alert: number;
  /** an alert this customer's own user acts on, to show the actions work at all */
  scratch: number;
  /** an alert noted by this customer's user with `replayKey` */
  replayAlert: number;
  replayKey: string;
  rule: number;
}

/** A user of `own` trying to reach `other`. */
interface Pair {
  own: Tenant;
  other: Tenant;
}

interface Fixture {
  t: TestServer;
  tenants: Record<Slug, Tenant>;
  /** a number that names no alert */
  missingAlert: number;
}

/** public: no credentials; signature: PagerDuty's HMAC, which no COSS token or key can stand in for */
type Auth = 'ingest' | 'user' | 'public' | 'signature';

interface RouteCase {
  method: Method;
  /** the route exactly as registered in Fastify */
  url: string;
  auth: Auth;
  /** for ingest routes: a body that names the other customer everywhere it can */
  claimBody?: (own: Tenant, other: Tenant) => unknown;
  /** for user routes: a body good enough to get past validation */
  body?: unknown;
  /** what the user of `own` tries against `other`, and what it must get */
  crossTenant: (fx: Fixture, pair: Pair) => Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

let keyCounter = 0;
const idem = () => ({ 'idempotency-key': `tenancy-${process.pid}-${Date.now()}-${keyCounter++}` });

const show = (response: TestResponse) => `${response.status} ${JSON.stringify(response.body).slice(0, 400)}`;

/** The response must not carry anything of `other`. */
function assertNoLeak(response: TestResponse | string, other: Tenant, what: string): void {
  const text = typeof response === 'string' ? response : JSON.stringify(response.body);
  assert.ok(!text.includes(other.secret), `${what}: leaked ${other.slug}'s data: ${text.slice(0, 400)}`);
}

function assertStatus(response: TestResponse, status: number, what: string, code?: string): void {
  assert.equal(response.status, status, `${what}: ${show(response)}`);
  if (status >= 400) {
    const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
    assert.ok(
      error && typeof error.code === 'string' && typeof error.message === 'string',
      `${what}: error body ${show(response)}`,
    );
    if (code) assert.equal(error.code, code, `${what}: ${show(response)}`);
  }
}

/** A 404 for another customer's thing looks exactly like a 404 for a missing one. */
function assertHidden(response: TestResponse, other: Tenant, what: string): void {
  assertStatus(response, 404, what, 'not_found');
  assertNoLeak(response, other, what);
}

const fill = (url: string, params: { number?: number; slug?: string; id?: number }) =>
  url
    .replace(':number', String(params.number ?? 0))
    .replace(':slug', params.slug ?? '')
    .replace(':id', String(params.id ?? 0));

async function getAlertAsStaff(fx: Fixture, number: number) {
  const response = await fx.t.request('GET', `/api/v1/alerts/${number}`, fx.t.tokens.noc);
  assertStatus(response, 200, `noc reads alert ${number}`);
  return response.body as {
    alert: { customer: string; status: string; assignee: string | null; device: string };
    history: Array<{ kind: string; actor: string | null }>;
    comments: unknown[];
  };
}

async function ruleAsStaff(fx: Fixture, slug: Slug, id: number) {
  return fx.t.request('GET', `/api/v1/customers/${slug}/note-rules/${id}`, fx.t.tokens.noc);
}

async function waitForMessage(client: StreamClient, type: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!client.messages.some((message) => message.type === type)) {
    if (Date.now() - started > timeoutMs) throw new Error(`no ${type} message within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends an alert of `tenant` through its ingest key (generic format) and returns its number. */
async function ingest(
  t: TestServer,
  tenant: { key: string; secret: string },
  device: string,
  extra: Record<string, unknown> = {},
) {
  const response = await t.request('POST', '/api/v1/alerts', tenant.key, {
    device: `${device}-${tenant.secret}`,
    summary: `summary ${tenant.secret}`,
    severity: 'critical',
    ...extra,
  });
  assert.equal(response.status, 200, show(response));
  return (response.body as { alerts: Array<{ number: number }> }).alerts[0]?.number as number;
}

// ---------------------------------------------------------------------------------------------------------------
// The route table
// ---------------------------------------------------------------------------------------------------------------

/** An ingest route: the own key's alert lands under the own customer whatever the body or URL claims. */
function ingestRoute(url: string, claimBody: (own: Tenant, other: Tenant) => unknown): RouteCase {
  return {
    method: 'POST',
    url,
    auth: 'ingest',
    claimBody,
    async crossTenant(fx, { own, other }) {
      const claimedIds = [fx.t.customers[other.slug].id, fx.t.customers[other.slug].number];
      for (const query of ['', `?customer=${other.slug}`, `?customer_id=${claimedIds[0]}`]) {
        const response = await fx.t.request('POST', `${url}${query}`, own.key, claimBody(own, other), {
          'x-coss-customer': other.slug,
        });
        assertStatus(response, 200, `${own.slug} key posts to ${url}${query} claiming ${other.slug}`);
        const reply = response.body as { accepted: number; alerts: Array<{ number: number | null }> };
        assert.ok(reply.accepted >= 1, show(response));
        for (const { number } of reply.alerts) {
          assert.ok(number !== null, show(response));
          const stored = await getAlertAsStaff(fx, number);
          assert.equal(
            stored.alert.customer,
            own.slug,
            `alert ${number} posted with ${own.slug}'s key landed under ${stored.alert.customer}`,
          );
          // And the customer it claimed cannot see it.
          assertStatus(
            await fx.t.request('GET', `/api/v1/alerts/${number}`, other.user),
            404,
            `${other.slug} reads ${own.slug}'s claim alert`,
          );
        }
      }
    },
  };
}

/**
 * An alert action: on another customer's alert it answers exactly as on a missing one and changes nothing. A
 * customer user may note (404 on the other's alert, 200 on their own); acknowledge, resolve, reopen and assign are refused
 * with 403 whatever the alert, so the refusal says nothing about whether it exists.
 */
function actionRoute(action: 'acknowledge' | 'resolve' | 'reopen' | 'assign' | 'notes', body: unknown): RouteCase {
  const url = `/api/v1/alerts/:number/${action}`;
  const customerMay = action === 'notes';
  return {
    method: 'POST',
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own, other }) {
      const path = (number: number) => fill(url, { number });
      const hidden = await fx.t.request('POST', path(other.alert), own.user, body, idem());
      const missing = await fx.t.request('POST', path(fx.missingAlert), own.user, body, idem());
      assertStatus(
        missing,
        customerMay ? 404 : 403,
        `${action} on a missing alert`,
        customerMay ? 'not_found' : 'forbidden',
      );
      assertStatus(
        hidden,
        missing.status,
        `${own.slug} ${action}s ${other.slug}'s alert`,
        customerMay ? 'not_found' : 'forbidden',
      );
      const errorOf = (response: TestResponse) => (response.body as { error: { code: string; field?: string } }).error;
      assert.deepEqual([errorOf(hidden).code, errorOf(hidden).field], [errorOf(missing).code, errorOf(missing).field]);
      assertNoLeak(hidden, other, `${own.slug} ${action}s ${other.slug}'s alert`);
      // The other customer's idempotency key must not replay the other customer's answer to this user.
      const replay = await fx.t.request('POST', path(other.replayAlert), own.user, body, {
        'idempotency-key': other.replayKey,
      });
      assertStatus(replay, missing.status, `${own.slug} replays ${other.slug}'s idempotency key on ${action}`);
      assertNoLeak(replay, other, `${own.slug} replays ${other.slug}'s idempotency key on ${action}`);
      // Control: the same request on the user's own alert works, or is refused for the role and not for the alert.
      const mine = await fx.t.request('POST', path(own.scratch), own.user, body, idem());
      assertStatus(mine, customerMay ? 200 : 403, `${own.slug} ${action}s own alert`);
      assertNoLeak(mine, other, `${action} on own alert`);
    },
  };
}

/** A heartbeat named `name` for each customer, made by a ping with its own key. */
async function heartbeatsFor(fx: Fixture, name: string): Promise<void> {
  for (const tenant of [fx.tenants.acme, fx.tenants.globex]) {
    const response = await fx.t.request('POST', `/api/v1/heartbeats/${name}`, tenant.key);
    assert.ok(response.status === 200 || response.status === 201, show(response));
  }
}

/** A heartbeat route of one customer's: another customer's user gets what a missing customer gets. */
function heartbeatRoute(method: Method, url: string, body: unknown, ownStatus: number): RouteCase {
  return {
    method,
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own, other }) {
      await heartbeatsFor(fx, 'tenancy-hb');
      const path = (slug: string) => url.replace(':slug', slug).replace(':name', 'tenancy-hb');
      const before = await fx.t.request('GET', `/api/v1/customers/${other.slug}/heartbeats`, fx.t.tokens.noc);
      assertHidden(
        await fx.t.request(method, path(other.slug), own.user, body),
        other,
        `${own.slug} ${method} ${path(other.slug)}`,
      );
      const mine = await fx.t.request(method, path(own.slug), own.user, body);
      assertStatus(mine, ownStatus, `${own.slug} ${method} ${path(own.slug)}`);
      if (ownStatus === 200 && method === 'GET' && url.endsWith('/heartbeats')) {
        const listed = (mine.body as { heartbeats: Array<{ customer: string }> }).heartbeats;
        assert.ok(listed.length > 0 && listed.every((heartbeat) => heartbeat.customer === own.slug));
      }
      const afterwards = await fx.t.request('GET', `/api/v1/customers/${other.slug}/heartbeats`, fx.t.tokens.noc);
      assert.deepEqual(
        (afterwards.body as { heartbeats: unknown[] }).heartbeats.length,
        (before.body as { heartbeats: unknown[] }).heartbeats.length,
        `${other.slug}'s heartbeats changed`,
      );
    },
  };
}

/** A maintenance window for `tenant`, made by staff; its reason carries the tenant's secret. */
async function windowFor(fx: Fixture, tenant: Tenant): Promise<number> {
  const response = await fx.t.request(
    'POST',
    `/api/v1/customers/${tenant.slug}/maintenance`,
    fx.t.tokens.noc,
    { scope: { devices: ['tenancy-no-such-device'] }, duration: '1h', reason: `tenancy ${tenant.secret}` },
    idem(),
  );
  assertStatus(response, 201, `staff make a window for ${tenant.slug}`);
  return (response.body as { window: { id: number } }).window.id;
}

/** A maintenance route: customer users read their own customer's windows and change none; another's are hidden. */
function maintenanceRoute(method: Method, url: string, body: unknown, ownStatus: number): RouteCase {
  return {
    method,
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own, other }) {
      const theirs = await windowFor(fx, other);
      const mine = await windowFor(fx, own);
      const path = (slug: string, id: number) => url.replace(':slug', slug).replace(':id', String(id));
      const state = async (tenant: Tenant, id: number) => {
        const listed = await fx.t.request('GET', `/api/v1/customers/${tenant.slug}/maintenance`, fx.t.tokens.noc);
        return (listed.body as { windows: Array<{ id: number; state: string }> }).windows.find((w) => w.id === id)
          ?.state;
      };
      assertHidden(
        await fx.t.request(method, path(other.slug, theirs), own.user, body, idem()),
        other,
        `${own.slug} ${method} ${path(other.slug, theirs)}`,
      );
      if (url.includes(':id')) {
        const crossed = await fx.t.request(method, path(own.slug, theirs), own.user, body, idem());
        assert.ok(crossed.status === 403 || crossed.status === 404, show(crossed));
        assertNoLeak(crossed, other, `${own.slug} ${method} ${other.slug}'s window under its own slug`);
        const staff = await fx.t.request(method, path(own.slug, theirs), fx.t.tokens.noc, body, idem());
        assertHidden(staff, other, `staff ${method} ${other.slug}'s window under ${own.slug}`);
      }
      const response = await fx.t.request(method, path(own.slug, mine), own.user, body, idem());
      assertStatus(response, ownStatus, `${own.slug} ${method} ${path(own.slug, mine)}`);
      assertNoLeak(response, other, `${own.slug} ${method} own windows`);
      if (ownStatus === 200 && method === 'GET') {
        const listed = (response.body as { windows: Array<{ customer: string }> }).windows;
        assert.ok(listed.length > 0 && listed.every((window) => window.customer === own.slug));
      }
      assert.equal(await state(other, theirs), 'active', `${other.slug}'s window untouched`);
    },
  };
}

/** A transform of `tenant`'s, made by staff; its name carries the tenant's secret. */
async function transformFor(fx: Fixture, tenant: Tenant): Promise<number> {
  const response = await fx.t.request(
    'POST',
    `/api/v1/customers/${tenant.slug}/transforms`,
    fx.t.tokens.noc,
    { name: `tenancy ${tenant.secret}`, match: { device: 'tenancy-no-such-device' }, actions: [{ type: 'suppress' }] },
    idem(),
  );
  assertStatus(response, 201, `staff make a transform for ${tenant.slug}`);
  return (response.body as { transform: { id: number } }).transform.id;
}

/** A customer's transform route: customer users read and preview their own, change none; another's are hidden. */
function transformRoute(method: Method, url: string, body: unknown, ownStatus: number): RouteCase {
  return {
    method,
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own, other }) {
      const theirs = await transformFor(fx, other);
      const mine = await transformFor(fx, own);
      const path = (slug: string, id: number) => url.replace(':slug', slug).replace(':id', String(id));
      const versionOf = async (tenant: Tenant, id: number) =>
        (
          (await fx.t.request('GET', `/api/v1/customers/${tenant.slug}/transforms/${id}`, fx.t.tokens.noc)).body as {
            transform?: { version: number };
          }
        ).transform?.version;
      assertHidden(
        await fx.t.request(method, path(other.slug, theirs), own.user, body, idem()),
        other,
        `${own.slug} ${method} ${path(other.slug, theirs)}`,
      );
      if (url.includes(':id')) {
        const crossed = await fx.t.request(method, path(own.slug, theirs), own.user, body, idem());
        assert.ok(crossed.status === 403 || crossed.status === 404, show(crossed));
        assertNoLeak(crossed, other, `${own.slug} ${method} ${other.slug}'s transform under its own slug`);
        const staff = await fx.t.request(method, path(own.slug, theirs), fx.t.tokens.noc, body, idem());
        assertHidden(staff, other, `staff ${method} ${other.slug}'s transform under ${own.slug}`);
      }
      const response = await fx.t.request(method, path(own.slug, mine), own.user, body, idem());
      assertStatus(response, ownStatus, `${own.slug} ${method} ${path(own.slug, mine)}`);
      assertNoLeak(response, other, `${own.slug} ${method} own transforms`);
      if (ownStatus === 200 && method === 'GET' && url.endsWith('/transforms')) {
        const listed = (response.body as { transforms: Array<{ customer: string }> }).transforms;
        assert.ok(listed.length > 0 && listed.every((transform) => transform.customer === own.slug));
      }
      assert.equal(await versionOf(other, theirs), 1, `${other.slug}'s transform untouched`);
    },
  };
}

/** A global transform route: customer users may not read or change global transforms. */
function globalTransformRoute(method: Method, url: string, body: unknown): RouteCase {
  return {
    method,
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own }) {
      const response = await fx.t.request(method, url.replace(':id', '1'), own.user, body, idem());
      assertStatus(response, 403, `${own.slug} ${method} ${url}`, 'forbidden');
    },
  };
}

const TRANSFORM_BODY = { name: 'mine', match: { device: 'mine-*' }, actions: [{ type: 'suppress' }] };

/** The open triage session of `tenant` (started by staff if there is none): its id. */
async function sessionFor(fx: Fixture, tenant: Tenant): Promise<number> {
  const listed = await fx.t.request('GET', `/api/v1/customers/${tenant.slug}/triage`, fx.t.tokens.noc);
  assertStatus(listed, 200, `staff list ${tenant.slug}'s triage sessions`);
  const open = (listed.body as { open: { id: number } | null }).open;
  if (open) return open.id;
  const started = await fx.t.request('POST', `/api/v1/customers/${tenant.slug}/triage`, fx.t.tokens.noc, {});
  assertStatus(started, 201, `staff start a triage session for ${tenant.slug}`);
  return (started.body as { id: number }).id;
}

/**
 * A noise or triage route: customer users read their own customer's report, trend and sessions and preview, decide
 * and start nothing (403); another customer's, or its session under their own slug, is hidden.
 */
function noiseRoute(method: Method, url: string, body: unknown, ownStatus: number): RouteCase {
  return {
    method,
    url,
    auth: 'user',
    body,
    async crossTenant(fx, { own, other }) {
      const theirs = await sessionFor(fx, other);
      const mine = await sessionFor(fx, own);
      const path = (slug: string, id: number) =>
        url.replace(':slug', slug).replace(':id', String(id)).replace(':position', '1');
      assertHidden(
        await fx.t.request(method, path(other.slug, theirs), own.user, body),
        other,
        `${own.slug} ${method} ${path(other.slug, theirs)}`,
      );
      if (url.includes(':id')) {
        const crossed = await fx.t.request(method, path(own.slug, theirs), own.user, body);
        assert.ok(crossed.status === 403 || crossed.status === 404, show(crossed));
        assertNoLeak(crossed, other, `${own.slug} ${method} ${other.slug}'s session under its own slug`);
        if (method === 'GET') {
          assertHidden(
            await fx.t.request(method, path(own.slug, theirs), fx.t.tokens.noc, body),
            other,
            `staff ${method} ${other.slug}'s session under ${own.slug}`,
          );
        }
      }
      const response = await fx.t.request(method, path(own.slug, mine), own.user, body);
      assertStatus(response, ownStatus, `${own.slug} ${method} ${path(own.slug, mine)}`);
      assertNoLeak(response, other, `${own.slug} ${method} own noise and triage`);
    },
  };
}

const ROUTES: RouteCase[] = [
  noiseRoute('GET', '/api/v1/customers/:slug/noise', undefined, 200),
  noiseRoute('GET', '/api/v1/customers/:slug/noise/trend', undefined, 200),
  noiseRoute('GET', '/api/v1/customers/:slug/triage', undefined, 200),
  noiseRoute('POST', '/api/v1/customers/:slug/triage', {}, 403),
  noiseRoute('GET', '/api/v1/customers/:slug/triage/:id', undefined, 200),
  noiseRoute('POST', '/api/v1/customers/:slug/triage/:id/items/:position', { decision: 'skip' }, 403),
  noiseRoute('GET', '/api/v1/customers/:slug/triage/:id/items/:position/preview', undefined, 200),
  noiseRoute('POST', '/api/v1/customers/:slug/triage/:id/end', undefined, 403),
  transformRoute('GET', '/api/v1/customers/:slug/transforms', undefined, 200),
  transformRoute('POST', '/api/v1/customers/:slug/transforms', TRANSFORM_BODY, 403),
  transformRoute('POST', '/api/v1/customers/:slug/transforms/preview', { ...TRANSFORM_BODY, days: 7 }, 200),
  transformRoute('GET', '/api/v1/customers/:slug/transforms/:id', undefined, 200),
  transformRoute('GET', '/api/v1/customers/:slug/transforms/:id/versions', undefined, 200),
  transformRoute('PATCH', '/api/v1/customers/:slug/transforms/:id', { enabled: false }, 403),
  transformRoute('DELETE', '/api/v1/customers/:slug/transforms/:id', undefined, 403),
  globalTransformRoute('GET', '/api/v1/transforms', undefined),
  globalTransformRoute('POST', '/api/v1/transforms', TRANSFORM_BODY),
  globalTransformRoute('POST', '/api/v1/transforms/preview', { ...TRANSFORM_BODY, days: 7 }),
  globalTransformRoute('GET', '/api/v1/transforms/:id', undefined),
  globalTransformRoute('GET', '/api/v1/transforms/:id/versions', undefined),
  globalTransformRoute('PATCH', '/api/v1/transforms/:id', { enabled: false }),
  globalTransformRoute('DELETE', '/api/v1/transforms/:id', undefined),
  maintenanceRoute('GET', '/api/v1/customers/:slug/maintenance', undefined, 200),
  maintenanceRoute('POST', '/api/v1/customers/:slug/maintenance', { duration: '1h', reason: 'mine' }, 403),
  maintenanceRoute('PATCH', '/api/v1/customers/:slug/maintenance/:id', { extendBy: '1h' }, 403),
  maintenanceRoute('DELETE', '/api/v1/customers/:slug/maintenance/:id', undefined, 403),
  {
    method: 'POST',
    url: '/api/v1/heartbeats/:name',
    auth: 'ingest',
    claimBody: () => ({ interval: '5m' }),
    async crossTenant(fx, { own, other }) {
      const name = `claims-${other.slug}`;
      for (const query of ['', `?customer=${other.slug}`]) {
        const response = await fx.t.request('POST', `/api/v1/heartbeats/${name}${query}`, own.key, undefined, {
          'x-coss-customer': other.slug,
        });
        assert.ok(response.status === 200 || response.status === 201, show(response));
        assert.equal((response.body as { heartbeat: { customer: string } }).heartbeat.customer, own.slug);
      }
      const theirs = await fx.t.request('GET', `/api/v1/customers/${other.slug}/heartbeats`, fx.t.tokens.noc);
      assert.ok(!(theirs.body as { heartbeats: Array<{ name: string }> }).heartbeats.some((h) => h.name === name));
      assertHidden(
        await fx.t.request('GET', `/api/v1/customers/${own.slug}/heartbeats/${name}`, other.user),
        own,
        `${other.slug} reads ${own.slug}'s heartbeat`,
      );
    },
  },
  heartbeatRoute('GET', '/api/v1/customers/:slug/heartbeats', undefined, 200),
  heartbeatRoute('GET', '/api/v1/customers/:slug/heartbeats/:name', undefined, 200),
  heartbeatRoute('POST', '/api/v1/customers/:slug/heartbeats', { name: 'tenancy-new', interval: '5m' }, 403),
  heartbeatRoute('PATCH', '/api/v1/customers/:slug/heartbeats/:name', { interval: '10m' }, 403),
  heartbeatRoute('DELETE', '/api/v1/customers/:slug/heartbeats/:name', undefined, 403),
  {
    method: 'GET',
    url: '/healthz',
    auth: 'public',
    async crossTenant(fx, { other }) {
      assertNoLeak(await fx.t.request('GET', '/healthz', null), other, 'healthz');
    },
  },
  {
    method: 'GET',
    url: '/readyz',
    auth: 'public',
    async crossTenant(fx, { other }) {
      assertNoLeak(await fx.t.request('GET', '/readyz', null), other, 'readyz');
    },
  },

  ingestRoute('/api/v1/alerts/zenoss', (own, other) => ({
    device: `claims-${other.slug}-${own.secret}`,
    summary: `for customer ${other.slug}`,
    severity: 5,
    customer: other.slug,
    customerId: 103,
    eventClass: `/Customers/${other.slug}`,
    DeviceGroups: `|/Customers/${other.slug}`,
    Location: other.slug,
  })),
  ingestRoute('/api/v1/alerts/alertmanager', (own, other) => ({
    version: '4',
    groupKey: `{}:{customer="${other.slug}"}`,
    status: 'firing',
    receiver: other.slug,
    commonLabels: { customer: other.slug },
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'Claim',
          instance: `claims-${other.slug}-${own.secret}`,
          customer: other.slug,
          tenant: other.slug,
        },
      },
    ],
  })),
  ingestRoute('/api/v2/alerts', (own, other) => [
    {
      labels: {
        alertname: 'ClaimV2',
        instance: `claims-${other.slug}-${own.secret}`,
        customer: other.slug,
        customer_id: '103',
      },
    },
  ]),
  ingestRoute('/api/v1/alerts', (own, other) => ({
    events: [
      {
        device: `claims-${other.slug}-${own.secret}`,
        summary: `for ${other.slug}`,
        severity: 'error',
        customer: other.slug,
        customerId: 103,
        labels: { customer: other.slug },
        deviceGroups: [other.slug],
      },
    ],
  })),

  {
    method: 'GET',
    url: '/api/v1/alerts',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const get = (query: string) => fx.t.request('GET', `/api/v1/alerts${query}`, own.user);
      assertHidden(await get(`?customer=${other.slug}`), other, `${own.slug} lists ${other.slug}`);
      assertHidden(
        await get(`?customer=${other.slug}&status=open,acknowledged,resolved`),
        other,
        `${own.slug} lists ${other.slug} by status`,
      );
      assertHidden(await get(`?customer=${own.slug},${other.slug}`), other, `${own.slug} lists both`);
      const repeated = await get(`?customer=${own.slug}&customer=${other.slug}`);
      assert.ok(repeated.status === 400 || repeated.status === 404, show(repeated));
      assertNoLeak(repeated, other, 'repeated customer parameter');
      for (const query of [
        '',
        '?status=open',
        '?status=open,acknowledged,resolved',
        `?customer=${own.slug}`,
        `?q=${other.alert}`,
        `?q=${other.secret}`,
        '?limit=5000',
      ]) {
        const response = await get(query);
        assertStatus(response, 200, `${own.slug} lists ${query || '(no query)'}`);
        const alerts = (response.body as { alerts: Array<{ customer: string; number: number }> }).alerts;
        for (const alert of alerts)
          assert.equal(
            alert.customer,
            own.slug,
            `${own.slug} saw ${alert.customer}'s alert ${alert.number} with ${query}`,
          );
        assertNoLeak(response, other, `list ${query}`);
        if (query === '' || query === `?customer=${own.slug}`)
          assert.ok(
            alerts.some((alert) => alert.number === own.alert),
            'own alert listed',
          );
      }
    },
  },
  {
    method: 'GET',
    url: '/api/v1/alerts/:number',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const hidden = await fx.t.request('GET', `/api/v1/alerts/${other.alert}`, own.user);
      assertHidden(hidden, other, `${own.slug} reads ${other.slug}'s alert`);
      const missing = await fx.t.request('GET', `/api/v1/alerts/${fx.missingAlert}`, own.user);
      assert.equal(missing.status, hidden.status);
      assert.equal(
        (missing.body as { error: { field?: string } }).error.field,
        (hidden.body as { error: { field?: string } }).error.field,
      );
      const head = await fetch(`${fx.t.url}/api/v1/alerts/${other.alert}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${own.user}` },
      });
      assert.equal(head.status, 404, "HEAD of another customer's alert");
      assertStatus(await fx.t.request('GET', `/api/v1/alerts/${own.alert}`, own.user), 200, 'own alert');
    },
  },
  // Time per person (Harvest): a customer user reads their own customer's; another's answers like a missing one.
  {
    method: 'GET',
    url: '/api/v1/alerts/:number/time',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const hidden = await fx.t.request('GET', `/api/v1/alerts/${other.alert}/time`, own.user);
      assertHidden(hidden, other, `${own.slug} reads ${other.slug}'s alert time`);
      const missing = await fx.t.request('GET', `/api/v1/alerts/${fx.missingAlert}/time`, own.user);
      assert.equal(missing.status, hidden.status);
      const mine = await fx.t.request('GET', `/api/v1/alerts/${own.alert}/time`, own.user);
      assertStatus(mine, 200, 'own alert time');
      assertNoLeak(mine, other, `${own.slug} reads its own alert time`);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers/:slug/time',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const path = (slug: string) => `/api/v1/customers/${slug}/time?month=2026-12`;
      assertHidden(
        await fx.t.request('GET', path(other.slug), own.user),
        other,
        `${own.slug} reads ${other.slug}'s time`,
      );
      const mine = await fx.t.request('GET', path(own.slug), own.user);
      assertStatus(mine, 200, 'own customer time');
      assertNoLeak(mine, other, `${own.slug} reads its own customer's time`);
    },
  },
  actionRoute('acknowledge', { note: 'mine now' }),
  actionRoute('resolve', { note: 'fixed it' }),
  actionRoute('reopen', {}),
  actionRoute('assign', { assignee: 'mallory' }),
  actionRoute('notes', { text: 'a note from the wrong customer' }),

  {
    method: 'GET',
    url: '/api/v1/customers/:slug/note-rules',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      assertHidden(
        await fx.t.request('GET', `/api/v1/customers/${other.slug}/note-rules`, own.user),
        other,
        `${own.slug} lists ${other.slug}'s rules`,
      );
      const mine = await fx.t.request('GET', `/api/v1/customers/${own.slug}/note-rules`, own.user);
      assertStatus(mine, 200, 'own rules');
      const rules = (mine.body as { rules: Array<{ id: number; customer: string }> }).rules;
      assert.ok(
        rules.some((rule) => rule.id === own.rule),
        'own rule listed',
      );
      for (const rule of rules) assert.equal(rule.customer, own.slug);
      assertNoLeak(mine, other, 'own rules');
    },
  },
  {
    method: 'POST',
    url: '/api/v1/customers/:slug/note-rules',
    auth: 'user',
    body: { name: 'injected', match: { deviceGlob: '*' }, tierNotes: 'call mallory' },
    async crossTenant(fx, { own, other }) {
      const body = { name: 'injected', match: { deviceGlob: '*' }, tierNotes: 'call mallory' };
      const before = await fx.t.request('GET', `/api/v1/customers/${other.slug}/note-rules`, fx.t.tokens.noc);
      assertHidden(
        await fx.t.request('POST', `/api/v1/customers/${other.slug}/note-rules`, own.user, body),
        other,
        `${own.slug} creates a rule for ${other.slug}`,
      );
      // Customer users read their runbook but may not change it.
      assertStatus(
        await fx.t.request('POST', `/api/v1/customers/${own.slug}/note-rules`, own.user, body),
        403,
        `${own.slug} creates own rule`,
        'forbidden',
      );
      const afterwards = await fx.t.request('GET', `/api/v1/customers/${other.slug}/note-rules`, fx.t.tokens.noc);
      assert.deepEqual(afterwards.body, before.body, `${other.slug}'s rules changed`);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers/:slug/note-rules/:id',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const get = (slug: string, id: number, token = own.user) =>
        fx.t.request('GET', `/api/v1/customers/${slug}/note-rules/${id}`, token);
      assertHidden(await get(other.slug, other.rule), other, `${own.slug} reads ${other.slug}'s rule`);
      assertHidden(await get(own.slug, other.rule), other, `${own.slug} reads ${other.slug}'s rule under its own slug`);
      assertHidden(
        await get(own.slug, other.rule, fx.t.tokens.noc),
        other,
        `staff read ${other.slug}'s rule under ${own.slug}`,
      );
      const mine = await get(own.slug, own.rule);
      assertStatus(mine, 200, 'own rule');
      assert.equal((mine.body as { customer: string }).customer, own.slug);
    },
  },
  {
    method: 'PUT',
    url: '/api/v1/customers/:slug/note-rules/:id',
    auth: 'user',
    body: { name: 'hijacked', match: { deviceGlob: '*' }, tierNotes: 'call mallory' },
    async crossTenant(fx, { own, other }) {
      const body = { name: 'hijacked', match: { deviceGlob: '*' }, tierNotes: 'call mallory' };
      const put = (slug: string, id: number, token = own.user) =>
        fx.t.request('PUT', `/api/v1/customers/${slug}/note-rules/${id}`, token, body);
      const before = await ruleAsStaff(fx, other.slug, other.rule);
      assertHidden(await put(other.slug, other.rule), other, `${own.slug} replaces ${other.slug}'s rule`);
      assertStatus(await put(own.slug, own.rule), 403, `${own.slug} replaces own rule`, 'forbidden');
      const crossed = await put(own.slug, other.rule);
      assert.ok(
        crossed.status === 403 || crossed.status === 404,
        `${own.slug} replaces ${other.slug}'s rule via own slug: ${show(crossed)}`,
      );
      // Even staff cannot reach a rule through the wrong customer's path.
      assertHidden(
        await put(own.slug, other.rule, fx.t.tokens.noc),
        other,
        `staff replace ${other.slug}'s rule under ${own.slug}`,
      );
      assert.deepEqual(
        (await ruleAsStaff(fx, other.slug, other.rule)).body,
        before.body,
        `${other.slug}'s rule changed`,
      );
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/customers/:slug/note-rules/:id',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const del = (slug: string, id: number, token = own.user) =>
        fx.t.request('DELETE', `/api/v1/customers/${slug}/note-rules/${id}`, token);
      assertHidden(await del(other.slug, other.rule), other, `${own.slug} deletes ${other.slug}'s rule`);
      assertStatus(await del(own.slug, own.rule), 403, `${own.slug} deletes own rule`, 'forbidden');
      const crossed = await del(own.slug, other.rule);
      assert.ok(crossed.status === 403 || crossed.status === 404, show(crossed));
      assertHidden(
        await del(own.slug, other.rule, fx.t.tokens.noc),
        other,
        `staff delete ${other.slug}'s rule under ${own.slug}`,
      );
      assertStatus(await ruleAsStaff(fx, other.slug, other.rule), 200, `${other.slug}'s rule still exists`);
      assertStatus(await ruleAsStaff(fx, own.slug, own.rule), 200, `${own.slug}'s rule still exists`);
    },
  },

  {
    method: 'GET',
    url: '/api/v1/me',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const me = await fx.t.request('GET', '/api/v1/me', own.user);
      assertStatus(me, 200, 'me');
      assert.equal((me.body as { customer: string }).customer, own.slug);
      assert.equal((me.body as { role: string }).role, 'customer');
      assertNoLeak(me, other, 'me');
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers',
    auth: 'user',
    async crossTenant(fx, { own }) {
      const response = await fx.t.request('GET', '/api/v1/customers', own.user);
      assertStatus(response, 200, 'customers');
      const slugs = (response.body as { customers: Array<{ slug: string }> }).customers.map(
        (customer) => customer.slug,
      );
      assert.deepEqual(slugs, [own.slug]);
      assert.ok(!JSON.stringify(response.body).includes(own.slug === 'acme' ? 'Globex' : 'Acme'));
      const staff = await fx.t.request('GET', '/api/v1/customers', fx.t.tokens.noc);
      assert.deepEqual((staff.body as { customers: Array<{ slug: string }> }).customers.map((c) => c.slug).sort(), [
        'acme',
        'globex',
      ]);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/customers/:slug/oncall',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      assertHidden(
        await fx.t.request('GET', `/api/v1/customers/${other.slug}/oncall`, own.user),
        other,
        `${own.slug} reads ${other.slug}'s on-call`,
      );
      const mine = await fx.t.request('GET', `/api/v1/customers/${own.slug}/oncall`, own.user);
      // 503 when no PagerDuty REST token is configured (as in tests); either way nothing of the other customer.
      assert.ok(mine.status === 200 || mine.status === 503, `own on-call: ${show(mine)}`);
      assertNoLeak(mine, other, 'own on-call');
    },
  },
  {
    method: 'POST',
    url: '/api/v1/webhooks/pagerduty',
    auth: 'signature',
    async crossTenant(fx, { own }) {
      const body = { event: { id: 'x', event_type: 'incident.acknowledged', data: { id: 'Q1', type: 'incident' } } };
      for (const secret of [own.user, own.key, fx.t.tokens.admin, null]) {
        const response = await fx.t.request('POST', '/api/v1/webhooks/pagerduty', secret, body, {
          'x-webhook-id': `tenancy-${keyCounter++}`,
        });
        assert.ok(
          response.status === 401 || response.status === 503,
          `a bearer token stood in for PagerDuty's signature: ${show(response)}`,
        );
      }
    },
  },
  {
    method: 'POST',
    url: '/api/v1/webhooks/zendesk',
    auth: 'signature',
    async crossTenant(fx, { own }) {
      const body = { id: 'x', type: 'zen:event-type:ticket.status_changed', detail: { id: '1' } };
      for (const secret of [own.user, own.key, fx.t.tokens.admin, null]) {
        const response = await fx.t.request('POST', '/api/v1/webhooks/zendesk', secret, body);
        assert.ok(
          response.status === 401 || response.status === 503,
          `a bearer token stood in for Zendesk's signature: ${show(response)}`,
        );
      }
    },
  },
  // Ops rooms: one per customer; a customer user is in their own room only.
  {
    method: 'GET',
    url: '/api/v1/rooms',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const response = await fx.t.request('GET', '/api/v1/rooms', own.user);
      assertStatus(response, 200, 'rooms');
      assert.deepEqual(
        (response.body as { rooms: Array<{ customer: string }> }).rooms.map((room) => room.customer),
        [own.slug],
      );
      assertNoLeak(response, other, 'rooms');
    },
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/:slug/messages',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      // Staff talk in the other customer's room first, so that there is something to leak.
      const said = await fx.t.request('POST', `/api/v1/rooms/${other.slug}/messages`, fx.t.tokens.noc, {
        body: `hello ${other.secret}`,
      });
      assert.ok(said.status < 300, show(said));
      assertHidden(
        await fx.t.request('GET', `/api/v1/rooms/${other.slug}/messages`, own.user),
        other,
        `${own.slug} reads ${other.slug}'s room`,
      );
      assertHidden(
        await fx.t.request('GET', `/api/v1/rooms/${other.slug}/messages?limit=1000&after=0`, own.user),
        other,
        `${own.slug} pages ${other.slug}'s room`,
      );
      const mine = await fx.t.request('GET', `/api/v1/rooms/${own.slug}/messages?limit=1000`, own.user);
      assertStatus(mine, 200, 'own room');
      assertNoLeak(mine, other, 'own room');
    },
  },
  {
    method: 'POST',
    url: '/api/v1/rooms/:slug/messages',
    auth: 'user',
    body: { body: 'hello' },
    async crossTenant(fx, { own, other }) {
      const before = await fx.t.request('GET', `/api/v1/rooms/${other.slug}/messages?limit=1000`, fx.t.tokens.noc);
      assertHidden(
        await fx.t.request(
          'POST',
          `/api/v1/rooms/${other.slug}/messages`,
          own.user,
          { body: 'hi from the wrong customer' },
          idem(),
        ),
        other,
        `${own.slug} posts in ${other.slug}'s room`,
      );
      assertHidden(
        await fx.t.request('POST', `/api/v1/rooms/${other.slug}/messages`, own.user, { body: `.ack ${other.alert}` }),
        other,
        `${own.slug} sends a command in ${other.slug}'s room`,
      );
      const afterwards = await fx.t.request('GET', `/api/v1/rooms/${other.slug}/messages?limit=1000`, fx.t.tokens.noc);
      assert.deepEqual(afterwards.body, before.body, `${other.slug}'s room changed`);
      const mine = await fx.t.request(
        'POST',
        `/api/v1/rooms/${own.slug}/messages`,
        own.user,
        { body: 'hello from my own room' },
        idem(),
      );
      assert.ok(mine.status === 200 || mine.status === 201, `own room post: ${show(mine)}`);
      assertNoLeak(mine, other, 'own room post');
    },
  },
  // The internal room is staff-only: a customer user is refused it (403 naming room.internal) for any customer, their
  // own too, so the answer says nothing about whether the other customer exists.
  {
    method: 'GET',
    url: '/api/v1/rooms/:slug/internal/messages',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const said = await fx.t.request('POST', `/api/v1/rooms/${other.slug}/internal/messages`, fx.t.tokens.noc, {
        body: `internal ${other.secret}`,
      });
      assert.ok(said.status < 300, show(said));
      for (const slug of [other.slug, own.slug]) {
        const response = await fx.t.request('GET', `/api/v1/rooms/${slug}/internal/messages?limit=1000`, own.user);
        assertStatus(response, 403, `${own.slug} reads ${slug}'s internal room`, 'forbidden');
        assertNoLeak(response, other, `${own.slug} reads ${slug}'s internal room`);
      }
      const shared = await fx.t.request('GET', `/api/v1/rooms/${other.slug}/messages?limit=1000`, fx.t.tokens.noc);
      assert.ok(
        !JSON.stringify(shared.body).includes(`internal ${other.secret}`),
        'the shared room lists no internal line',
      );
    },
  },
  {
    method: 'POST',
    url: '/api/v1/rooms/:slug/internal/messages',
    auth: 'user',
    body: { body: 'hello' },
    async crossTenant(fx, { own, other }) {
      const before = await fx.t.request(
        'GET',
        `/api/v1/rooms/${other.slug}/internal/messages?limit=1000`,
        fx.t.tokens.noc,
      );
      for (const slug of [other.slug, own.slug]) {
        const response = await fx.t.request(
          'POST',
          `/api/v1/rooms/${slug}/internal/messages`,
          own.user,
          { body: `.ack ${other.alert}` },
          idem(),
        );
        assertStatus(response, 403, `${own.slug} posts in ${slug}'s internal room`, 'forbidden');
        assertNoLeak(response, other, `${own.slug} posts in ${slug}'s internal room`);
      }
      const afterwards = await fx.t.request(
        'GET',
        `/api/v1/rooms/${other.slug}/internal/messages?limit=1000`,
        fx.t.tokens.noc,
      );
      assert.deepEqual(afterwards.body, before.body, `${other.slug}'s internal room changed`);
    },
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/:slug/pages',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      assertHidden(
        await fx.t.request('GET', `/api/v1/rooms/${other.slug}/pages`, own.user),
        other,
        `${own.slug} reads ${other.slug}'s pages`,
      );
      const mine = await fx.t.request('GET', `/api/v1/rooms/${own.slug}/pages`, own.user);
      assertStatus(mine, 200, 'own pages');
      assertNoLeak(mine, other, 'own pages');
    },
  },
  {
    method: 'GET',
    url: '/api/v1/rooms/:slug/audit',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      const range = `from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`;
      for (const format of ['json', 'csv', 'md']) {
        assertHidden(
          await fx.t.request('GET', `/api/v1/rooms/${other.slug}/audit?${range}&format=${format}`, own.user),
          other,
          `${own.slug} exports ${other.slug}'s audit as ${format}`,
        );
        const mine = await fx.t.request('GET', `/api/v1/rooms/${own.slug}/audit?${range}&format=${format}`, own.user);
        // The audit export is a staff right; customer users read their room as it happens.
        assertStatus(mine, 403, `own audit as ${format}`, 'forbidden');
        assertNoLeak(
          typeof mine.body === 'string' ? mine.body : JSON.stringify(mine.body),
          other,
          `own audit ${format}`,
        );
      }
    },
  },

  // The paging directory: customers see what their room can page; only admins write.
  {
    method: 'GET',
    url: '/api/v1/paging-targets',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      assertHidden(
        await fx.t.request('GET', `/api/v1/paging-targets?customer=${other.slug}`, own.user),
        other,
        `${own.slug} lists ${other.slug}'s paging targets`,
      );
      const mine = await fx.t.request('GET', '/api/v1/paging-targets', own.user);
      assertStatus(mine, 200, 'own paging targets');
      for (const target of (mine.body as { targets: Array<{ customer?: string | null }> }).targets) {
        assert.ok(
          target.customer === undefined || target.customer === null || target.customer === own.slug,
          `${own.slug} sees target ${JSON.stringify(target)}`,
        );
      }
      const text = JSON.stringify(mine.body);
      assert.ok(
        !text.includes('"routingKey"') && !/[abc]{32}/.test(text),
        `routing keys must not leave the server: ${text}`,
      );
    },
  },
  {
    method: 'POST',
    url: '/api/v1/paging-targets',
    auth: 'user',
    body: { path: 'tenancy/probe', name: 'probe', routingKey: 'a'.repeat(32) },
    async crossTenant(fx, { own, other }) {
      for (const customer of [other.slug, own.slug]) {
        const response = await fx.t.request('POST', '/api/v1/paging-targets', own.user, {
          path: `${own.slug}/oncall`,
          name: 'mine',
          routingKey: 'b'.repeat(32),
          customer,
        });
        assertStatus(response, 403, `${own.slug} writes a paging target for ${customer}`, 'forbidden');
      }
    },
  },
  {
    method: 'DELETE',
    url: '/api/v1/paging-targets',
    auth: 'user',
    async crossTenant(fx, { own }) {
      assertStatus(
        await fx.t.request('DELETE', `/api/v1/paging-targets?path=${own.slug}/oncall`, own.user),
        403,
        `${own.slug} deletes a paging target`,
        'forbidden',
      );
    },
  },

  {
    method: 'GET',
    url: '/api/v1/stream',
    auth: 'user',
    async crossTenant(fx, { own, other }) {
      for (const customers of [
        other.slug,
        `${own.slug},${other.slug}`,
        `${other.slug},${own.slug}`,
        ` ${other.slug} `,
      ]) {
        const stream = openStream(fx.t.url, own.user, { customers });
        assert.equal(
          await stream.refused,
          404,
          `${own.slug}'s stream with customers=${customers} was not refused before the upgrade`,
        );
        stream.close();
      }
      // Replay from the start of the log carries only the user's own customer.
      const replay = openStream(fx.t.url, own.user, { since: '0' });
      try {
        assert.equal(await replay.refused, null);
        await waitForMessage(replay, 'caught-up');
        assert.ok(replay.events.length > 0, 'replay carried nothing');
        for (const event of replay.events)
          assert.equal(event.customer, own.slug, `replay carried ${JSON.stringify(event).slice(0, 300)}`);
        assertNoLeak(JSON.stringify(replay.messages), other, 'replayed stream');
        const hello = replay.messages.find((message) => message.type === 'hello');
        assert.deepEqual(hello && 'customers' in hello ? hello.customers : null, [own.slug]);
      } finally {
        replay.close();
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Every action × every principal
// ---------------------------------------------------------------------------------------------------------------

type RoleName = 'admin' | 'operator' | 'engineer' | 'pm' | 'customer';
/** Every principal a request can come from: the five roles, a customer's ingest key, and nobody. */
type Caller = RoleName | 'ingest key' | 'no token';
const CALLERS: readonly Caller[] = ['admin', 'operator', 'engineer', 'pm', 'customer', 'ingest key', 'no token'];

const Y = true;
const N = false;
/**
 * The role table as this test expects it, written out on its own rather than read from shared/permissions.ts, so
 * that a change there that is not made here too fails. Columns: admin, operator, engineer, pm, customer user
 * (Acme's fred, acting in Acme's room). An ingest key and a request without a token may do none of these.
 */
const RIGHTS: Readonly<Record<string, readonly [boolean, boolean, boolean, boolean, boolean]>> = {
  //                     admin operator engineer pm  customer
  'alert.read': [Y, Y, Y, Y, Y],
  'alert.note': [Y, Y, Y, Y, Y],
  'alert.acknowledge': [Y, Y, Y, Y, N],
  'alert.resolve': [Y, Y, Y, Y, N],
  'alert.reopen': [Y, Y, Y, Y, N],
  'alert.assign': [Y, Y, Y, Y, N],
  'alert.escalate': [Y, Y, Y, Y, N],
  'alert.reassign': [Y, Y, Y, Y, N],
  'room.read': [Y, Y, Y, Y, Y],
  'room.chat': [Y, Y, Y, Y, Y],
  'page.own-queue': [Y, Y, Y, Y, Y],
  'page.noc-target': [Y, Y, Y, Y, N],
  'audit.export': [Y, Y, Y, Y, N],
  'note-rules.read': [Y, Y, Y, Y, Y],
  'note-rules.edit': [Y, Y, Y, Y, N],
  'paging-targets.read': [Y, Y, Y, Y, Y],
  'paging-targets.edit': [Y, N, N, N, N],
  'stream.read': [Y, Y, Y, Y, Y],
  'heartbeats.read': [Y, Y, Y, Y, Y],
  'heartbeats.edit': [Y, Y, Y, Y, N],
  'maintenance.read': [Y, Y, Y, Y, Y],
  'maintenance.manage': [Y, Y, Y, Y, N],
  'transforms.read': [Y, Y, Y, Y, Y],
  'transforms.manage': [Y, Y, Y, Y, N],
  'transforms.manage-global': [Y, N, N, N, N],
  'room.internal': [Y, Y, Y, Y, N],
  'noise.read': [Y, Y, Y, Y, Y],
  'triage.run': [Y, Y, Y, Y, N],
  'ticket.create': [Y, Y, Y, Y, N],
  'time.track': [Y, Y, Y, Y, N],
};
const ROLE_COLUMNS: readonly RoleName[] = ['admin', 'operator', 'engineer', 'pm', 'customer'];

function mayDo(caller: Caller, action: string): boolean {
  const row = RIGHTS[action];
  assert.ok(row, `no row for ${action}`);
  const column = ROLE_COLUMNS.indexOf(caller as RoleName);
  return column >= 0 && row[column] === true;
}

interface Who {
  caller: Caller;
  /** the bearer secret, null for no token */
  token: string | null;
}

interface MatrixFixture {
  fx: Fixture;
  tokens: Record<Caller, string | null>;
  db: Sql;
}

/**
 * One REST request for `action`: allowed, it must answer `allowed`; refused, a user gets 403 naming the action and
 * the role, an ingest key 403, and no token 401.
 */
async function rest(
  m: MatrixFixture,
  who: Who,
  action: string,
  request: { method: Method; path: string; body?: unknown },
  allowed: number,
): Promise<TestResponse> {
  const headers = request.method === 'POST' ? idem() : {};
  const response = await m.fx.t.request(request.method, request.path, who.token, request.body, headers);
  const what = `${who.caller}: ${request.method} ${request.path} (${action})`;
  if (who.caller === 'no token') assertStatus(response, 401, what, 'unauthorized');
  else if (who.caller === 'ingest key') assertStatus(response, 403, what, 'forbidden');
  else if (mayDo(who.caller, action)) assertStatus(response, allowed, what);
  else {
    assertStatus(response, 403, what, 'forbidden');
    const message = (response.body as { error: { message: string } }).error.message;
    assert.ok(message.includes(action), `${what}: the refusal does not name the action: ${message}`);
    assert.ok(message.includes(who.caller), `${what}: the refusal does not name the role: ${message}`);
  }
  return response;
}

/**
 * One room line typed in Acme's room for `action`. A user always gets the line stored (201); refused, the bot
 * answers in the room naming the action and the role, never silence. An ingest key gets 403, no token 401.
 * Returns the bot's replies (empty when the caller could not post).
 */
async function roomLine(m: MatrixFixture, who: Who, action: string, line: string): Promise<string[]> {
  const response = await m.fx.t.request('POST', '/api/v1/rooms/acme/messages', who.token, { body: line }, idem());
  const what = `${who.caller} types ${JSON.stringify(line)} (${action})`;
  if (who.caller === 'no token') {
    assertStatus(response, 401, what, 'unauthorized');
    return [];
  }
  if (who.caller === 'ingest key') {
    assertStatus(response, 403, what, 'forbidden');
    return [];
  }
  assertStatus(response, 201, what);
  const replies = (response.body as { replies: Array<{ body: string }> }).replies.map((reply) => reply.body);
  const refusals = replies.filter((reply) => reply.includes('may not'));
  if (mayDo(who.caller, action)) {
    assert.deepEqual(refusals, [], `${what}: refused`);
  } else {
    assert.equal(refusals.length, 1, `${what}: no refusal in the room, replies: ${JSON.stringify(replies)}`);
    assert.ok(refusals[0]?.includes(`(${action})`) && refusals[0].includes(who.caller), `${what}: ${refusals[0]}`);
  }
  return replies;
}

async function freshAlert(m: MatrixFixture, label: string): Promise<number> {
  return ingest(m.fx.t, m.fx.tenants.acme, `matrix-${label}-${keyCounter++}`);
}

async function statusOf(m: MatrixFixture, number: number): Promise<string> {
  return (await getAlertAsStaff(m.fx, number)).alert.status;
}

/** An alert the operator has resolved. */
async function resolvedAlert(m: MatrixFixture, label: string): Promise<number> {
  const number = await freshAlert(m, label);
  const resolved = await m.fx.t.request('POST', `/api/v1/alerts/${number}/resolve`, m.fx.t.tokens.noc, {}, idem());
  assertStatus(resolved, 200, 'the operator resolves');
  return number;
}

/** Rows queued for PagerDuty about alert `number` (pages and what followed them). */
async function outboxRows(m: MatrixFixture, number: number): Promise<number> {
  const result = await m.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pagerduty_outbox o JOIN pages p ON p.id = o.page_id JOIN alerts a ON a.id = p.alert_id
     WHERE a.number = $1`,
    [number],
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** An alert the operator has paged to the NOC's casc/int/systems: it has a PagerDuty incident (queued). */
async function pagedAlert(m: MatrixFixture, label: string): Promise<number> {
  const number = await freshAlert(m, label);
  const page = await m.fx.t.request('POST', '/api/v1/rooms/acme/messages', m.fx.t.tokens.noc, {
    body: `.oncall [casc/int/systems, ${number}]`,
  });
  assertStatus(page, 201, 'the operator pages');
  assert.ok((await outboxRows(m, number)) > 0, 'the page was queued for PagerDuty');
  return number;
}

async function pagesMentioning(m: MatrixFixture, text: string): Promise<number> {
  const response = await m.fx.t.request('GET', '/api/v1/rooms/acme/pages', m.fx.t.tokens.noc);
  return (response.body as { pages: Array<{ message: string }> }).pages.filter((page) => page.message.includes(text))
    .length;
}

type Probe = (m: MatrixFixture, who: Who) => Promise<void>;

/** How each action is tried, over REST and in the room; each probe asserts what it must change, or not. */
const PROBES: Readonly<Record<string, readonly Probe[]>> = {
  'transforms.read': [
    async (m, who) =>
      void (await rest(m, who, 'transforms.read', { method: 'GET', path: '/api/v1/customers/acme/transforms' }, 200)),
    async (m, who) =>
      void (await rest(
        m,
        who,
        'transforms.read',
        {
          method: 'POST',
          path: '/api/v1/customers/acme/transforms/preview',
          body: { match: { device: 'matrix-*' }, actions: [{ type: 'suppress' }], days: 1 },
        },
        200,
      )),
  ],
  'transforms.manage': [
    async (m, who) => {
      const base = '/api/v1/customers/acme/transforms';
      const body = {
        name: `matrix ${who.caller}`,
        match: { device: 'matrix-no-such-device' },
        actions: [{ type: 'suppress' }],
      };
      const made = await rest(m, who, 'transforms.manage', { method: 'POST', path: base, body }, 201);
      const staff = made.status === 201 ? made : await m.fx.t.request('POST', base, m.fx.t.tokens.noc, body, idem());
      const id = (staff.body as { transform: { id: number } }).transform.id;
      await rest(m, who, 'transforms.manage', { method: 'PATCH', path: `${base}/${id}`, body: { position: 7 } }, 200);
      await rest(m, who, 'transforms.manage', { method: 'DELETE', path: `${base}/${id}` }, 200);
      const read = await m.fx.t.request('GET', `${base}/${id}`, m.fx.t.tokens.noc);
      assert.equal(read.status, mayDo(who.caller, 'transforms.manage') ? 404 : 200, show(read));
    },
  ],
  'transforms.manage-global': [
    async (m, who) => {
      const body = {
        name: `matrix ${who.caller}`,
        match: { device: 'matrix-no-such-device' },
        actions: [{ type: 'suppress' }],
      };
      const made = await rest(
        m,
        who,
        'transforms.manage-global',
        { method: 'POST', path: '/api/v1/transforms', body },
        201,
      );
      if (made.status === 201) {
        const id = (made.body as { transform: { id: number } }).transform.id;
        await rest(m, who, 'transforms.manage-global', { method: 'DELETE', path: `/api/v1/transforms/${id}` }, 200);
      }
    },
  ],
  'room.internal': [
    async (m, who) =>
      void (await rest(m, who, 'room.internal', { method: 'GET', path: '/api/v1/rooms/acme/internal/messages' }, 200)),
    async (m, who) =>
      void (await rest(
        m,
        who,
        'room.internal',
        { method: 'POST', path: '/api/v1/rooms/acme/internal/messages', body: { body: 'internal probe' } },
        201,
      )),
    async (m, who) => void (await roomLine(m, who, 'room.internal', '.both probe in both rooms')),
  ],
  // This node has no Zendesk token: staff are told tickets are not configured, a customer user is refused the right.
  'ticket.create': [
    async (m, who) =>
      void (await roomLine(m, who, 'ticket.create', `.ticket urgent ${await freshAlert(m, 'ticket')} probe`)),
  ],
  // This node has no Harvest settings: staff are told Harvest is not configured, a customer user is refused the right.
  'time.track': [
    async (m, who) => void (await roomLine(m, who, 'time.track', `.time start ${await freshAlert(m, 'time')}`)),
  ],
  'noise.read': [
    async (m, who) =>
      void (await rest(m, who, 'noise.read', { method: 'GET', path: '/api/v1/customers/acme/noise?since=30d' }, 200)),
    async (m, who) =>
      void (await rest(m, who, 'noise.read', { method: 'GET', path: '/api/v1/customers/acme/noise/trend' }, 200)),
    async (m, who) =>
      void (await rest(m, who, 'noise.read', { method: 'GET', path: '/api/v1/customers/acme/triage' }, 200)),
    async (m, who) => void (await roomLine(m, who, 'noise.read', '.noise 30d')),
    async (m, who) => void (await roomLine(m, who, 'noise.read', '.triage status')),
  ],
  'triage.run': [
    async (m, who) => {
      const base = '/api/v1/customers/acme/triage';
      // A session left open by the route table's checks is ended first: a customer has one open at a time.
      const open = (await m.fx.t.request('GET', base, m.fx.t.tokens.noc)).body as { open: { id: number } | null };
      if (open.open) await m.fx.t.request('POST', `${base}/${open.open.id}/end`, m.fx.t.tokens.noc);
      const started = await rest(m, who, 'triage.run', { method: 'POST', path: base, body: {} }, 201);
      const session =
        started.status === 201 ? started : await m.fx.t.request('POST', base, m.fx.t.tokens.noc, {}, idem());
      assertStatus(session, 201, `staff start a session for ${who.caller}`);
      const id = (session.body as { id: number }).id;
      await rest(
        m,
        who,
        'triage.run',
        { method: 'POST', path: `${base}/${id}/items/1`, body: { decision: 'skip' } },
        200,
      );
      const ended = await rest(m, who, 'triage.run', { method: 'POST', path: `${base}/${id}/end` }, 200);
      if (ended.status !== 200)
        assertStatus(await m.fx.t.request('POST', `${base}/${id}/end`, m.fx.t.tokens.noc), 200, 'end');
    },
    async (m, who) => {
      await roomLine(m, who, 'triage.run', '.triage start 30d');
      await roomLine(m, who, 'triage.run', '.triage end');
    },
  ],
  'maintenance.read': [
    async (m, who) =>
      void (await rest(m, who, 'maintenance.read', { method: 'GET', path: '/api/v1/customers/acme/maintenance' }, 200)),
    async (m, who) => void (await roomLine(m, who, 'maintenance.read', '.maint list')),
  ],
  'maintenance.manage': [
    async (m, who) => {
      const base = '/api/v1/customers/acme/maintenance';
      const body = { scope: { devices: ['matrix-no-such-device'] }, duration: '1h', reason: `matrix ${who.caller}` };
      const made = await rest(m, who, 'maintenance.manage', { method: 'POST', path: base, body }, 201);
      const staff = made.status === 201 ? made : await m.fx.t.request('POST', base, m.fx.t.tokens.noc, body, idem());
      const id = (staff.body as { window: { id: number } }).window.id;
      await rest(
        m,
        who,
        'maintenance.manage',
        { method: 'PATCH', path: `${base}/${id}`, body: { extendBy: '1h' } },
        200,
      );
      await rest(m, who, 'maintenance.manage', { method: 'DELETE', path: `${base}/${id}` }, 200);
      const listed = await m.fx.t.request('GET', base, m.fx.t.tokens.noc);
      const window = (listed.body as { windows: Array<{ id: number; state: string }> }).windows.find(
        (w) => w.id === id,
      );
      assert.equal(window?.state, mayDo(who.caller, 'maintenance.manage') ? 'ended' : 'active');
    },
    async (m, who) =>
      void (await roomLine(m, who, 'maintenance.manage', `.maint matrix-no-such-device 1h matrix ${who.caller}`)),
  ],
  'heartbeats.read': [
    async (m, who) =>
      void (await rest(m, who, 'heartbeats.read', { method: 'GET', path: '/api/v1/customers/acme/heartbeats' }, 200)),
    async (m, who) => {
      await m.fx.t.request('POST', '/api/v1/heartbeats/matrix-read', m.fx.t.keys.acme);
      await rest(
        m,
        who,
        'heartbeats.read',
        { method: 'GET', path: '/api/v1/customers/acme/heartbeats/matrix-read' },
        200,
      );
    },
  ],
  'heartbeats.edit': [
    async (m, who) => {
      const name = `matrix-${who.caller.replace(/\W/g, '-')}`;
      const base = '/api/v1/customers/acme/heartbeats';
      await rest(m, who, 'heartbeats.edit', { method: 'POST', path: base, body: { name, interval: '5m' } }, 201);
      await m.fx.t.request('POST', base, m.fx.t.tokens.noc, { name, interval: '5m' });
      await rest(m, who, 'heartbeats.edit', { method: 'PATCH', path: `${base}/${name}`, body: { grace: '1m' } }, 200);
      await rest(m, who, 'heartbeats.edit', { method: 'DELETE', path: `${base}/${name}` }, 204);
      const left = await m.fx.t.request('GET', `${base}/${name}`, m.fx.t.tokens.noc);
      assert.equal(left.status, mayDo(who.caller, 'heartbeats.edit') ? 404 : 200);
      if (left.status === 200) assert.equal((left.body as { graceMs: number }).graceMs, 120_000);
    },
  ],
  'alert.read': [
    async (m, who) =>
      void (await rest(
        m,
        who,
        'alert.read',
        { method: 'GET', path: `/api/v1/alerts/${m.fx.tenants.acme.alert}` },
        200,
      )),
    async (m, who) =>
      void (await rest(m, who, 'alert.read', { method: 'GET', path: '/api/v1/alerts?customer=acme' }, 200)),
  ],
  'alert.note': [
    async (m, who) => {
      const number = await freshAlert(m, 'note');
      await rest(
        m,
        who,
        'alert.note',
        { method: 'POST', path: `/api/v1/alerts/${number}/notes`, body: { text: 'matrix note' } },
        200,
      );
      assert.equal((await getAlertAsStaff(m.fx, number)).comments.length, mayDo(who.caller, 'alert.note') ? 1 : 0);
    },
    // On an alert the NOC paged: a customer's note is kept in COSS and stays off the NOC's PagerDuty incident.
    async (m, who) => {
      const number = await pagedAlert(m, 'note-room');
      const queued = await outboxRows(m, number);
      const replies = await roomLine(m, who, 'alert.note', `.note ${number} matrix note`);
      assert.equal((await getAlertAsStaff(m.fx, number)).comments.length, mayDo(who.caller, 'alert.note') ? 1 : 0);
      if (who.caller === 'customer')
        assert.match(replies.join('\n'), /incidents are the NOC's, so the note stays in COSS/);
      assert.equal(await outboxRows(m, number), queued);
    },
  ],
  'alert.acknowledge': [
    async (m, who) => {
      const number = await freshAlert(m, 'ack');
      await rest(
        m,
        who,
        'alert.acknowledge',
        { method: 'POST', path: `/api/v1/alerts/${number}/acknowledge`, body: {} },
        200,
      );
      assert.equal(await statusOf(m, number), mayDo(who.caller, 'alert.acknowledge') ? 'acknowledged' : 'open');
    },
    async (m, who) => {
      const number = await pagedAlert(m, 'ack-room');
      const queued = await outboxRows(m, number);
      await roomLine(m, who, 'alert.acknowledge', `.ack ${number}`);
      const allowed = mayDo(who.caller, 'alert.acknowledge');
      assert.equal(await statusOf(m, number), allowed ? 'acknowledged' : 'open');
      assert.equal(
        (await outboxRows(m, number)) > queued,
        allowed,
        `${who.caller}'s .ack reached PagerDuty: ${!allowed}`,
      );
    },
  ],
  'alert.resolve': [
    async (m, who) => {
      const number = await pagedAlert(m, 'resolve');
      const queued = await outboxRows(m, number);
      await rest(m, who, 'alert.resolve', { method: 'POST', path: `/api/v1/alerts/${number}/resolve`, body: {} }, 200);
      const allowed = mayDo(who.caller, 'alert.resolve');
      assert.equal(await statusOf(m, number), allowed ? 'resolved' : 'open');
      assert.equal(
        (await outboxRows(m, number)) > queued,
        allowed,
        `${who.caller}'s resolve reached PagerDuty: ${!allowed}`,
      );
    },
    // The reported defect: a customer user's .resolve resolved the incident an operator had paged.
    async (m, who) => {
      const number = await pagedAlert(m, 'resolve-room');
      const queued = await outboxRows(m, number);
      await roomLine(m, who, 'alert.resolve', `.resolve ${number}`);
      const allowed = mayDo(who.caller, 'alert.resolve');
      assert.equal(await statusOf(m, number), allowed ? 'resolved' : 'open');
      assert.equal(
        (await outboxRows(m, number)) > queued,
        allowed,
        `${who.caller}'s .resolve reached PagerDuty: ${!allowed}`,
      );
    },
  ],
  'alert.reopen': [
    async (m, who) => {
      const number = await resolvedAlert(m, 'reopen');
      await rest(m, who, 'alert.reopen', { method: 'POST', path: `/api/v1/alerts/${number}/reopen`, body: {} }, 200);
      assert.equal(await statusOf(m, number), mayDo(who.caller, 'alert.reopen') ? 'open' : 'resolved');
    },
    async (m, who) => {
      const number = await resolvedAlert(m, 'reopen-room');
      await roomLine(m, who, 'alert.reopen', `.reopen ${number}`);
      assert.equal(await statusOf(m, number), mayDo(who.caller, 'alert.reopen') ? 'open' : 'resolved');
    },
  ],
  'alert.assign': [
    async (m, who) => {
      const number = await freshAlert(m, 'assign');
      await rest(
        m,
        who,
        'alert.assign',
        { method: 'POST', path: `/api/v1/alerts/${number}/assign`, body: { assignee: 'romel' } },
        200,
      );
      assert.equal(
        (await getAlertAsStaff(m.fx, number)).alert.assignee,
        mayDo(who.caller, 'alert.assign') ? 'romel' : null,
      );
    },
  ],
  'alert.escalate': [
    async (m, who) => {
      const number = await pagedAlert(m, 'escalate');
      const queued = await outboxRows(m, number);
      await roomLine(m, who, 'alert.escalate', `.escalate ${number}`);
      // No PagerDuty REST token in tests: an allowed escalation is answered with that, and queues nothing either.
      assert.equal(await outboxRows(m, number), queued);
    },
  ],
  'alert.reassign': [
    async (m, who) => {
      const number = await freshAlert(m, 'reassign');
      const replies = await roomLine(m, who, 'alert.reassign', `.reassign ${number} casc/int/systems`);
      if (mayDo(who.caller, 'alert.reassign')) assert.match(replies.join('\n'), /was not paged/);
    },
  ],
  'room.read': [
    async (m, who) =>
      void (await rest(m, who, 'room.read', { method: 'GET', path: '/api/v1/rooms/acme/messages' }, 200)),
    async (m, who) => void (await rest(m, who, 'room.read', { method: 'GET', path: '/api/v1/rooms/acme/pages' }, 200)),
    async (m, who) => void (await rest(m, who, 'room.read', { method: 'GET', path: '/api/v1/rooms' }, 200)),
    async (m, who) => void (await rest(m, who, 'room.read', { method: 'GET', path: '/api/v1/customers' }, 200)),
  ],
  'room.chat': [
    async (m, who) => assert.deepEqual(await roomLine(m, who, 'room.chat', 'all quiet here'), []),
    async (m, who) => {
      const replies = await roomLine(m, who, 'room.chat', '.help');
      if (who.token !== null && who.caller !== 'ingest key') assert.match(replies.join('\n'), /Room commands/);
    },
  ],
  'page.own-queue': [
    async (m, who) => {
      const text = `own queue page ${keyCounter++}`;
      await roomLine(m, who, 'page.own-queue', `.oncall [acme/oncall] ${text}`);
      assert.equal(await pagesMentioning(m, text), mayDo(who.caller, 'page.own-queue') ? 1 : 0);
    },
    async (m, who) => {
      const replies = await roomLine(m, who, 'page.own-queue', '.who acme/oncall');
      if (mayDo(who.caller, 'page.own-queue')) assert.match(replies.join('\n'), /PAGERDUTY_API_TOKEN/);
    },
  ],
  // The reported defect: a customer's `.oncall [casc/int/systems, …]` and `.who casc/int/systems` got no reply.
  'page.noc-target': [
    async (m, who) => {
      const number = await freshAlert(m, 'noc-page');
      const text = `noc page ${keyCounter++}`;
      await roomLine(m, who, 'page.noc-target', `.oncall [casc/int/systems, ${number}] ${text}`);
      assert.equal(await pagesMentioning(m, text), mayDo(who.caller, 'page.noc-target') ? 1 : 0);
    },
    async (m, who) => {
      const replies = await roomLine(m, who, 'page.noc-target', '.who casc/int/systems');
      if (mayDo(who.caller, 'page.noc-target')) assert.match(replies.join('\n'), /PAGERDUTY_API_TOKEN/);
    },
    // The directory shows a customer user only what they may page.
    async (m, who) => {
      const response = await rest(
        m,
        who,
        'paging-targets.read',
        { method: 'GET', path: '/api/v1/paging-targets?customer=acme' },
        200,
      );
      if (response.status !== 200) return;
      const paths = (response.body as { targets: Array<{ path: string }> }).targets.map((target) => target.path);
      assert.equal(
        paths.includes('casc/int/systems'),
        mayDo(who.caller, 'page.noc-target'),
        `${who.caller} sees ${paths.join(', ')}`,
      );
      assert.ok(paths.includes('acme/oncall') && !paths.includes('globex/oncall'), paths.join(', '));
    },
  ],
  'audit.export': [
    async (m, who) => {
      for (const format of ['json', 'csv', 'md']) {
        await rest(
          m,
          who,
          'audit.export',
          {
            method: 'GET',
            path: `/api/v1/rooms/acme/audit?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&format=${format}`,
          },
          200,
        );
      }
    },
  ],
  'note-rules.read': [
    async (m, who) =>
      void (await rest(m, who, 'note-rules.read', { method: 'GET', path: '/api/v1/customers/acme/note-rules' }, 200)),
    async (m, who) =>
      void (await rest(
        m,
        who,
        'note-rules.read',
        { method: 'GET', path: `/api/v1/customers/acme/note-rules/${m.fx.tenants.acme.rule}` },
        200,
      )),
  ],
  'note-rules.edit': [
    async (m, who) => {
      const rule = { name: `matrix ${who.caller}`, match: { deviceGlob: 'matrix-none-*' }, tierNotes: 'x' };
      await rest(
        m,
        who,
        'note-rules.edit',
        { method: 'POST', path: '/api/v1/customers/acme/note-rules', body: rule },
        201,
      );
      const made = await m.fx.t.request('POST', '/api/v1/customers/acme/note-rules', m.fx.t.tokens.noc, rule);
      const id = (made.body as { id: number }).id;
      await rest(
        m,
        who,
        'note-rules.edit',
        { method: 'PUT', path: `/api/v1/customers/acme/note-rules/${id}`, body: { ...rule, tierNotes: 'y' } },
        200,
      );
      await rest(m, who, 'note-rules.edit', { method: 'DELETE', path: `/api/v1/customers/acme/note-rules/${id}` }, 204);
      const left = await m.fx.t.request('GET', `/api/v1/customers/acme/note-rules/${id}`, m.fx.t.tokens.noc);
      assert.equal(left.status, mayDo(who.caller, 'note-rules.edit') ? 404 : 200);
      if (left.status === 200) assert.equal((left.body as { tierNotes: string }).tierNotes, 'x');
    },
  ],
  'paging-targets.read': [
    async (m, who) =>
      void (await rest(m, who, 'paging-targets.read', { method: 'GET', path: '/api/v1/paging-targets' }, 200)),
  ],
  'paging-targets.edit': [
    async (m, who) => {
      const path = `matrix/${who.caller.replace(/\W/g, '-')}`;
      await rest(
        m,
        who,
        'paging-targets.edit',
        { method: 'POST', path: '/api/v1/paging-targets', body: { path, name: 'matrix', routingKey: 'm'.repeat(32) } },
        201,
      );
      await m.fx.t.request('POST', '/api/v1/paging-targets', m.fx.t.tokens.admin, {
        path,
        name: 'matrix',
        routingKey: 'm'.repeat(32),
      });
      await rest(m, who, 'paging-targets.edit', { method: 'DELETE', path: `/api/v1/paging-targets?path=${path}` }, 204);
      const listed = await m.fx.t.request('GET', '/api/v1/paging-targets', m.fx.t.tokens.admin);
      const kept = (listed.body as { targets: Array<{ path: string }> }).targets.some((target) => target.path === path);
      assert.equal(kept, !mayDo(who.caller, 'paging-targets.edit'));
    },
  ],
  'stream.read': [
    async (m, who) => {
      const stream = openStream(m.fx.t.url, who.token ?? '', { customers: 'acme' });
      try {
        const refused = await stream.refused;
        const expected =
          who.caller === 'no token'
            ? 401
            : who.caller === 'ingest key'
              ? 403
              : mayDo(who.caller, 'stream.read')
                ? null
                : 403;
        assert.equal(refused, expected, `${who.caller} opens a stream`);
      } finally {
        stream.close();
      }
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// Route discovery
// ---------------------------------------------------------------------------------------------------------------

/** Every (method, url) of the app, read from `printRoutes({ commonPrefix: false })`. */
function appRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: Array<{ method: string; url: string }> = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?\s*$/u.exec(line);
    if (!match) {
      assert.equal(line.trim(), '', `unparsed printRoutes line: ${JSON.stringify(line)}`);
      continue;
    }
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + (match[2] ?? '');
    stack[depth] = url;
    for (const method of (match[3] ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean))
      routes.push({ method, url });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------------------------
// The suite
// ---------------------------------------------------------------------------------------------------------------

const kinds = await databaseKinds();

for (const kind of kinds) {
  describe(`tenancy on ${kind}`, { timeout: 5 * 60_000 }, () => {
    let fx: Fixture;
    let matrix: MatrixFixture;
    const pairs = (): Pair[] => [
      { own: fx.tenants.acme, other: fx.tenants.globex },
      { own: fx.tenants.globex, other: fx.tenants.acme },
    ];

    before(async () => {
      const t = await startTestServer(kind);
      const make = async (slug: Slug, user: string, key: string): Promise<Tenant> => {
        const secret = `SECRET${slug.toUpperCase()}${randomBytes(4).toString('hex')}`;
        const base = { key, secret };
        const alert = await ingest(t, base, 'untouched');
        const scratch = await ingest(t, base, 'scratch');
        const replayAlert = await ingest(t, base, 'replay');
        const replayKey = `replay-${slug}-${randomBytes(6).toString('hex')}`;
        const noted = await t.request(
          'POST',
          `/api/v1/alerts/${replayAlert}/notes`,
          user,
          { text: 'replay' },
          { 'idempotency-key': replayKey },
        );
        assert.equal(noted.status, 200, show(noted));
        const rule = await t.request('POST', `/api/v1/customers/${slug}/note-rules`, t.tokens.noc, {
          name: `rule ${secret}`,
          match: { deviceGlob: '*' },
          tierNotes: `Tier notes ${secret}`,
          deviceNotes: `Device notes ${secret}`,
        });
        assert.equal(rule.status, 201, show(rule));
        return {
          slug,
          user,
          key,
          secret,
          alert,
          scratch,
          replayAlert,
          replayKey,
          rule: (rule.body as { id: number }).id,
        };
      };
      fx = {
        t,
        tenants: {
          acme: await make('acme', t.tokens.fred, t.keys.acme),
          globex: await make('globex', t.tokens.wile, t.keys.globex),
        },
        missingAlert: 999_999_999,
      };
      // Alerts created after the rules carry their notes (and so the secret) in tier/device notes.
      await ingest(t, fx.tenants.acme, 'with-notes');
      await ingest(t, fx.tenants.globex, 'with-notes');
      // The NOC's target and each customer's own queue, as the paging directory has them.
      for (const target of [
        {
          path: 'casc/int/systems',
          name: 'COSS oncall macro – Systems',
          routingKey: 'a'.repeat(32),
          escalationPolicyId: 'PSYSTEMS',
        },
        {
          path: 'acme/oncall',
          name: 'Acme on call',
          routingKey: 'b'.repeat(32),
          customer: 'acme',
          escalationPolicyId: 'PACME01',
        },
        {
          path: 'globex/oncall',
          name: 'Globex on call',
          routingKey: 'c'.repeat(32),
          customer: 'globex',
          escalationPolicyId: 'PGLOBEX1',
        },
      ]) {
        assertStatus(
          await t.request('POST', '/api/v1/paging-targets', t.tokens.admin, target),
          201,
          `target ${target.path}`,
        );
      }
      const db = t.server.context.db;
      await addUser(db, { name: 'eve', displayName: 'Eve', role: 'engineer' });
      await addUser(db, { name: 'pat', displayName: 'Pat', role: 'pm' });
      matrix = {
        fx,
        db,
        tokens: {
          admin: t.tokens.admin,
          operator: t.tokens.noc,
          engineer: (await addToken(db, 'eve')).token,
          pm: (await addToken(db, 'pat')).token,
          customer: t.tokens.fred,
          'ingest key': t.keys.acme,
          'no token': null,
        },
      };
    });
    after(async () => {
      await fx?.t.close();
    });

    it('every route of the app is in the tenancy table, and every row is a route', () => {
      const table = new Set(ROUTES.map((route) => `${route.method} ${route.url}`));
      const registered = appRoutes(fx.t.server.app);
      assert.ok(registered.length >= ROUTES.length, `printRoutes parsing found only ${registered.length} routes`);
      const keys = new Set(registered.map((route) => `${route.method} ${route.url}`));
      const missing = registered
        // HEAD is Fastify's automatic twin of GET and answers like it; it is covered by the GET row.
        .filter((route) => !(route.method === 'HEAD' && keys.has(`GET ${route.url}`)))
        .filter((route) => !table.has(`${route.method} ${route.url}`))
        .map((route) => `${route.method} ${route.url}`);
      assert.deepEqual(missing, [], `routes without tenancy checks; add them to ROUTES in ${import.meta.url}`);
      for (const route of ROUTES) {
        assert.ok(
          fx.t.server.app.hasRoute({ method: route.method, url: route.url }),
          `ROUTES names ${route.method} ${route.url}, which the app does not have`,
        );
        assert.ok(keys.has(`${route.method} ${route.url}`), `printRoutes does not list ${route.method} ${route.url}`);
      }
    });

    for (const route of ROUTES) {
      const name = `${route.method} ${route.url}`;

      if (route.auth === 'user') {
        it(`${name}: an ingest key is refused (403), no token is 401`, async () => {
          const { acme, globex } = fx.tenants;
          for (const tenant of [acme, globex]) {
            const path = fill(route.url, { number: tenant.alert, slug: tenant.slug, id: tenant.rule });
            if (route.url === '/api/v1/stream') {
              const stream = openStream(fx.t.url, tenant.key, { customers: tenant.slug });
              assert.equal(await stream.refused, 403, 'an ingest key opened a stream');
              stream.close();
              const anonymous = openStream(fx.t.url, 'coss_u_nonsense', {});
              assert.equal(await anonymous.refused, 401);
              anonymous.close();
              continue;
            }
            const response = await fx.t.request(
              route.method,
              path,
              tenant.key,
              route.body,
              route.method === 'POST' ? idem() : {},
            );
            assertStatus(response, 403, `${tenant.slug}'s ingest key on ${name}`, 'forbidden');
            assertNoLeak(response, tenant.slug === 'acme' ? globex : acme, name);
            assertStatus(
              await fx.t.request(route.method, path, null, route.body, route.method === 'POST' ? idem() : {}),
              401,
              `no token on ${name}`,
              'unauthorized',
            );
          }
        });
      }

      if (route.auth === 'ingest') {
        it(`${name}: a user token cannot ingest (403)`, async () => {
          const body = route.claimBody?.(fx.tenants.acme, fx.tenants.globex);
          for (const token of [fx.t.tokens.fred, fx.t.tokens.wile, fx.t.tokens.noc, fx.t.tokens.admin]) {
            assertStatus(await fx.t.request('POST', route.url, token, body), 403, `user token on ${name}`, 'forbidden');
          }
          assertStatus(await fx.t.request('POST', route.url, null, body), 401, `no token on ${name}`, 'unauthorized');
        });
      }

      it(`${name}: a customer of one cannot reach the other`, async () => {
        for (const pair of pairs()) await route.crossTenant(fx, pair);
      });
    }

    it('the role table here names exactly the actions of shared/permissions.ts', () => {
      assert.deepEqual(Object.keys(RIGHTS).sort(), [...ACTIONS].sort());
      assert.deepEqual(Object.keys(PROBES).sort(), [...ACTIONS].sort());
    });

    for (const action of Object.keys(RIGHTS)) {
      it(`${action}: allowed or refused for every role, an ingest key and no token, over REST and in the room`, async () => {
        for (const caller of CALLERS) {
          for (const probe of PROBES[action] ?? []) await probe(matrix, { caller, token: matrix.tokens[caller] });
        }
      });
    }

    it("a customer user's room commands about another customer's events or queues answer as about missing ones", async () => {
      const { acme, globex } = fx.tenants;
      const say = async (body: string) => {
        const response = await fx.t.request('POST', `/api/v1/rooms/${acme.slug}/messages`, acme.user, { body }, idem());
        assertStatus(response, 201, body);
        assertNoLeak(response, globex, body);
        return (response.body as { replies: Array<{ body: string }> }).replies.map((reply) => reply.body);
      };
      const pairs: Array<[string, string, string]> = [
        [`.note ${globex.alert} hello`, `.note ${fx.missingAlert} hello`, String(globex.alert)],
        [`.note coss_103-${globex.alert} hello`, `.note coss_103-${fx.missingAlert} hello`, String(globex.alert)],
        [`.oncall [acme/oncall, ${globex.alert}]`, `.oncall [acme/oncall, ${fx.missingAlert}]`, String(globex.alert)],
        ['.oncall [globex/oncall] hello', '.oncall [nobody/oncall] hello', 'globex/oncall'],
        ['.who globex/oncall', '.who nobody/oncall', 'globex/oncall'],
      ];
      for (const [foreign, missing, name] of pairs) {
        const foreignReplies = await say(foreign);
        const missingReplies = await say(missing);
        const missingName = missing.includes('nobody') ? 'nobody/oncall' : String(fx.missingAlert);
        assert.equal(foreignReplies.length, 1, `${foreign}: ${JSON.stringify(foreignReplies)}`);
        assert.deepEqual(
          foreignReplies.map((reply) => reply.replaceAll(name, '?')),
          missingReplies.map((reply) => reply.replaceAll(missingName, '?')),
          foreign,
        );
      }
    });

    it("the other customer's alerts and rules are exactly as they were", async () => {
      for (const tenant of Object.values(fx.tenants)) {
        const stored = await getAlertAsStaff(fx, tenant.alert);
        assert.equal(stored.alert.customer, tenant.slug);
        assert.equal(stored.alert.status, 'open');
        assert.equal(stored.alert.assignee, null);
        assert.deepEqual(stored.comments, []);
        // Besides what the tenant did, each alert has COSS's own card from when it opened (it is critical), once.
        const isCard = (entry: { kind: string; actor: string | null; text?: string | undefined }) =>
          entry.kind === 'room.message' &&
          entry.actor === 'COSS' &&
          entry.text === "Posted as a card in the customer's room";
        assert.equal(stored.history.filter(isCard).length, 1, JSON.stringify(stored.history));
        assert.deepEqual(
          stored.history.filter((entry) => !isCard(entry)).map((entry) => entry.kind),
          ['alert.created'],
        );
        const replayed = await getAlertAsStaff(fx, tenant.replayAlert);
        assert.deepEqual(
          replayed.history.filter((entry) => !isCard(entry)).map((entry) => entry.kind),
          ['alert.created', 'alert.noted'],
        );
        const rule = await ruleAsStaff(fx, tenant.slug, tenant.rule);
        assertStatus(rule, 200, 'rule');
        assert.ok(String((rule.body as { name: string }).name).includes(tenant.secret));
      }
    });

    it("a customer user's live stream never carries the other customer's events, even under concurrent ingest", async () => {
      const { t, tenants } = fx;
      const streams = { acme: openStream(t.url, t.tokens.fred), globex: openStream(t.url, t.tokens.wile) };
      const staff = openStream(t.url, t.tokens.noc);
      try {
        for (const stream of [...Object.values(streams), staff]) {
          assert.equal(await stream.refused, null);
          await waitForMessage(stream, 'caught-up');
        }
        const work: Array<Promise<unknown>> = [];
        for (let i = 0; i < 25; i += 1) {
          for (const tenant of Object.values(tenants)) {
            work.push(ingest(t, tenant, `burst-${i}`));
            work.push(
              t.request('POST', '/api/v2/alerts', tenant.key, [
                { labels: { alertname: `Burst${i}`, instance: `prom-${i}-${tenant.secret}` } },
              ]),
            );
          }
        }
        // Staff activity on both customers: actions, notes and rule changes are events too.
        for (const tenant of Object.values(tenants)) {
          const number = await ingest(t, tenant, 'staff-target');
          work.push(
            t.request(
              'POST',
              `/api/v1/alerts/${number}/acknowledge`,
              t.tokens.noc,
              { note: `ack ${tenant.secret}` },
              idem(),
            ),
          );
          work.push(
            t.request(
              'POST',
              `/api/v1/alerts/${number}/notes`,
              t.tokens.noc,
              { text: `note ${tenant.secret}` },
              idem(),
            ),
          );
          work.push(
            t.request('POST', `/api/v1/customers/${tenant.slug}/note-rules`, t.tokens.noc, {
              name: `live ${tenant.secret}`,
              match: { deviceGlob: 'nothing-*' },
              tierNotes: `live ${tenant.secret}`,
            }),
          );
        }
        const results = await Promise.all(work);
        for (const result of results)
          if (result && typeof result === 'object' && 'status' in result)
            assert.ok((result as TestResponse).status < 300, show(result as TestResponse));
        const finals = {
          acme: await ingest(t, tenants.acme, 'final'),
          globex: await ingest(t, tenants.globex, 'final'),
        };
        // Staff see everything: once staff have both finals, every event above has been handed out.
        await staff.waitFor(
          (events) =>
            [finals.acme, finals.globex].every((n) =>
              events.some((e) => (e.data as { number?: number } | null)?.number === n),
            ),
          20_000,
        );
        for (const slug of ['acme', 'globex'] as const) {
          await streams[slug].waitFor(
            (events) => events.some((e) => (e.data as { number?: number } | null)?.number === finals[slug]),
            20_000,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const slug of ['acme', 'globex'] as const) {
          const other = slug === 'acme' ? tenants.globex : tenants.acme;
          const stream = streams[slug];
          assert.ok(stream.events.length >= 50, `${slug}'s stream carried only ${stream.events.length} events`);
          for (const event of stream.events)
            assert.equal(event.customer, slug, `${slug}'s stream carried ${JSON.stringify(event).slice(0, 300)}`);
          assertNoLeak(JSON.stringify(stream.messages), other, `${slug}'s live stream`);
          assert.ok(
            stream.events.some((event) => event.kind === 'notes.rules-changed'),
            `${slug} saw its own rule change`,
          );
        }
        assert.ok(
          staff.events.some((event) => event.customer === 'acme') &&
            staff.events.some((event) => event.customer === 'globex'),
        );
      } finally {
        for (const stream of [...Object.values(streams), staff]) stream.close();
      }
    });
  });
}
