/**
 * Property-based fuzzing of every ingest endpoint, on PGlite and PostgreSQL: valid bodies, near-valid bodies with
 * one field broken, arbitrary JSON, raw bytes / broken JSON / odd content types, bodies over the size limit, and
 * valid bodies with one field (or key) of up to 100,000 characters.
 *
 * Properties: no response is ≥ 500; every 4xx body is `{ error: { code, message, field? } }` and a schema error names
 * the field; valid bodies are accepted (200) in full; the node is healthy afterwards.
 *
 * Runs: COSS_FUZZ_RUNS (per endpoint and DB kind, default 1500 on PGlite, 1000 on PostgreSQL); seed: COSS_FUZZ_SEED.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { databaseKinds, type DatabaseKind } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  alertmanagerBody,
  anyJson,
  genericBody,
  nearValid,
  withHugeField,
  postableAlertsBody,
  rawBodies,
  zenossBody,
  type RawBody,
} from '../support/arbitraries.ts';

const BODY_LIMIT = 5 * 1024 * 1024;

interface Endpoint {
  path: string;
  valid: fc.Arbitrary<{ body: unknown; count: number }>;
}

const ENDPOINTS: Endpoint[] = [
  { path: '/api/v1/alerts/zenoss', valid: zenossBody },
  { path: '/api/v1/alerts/alertmanager', valid: alertmanagerBody },
  { path: '/api/v2/alerts', valid: postableAlertsBody },
  { path: '/api/v1/alerts', valid: genericBody },
];

/** How the total runs of one endpoint are split between the kinds of input. */
const MIX = { valid: 0.25, nearValid: 0.4, anyJson: 0.2, raw: 0.15, huge: 0.05 } as const;

function runsFor(kind: DatabaseKind): number {
  const fromEnv = Number(process.env.COSS_FUZZ_RUNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return kind === 'pglite' ? 1500 : 1000;
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

async function post(
  t: TestServer,
  path: string,
  body: string | Uint8Array,
  contentType: string | undefined,
): Promise<RawResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${t.keys.acme}` };
  if (contentType !== undefined) headers['content-type'] = contentType;
  // fetch adds text/plain for a string body without a type; a Blob without a type sends no Content-Type at all.
  const payload = contentType === undefined ? new Blob([body]) : body;
  const response = await fetch(t.url + path, { method: 'POST', headers, body: payload });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

const postJson = (t: TestServer, path: string, body: unknown) =>
  post(t, path, JSON.stringify(body), 'application/json');

/** The universal property: never 5xx; errors are `{ error: { code, message, field? } }`; schema errors name a field. */
function checkResponse(response: RawResponse, what: string): void {
  const show = () => `${what} → ${response.status} ${response.text.slice(0, 500)}`;
  assert.ok(response.status < 500, `server error: ${show()}`);
  if (response.status >= 400) {
    assert.ok([400, 413, 415].includes(response.status), `unexpected status: ${show()}`);
    const body = response.json as { error?: Record<string, unknown> } | undefined;
    assert.ok(body && typeof body === 'object' && !Array.isArray(body), `error body is not JSON: ${show()}`);
    assert.deepEqual(Object.keys(body), ['error'], `error body has extra keys: ${show()}`);
    const error = body.error;
    assert.ok(error && typeof error === 'object', `no error object: ${show()}`);
    assert.equal(typeof error.code, 'string', `error.code: ${show()}`);
    assert.ok((error.code as string).length > 0, `empty error.code: ${show()}`);
    assert.equal(typeof error.message, 'string', `error.message: ${show()}`);
    assert.ok((error.message as string).length > 0, `empty error.message: ${show()}`);
    for (const key of Object.keys(error))
      assert.ok(['code', 'message', 'field', 'issues'].includes(key), `unknown key ${key}: ${show()}`);
    if (error.field !== undefined) assert.equal(typeof error.field, 'string', `error.field: ${show()}`);
    if (response.status === 400) {
      assert.equal(error.code, 'invalid_request', show());
      assert.ok(typeof error.field === 'string' && error.field.length > 0, `a 400 must name the field: ${show()}`);
    }
    if (response.status === 413) assert.equal(error.code, 'body_too_large', show());
    if (response.status === 415) assert.equal(error.code, 'unsupported_media_type', show());
  } else {
    assert.equal(response.status, 200, `unexpected status: ${show()}`);
  }
}

/** Runs a property with a reported seed; a failure prints the seed (and path) to replay it. */
async function check<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  numRuns: number,
  seed: number,
  predicate: (value: T) => Promise<void>,
) {
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        await predicate(value);
      }),
      { numRuns, seed, endOnFailure: false, interruptAfterTimeLimit: 10 * 60_000 },
    );
  } catch (error) {
    console.error(`[ingest-fuzz] ${name} failed; replay with COSS_FUZZ_SEED=${seed} (seed ${seed})`);
    throw error;
  }
}

const kinds = await databaseKinds();

for (const kind of kinds) {
  describe(`ingest fuzz on ${kind}`, { timeout: 30 * 60_000 }, () => {
    let t: TestServer;
    const total = runsFor(kind);
    let requests = 0;

    before(async () => {
      t = await startTestServer(kind);
    });
    after(async () => {
      await t?.close();
    });

    ENDPOINTS.forEach((endpoint, index) => {
      const seed = (baseSeed + index * 1_000_003) | 0;

      it(`${endpoint.path}: valid bodies are accepted in full (seed ${seed})`, async () => {
        await check(
          `${kind} ${endpoint.path} valid`,
          endpoint.valid,
          Math.ceil(total * MIX.valid),
          seed,
          async ({ body, count }) => {
            const response = await postJson(t, endpoint.path, body);
            requests += 1;
            const what = `valid ${JSON.stringify(body).slice(0, 300)}`;
            checkResponse(response, what);
            assert.equal(response.status, 200, `${what} → ${response.status} ${response.text.slice(0, 400)}`);
            const reply = response.json as { accepted: number; alerts: unknown[] };
            assert.equal(reply.accepted, count);
            assert.equal(reply.alerts.length, count);
          },
        );
      });

      it(`${endpoint.path}: near-valid bodies never 5xx and errors name the field (seed ${seed + 1})`, async () => {
        await check(
          `${kind} ${endpoint.path} near-valid`,
          nearValid(endpoint.valid),
          Math.ceil(total * MIX.nearValid),
          seed + 1,
          async (body) => {
            const response = await postJson(t, endpoint.path, body);
            requests += 1;
            checkResponse(response, `near-valid ${JSON.stringify(body).slice(0, 300)}`);
          },
        );
      });

      it(`${endpoint.path}: arbitrary JSON never 5xx (seed ${seed + 2})`, async () => {
        await check(
          `${kind} ${endpoint.path} any JSON`,
          anyJson,
          Math.ceil(total * MIX.anyJson),
          seed + 2,
          async (body) => {
            const response = await postJson(t, endpoint.path, body);
            requests += 1;
            checkResponse(response, `json ${JSON.stringify(body).slice(0, 300)}`);
          },
        );
      });

      it(`${endpoint.path}: raw bytes, broken JSON and odd content types never 5xx (seed ${seed + 3})`, async () => {
        await check(
          `${kind} ${endpoint.path} raw`,
          rawBodies(endpoint.valid),
          Math.ceil(total * MIX.raw),
          seed + 3,
          async (raw: RawBody) => {
            const response = await post(t, endpoint.path, raw.body, raw.contentType);
            requests += 1;
            const shown =
              typeof raw.body === 'string' ? JSON.stringify(raw.body.slice(0, 200)) : `bytes[${raw.body.length}]`;
            checkResponse(response, `raw ${String(raw.contentType)} ${shown}`);
          },
        );
      });

      it(`${endpoint.path}: a field or key of up to 100,000 characters anywhere never 5xx (seed ${seed + 5})`, async () => {
        await check(
          `${kind} ${endpoint.path} huge field`,
          withHugeField(endpoint.valid),
          Math.ceil(total * MIX.huge),
          seed + 5,
          async (body) => {
            const response = await postJson(t, endpoint.path, body);
            requests += 1;
            checkResponse(response, `huge field ${JSON.stringify(body).slice(0, 300)}`);
          },
        );
      });

      it(`${endpoint.path}: bodies over the 5 MiB limit answer 413`, async () => {
        const oversize = fc.record(
          {
            extra: fc.integer({ min: 1, max: 64 * 1024 }),
            shape: fc.constantFrom('string-field', 'array', 'garbage'),
            contentType: fc.constantFrom('application/json', 'text/plain'),
          },
          { noNullPrototype: true },
        );
        await check(
          `${kind} ${endpoint.path} oversize`,
          oversize,
          4,
          seed + 4,
          async ({ extra, shape, contentType }) => {
            const filler = 'x'.repeat(BODY_LIMIT + extra);
            const text =
              shape === 'string-field'
                ? JSON.stringify({ device: 'big', summary: filler, severity: 'error' })
                : shape === 'array'
                  ? JSON.stringify(
                      Array.from({ length: Math.ceil((BODY_LIMIT + extra) / 100) }, (_, i) => ({
                        device: `d${i}`,
                        summary: 's'.repeat(100),
                        severity: 'info',
                      })),
                    )
                  : filler;
            assert.ok(Buffer.byteLength(text) > BODY_LIMIT);
            const response = await post(t, endpoint.path, text, contentType);
            requests += 1;
            checkResponse(response, `oversize ${shape} ${Buffer.byteLength(text)} bytes`);
            assert.equal(response.status, 413, `oversize ${shape}: ${response.status} ${response.text.slice(0, 300)}`);
          },
        );
      });
    });

    it('the node is still healthy and serving afterwards', async () => {
      assert.ok(requests >= ENDPOINTS.length * 4, `only ${requests} requests were made`);
      console.log(`[ingest-fuzz] ${kind}: ${requests} requests, base seed ${baseSeed}`);
      const health = await t.request('GET', '/healthz', null);
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: 'ok' });
      const ready = await t.request('GET', '/readyz', null);
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      const ingest = await t.request('POST', '/api/v1/alerts', t.keys.acme, {
        device: 'after-fuzz',
        summary: 'still alive',
        severity: 'critical',
      });
      assert.equal(ingest.status, 200, JSON.stringify(ingest.body));
      const list = await t.request('GET', '/api/v1/alerts?customer=acme&q=after-fuzz', t.tokens.noc);
      assert.equal(list.status, 200);
      assert.ok(
        (list.body as { alerts: Array<{ device: string }> }).alerts.some((alert) => alert.device === 'after-fuzz'),
      );
    });
  });
}
