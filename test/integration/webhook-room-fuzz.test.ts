/**
 * Property-based fuzzing of the PagerDuty webhook route (signed, unsigned and wrongly signed deliveries) and of the
 * room-message routes (chat and every command, as staff and as a customer user), on PGlite and PostgreSQL: valid
 * bodies, near-valid bodies, arbitrary JSON, raw bytes, fields of up to 100,000 characters, odd headers and paths.
 *
 * Properties: no response is ≥ 500; every error body is `{ error: { code, message, field?, issues? } }`; an unsigned
 * or wrongly signed delivery is 401 and stores nothing; the node is healthy afterwards.
 *
 * Runs: COSS_FUZZ_RUNS (per property and DB kind, default 300 on PGlite, 200 on PostgreSQL); seed: COSS_FUZZ_SEED.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { databaseKinds, type DatabaseKind } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  anyJson,
  nearValid,
  pagerdutyWebhookBody,
  rawBodies,
  roomMessageBody,
  withHugeField,
  type RawBody,
} from '../support/arbitraries.ts';
import { signBody } from '../../server/integrations/pagerduty/webhook-signature.ts';
import { WEBHOOK_PATH } from '../../server/http/routes/pagerduty-webhook-route.ts';

const SECRET = 'fuzz-webhook-secret';

function runsFor(kind: DatabaseKind): number {
  const fromEnv = Number(process.env.COSS_FUZZ_RUNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return kind === 'pglite' ? 300 : 200;
}

const baseSeed =
  Number.isInteger(Number(process.env.COSS_FUZZ_SEED)) && process.env.COSS_FUZZ_SEED
    ? Number(process.env.COSS_FUZZ_SEED)
    : (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;

interface RawResponse {
  status: number;
  text: string;
  json: unknown;
}

async function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Uint8Array,
): Promise<RawResponse> {
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : new Blob([body]) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** No 5xx, and every error in the one documented shape. */
function checkResponse(response: RawResponse, what: string): void {
  const show = () => `${what} → ${response.status} ${response.text.slice(0, 400)}`;
  assert.ok(response.status < 500, `server error: ${show()}`);
  if (response.status < 400) return;
  const body = response.json as { error?: Record<string, unknown> } | undefined;
  assert.ok(body && typeof body === 'object' && !Array.isArray(body), `error body is not JSON: ${show()}`);
  assert.deepEqual(Object.keys(body), ['error'], `error body has extra keys: ${show()}`);
  const error = body.error;
  assert.ok(error && typeof error === 'object', `no error object: ${show()}`);
  assert.ok(typeof error.code === 'string' && error.code.length > 0, `error.code: ${show()}`);
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `error.message: ${show()}`);
  for (const key of Object.keys(error))
    assert.ok(['code', 'message', 'field', 'issues'].includes(key), `unknown key ${key}: ${show()}`);
  if (error.field !== undefined) assert.equal(typeof error.field, 'string', show());
}

async function check<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  numRuns: number,
  seed: number,
  predicate: (value: T) => Promise<void>,
) {
  try {
    await fc.assert(fc.asyncProperty(arb, predicate), {
      numRuns,
      seed,
      endOnFailure: false,
      interruptAfterTimeLimit: 10 * 60_000,
    });
  } catch (error) {
    console.error(`[webhook-room-fuzz] ${name} failed; replay with COSS_FUZZ_SEED=${seed}`);
    throw error;
  }
}

/** Every body a sender might post: valid, near-valid, any JSON, one field of up to 100,000 characters. */
function jsonBodies(valid: fc.Arbitrary<{ body: unknown }>): fc.Arbitrary<RawBody> {
  return fc
    .oneof(
      { weight: 3, arbitrary: valid.map(({ body }) => body) },
      { weight: 4, arbitrary: nearValid(valid) },
      { weight: 2, arbitrary: anyJson },
      { weight: 2, arbitrary: withHugeField(valid) },
    )
    .map((body): RawBody => ({ body: JSON.stringify(body) ?? 'null', contentType: 'application/json' }))
    .chain((json) => fc.oneof({ weight: 4, arbitrary: fc.constant(json) }, { weight: 1, arbitrary: rawBodies(valid) }));
}

/** Header-safe text (printable ASCII) for ids and keys, up to a few KiB. */
const headerText = fc.oneof(
  fc.uuid(),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 300 }),
  fc.integer({ min: 200, max: 8000 }).map((length) => 'w'.repeat(length)),
);

const kinds = await databaseKinds();

for (const kind of kinds) {
  describe(`webhook and room fuzz on ${kind}`, { timeout: 30 * 60_000 }, () => {
    let t: TestServer;
    const runs = runsFor(kind);
    let requests = 0;

    before(async () => {
      t = await startTestServer(kind, {}, { webhookSecrets: [SECRET] });
    });
    after(async () => {
      await t?.close();
    });

    it(`PagerDuty webhooks, signed: never 5xx (seed ${baseSeed})`, async () => {
      const arb = fc.record(
        { raw: jsonBodies(pagerdutyWebhookBody), webhookId: fc.option(headerText, { nil: undefined }) },
        { noNullPrototype: true },
      );
      await check(`${kind} webhook signed`, arb, runs, baseSeed, async ({ raw, webhookId }) => {
        const headers: Record<string, string> = { 'x-pagerduty-signature': signBody(Buffer.from(raw.body), SECRET) };
        if (raw.contentType !== undefined) headers['content-type'] = raw.contentType;
        if (webhookId !== undefined) headers['x-webhook-id'] = webhookId;
        const response = await send(t.url + WEBHOOK_PATH, 'POST', headers, raw.body);
        requests += 1;
        checkResponse(response, `signed ${String(raw.contentType)} ${String(raw.body).slice(0, 200)}`);
      });
    });

    it(`PagerDuty webhooks: valid signed deliveries are stored (seed ${baseSeed + 4})`, async () => {
      await check(
        `${kind} webhook valid`,
        pagerdutyWebhookBody,
        Math.ceil(runs / 4),
        baseSeed + 4,
        async ({ body }) => {
          const text = JSON.stringify(body);
          const headers = {
            'content-type': 'application/json',
            'x-pagerduty-signature': signBody(text, SECRET),
            'x-webhook-id': randomUUID(),
          };
          const response = await send(t.url + WEBHOOK_PATH, 'POST', headers, text);
          requests += 1;
          assert.equal(
            response.status,
            202,
            `${text.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`,
          );
        },
      );
    });

    it(`PagerDuty webhooks, unsigned or wrongly signed: always 401, nothing stored (seed ${baseSeed + 1})`, async () => {
      const before = await t.server.context.db.query<{ n: string }>('SELECT count(*) AS n FROM pagerduty_webhooks');
      const signature = fc.oneof(
        fc.constant(undefined),
        headerText,
        fc.constant('v1='),
        fc.constant(`v1=${'0'.repeat(64)}`),
        fc.constant('wrong-secret'),
      );
      const arb = fc.record({ raw: jsonBodies(pagerdutyWebhookBody), signature }, { noNullPrototype: true });
      await check(
        `${kind} webhook unsigned`,
        arb,
        Math.ceil(runs / 2),
        baseSeed + 1,
        async ({ raw, signature: header }) => {
          const headers: Record<string, string> = { 'x-webhook-id': randomUUID() };
          if (raw.contentType !== undefined) headers['content-type'] = raw.contentType;
          if (header === 'wrong-secret')
            headers['x-pagerduty-signature'] = signBody(Buffer.from(raw.body), 'not-the-secret');
          else if (header !== undefined) headers['x-pagerduty-signature'] = header;
          const response = await send(t.url + WEBHOOK_PATH, 'POST', headers, raw.body);
          requests += 1;
          checkResponse(response, `unsigned ${String(raw.body).slice(0, 200)}`);
          assert.ok(
            [401, 413].includes(response.status),
            `unsigned delivery answered ${response.status} ${response.text.slice(0, 200)}`,
          );
        },
      );
      const afterwards = await t.server.context.db.query<{ n: string }>('SELECT count(*) AS n FROM pagerduty_webhooks');
      assert.equal(afterwards.rows[0]?.n, before.rows[0]?.n);
    });

    it(`room messages: chat and commands as staff and customer users never 5xx (seed ${baseSeed + 2})`, async () => {
      const arb = fc.record(
        {
          raw: jsonBodies(roomMessageBody),
          who: fc.constantFrom('noc', 'fred', 'wile'),
          room: fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom('acme', 'globex') },
            { weight: 1, arbitrary: headerText.map(encodeURIComponent) },
          ),
          idempotencyKey: fc.option(headerText, { nil: undefined, freq: 3 }),
        },
        { noNullPrototype: true },
      );
      await check(`${kind} room post`, arb, runs, baseSeed + 2, async ({ raw, who, room, idempotencyKey }) => {
        const token = t.tokens[who as keyof typeof t.tokens];
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (raw.contentType !== undefined) headers['content-type'] = raw.contentType;
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
        const response = await send(`${t.url}/api/v1/rooms/${room}/messages`, 'POST', headers, raw.body);
        requests += 1;
        checkResponse(response, `room ${room} as ${who}: ${String(raw.body).slice(0, 200)}`);
      });
    });

    it(`room messages: staff chat and commands are answered 201 (seed ${baseSeed + 5})`, async () => {
      await check(`${kind} room valid`, roomMessageBody, Math.ceil(runs / 4), baseSeed + 5, async ({ body }) => {
        const response = await t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.noc, body);
        requests += 1;
        assert.equal(
          response.status,
          201,
          `${JSON.stringify(body).slice(0, 200)} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`,
        );
      });
    });

    it(`room messages: listing with any query never 5xx (seed ${baseSeed + 3})`, async () => {
      const value = fc.oneof(
        fc.integer({ min: -5, max: 10_000 }).map(String),
        fc.constantFrom('', '1e3', '0x10', '99999999999999999999', '%ff', '1.5'),
        headerText,
      );
      const arb = fc.record(
        {
          who: fc.constantFrom('noc', 'fred', 'wile'),
          room: fc.oneof(fc.constantFrom('acme', 'globex'), headerText.map(encodeURIComponent)),
          query: fc.array(fc.tuple(fc.constantFrom('after', 'before', 'limit', 'x'), value), { maxLength: 4 }),
        },
        { noNullPrototype: true },
      );
      await check(`${kind} room list`, arb, Math.ceil(runs / 2), baseSeed + 3, async ({ who, room, query }) => {
        const search = query.map(([key, v]) => `${key}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&');
        const token = t.tokens[who as keyof typeof t.tokens];
        const response = await send(`${t.url}/api/v1/rooms/${room}/messages?${search}`, 'GET', {
          authorization: `Bearer ${token}`,
        });
        requests += 1;
        checkResponse(response, `list ${room}?${search.slice(0, 200)} as ${who}`);
      });
    });

    it('the node is still healthy and serving afterwards', async () => {
      assert.ok(requests >= 4, `only ${requests} requests were made`);
      console.log(`[webhook-room-fuzz] ${kind}: ${requests} requests, base seed ${baseSeed}`);
      assert.equal((await t.request('GET', '/healthz', null)).status, 200);
      const ready = await t.request('GET', '/readyz', null);
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      const posted = await t.request('POST', '/api/v1/rooms/acme/messages', t.tokens.noc, {
        body: 'still here after the fuzz',
      });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
    });
  });
}
