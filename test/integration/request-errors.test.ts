/**
 * Requests Fastify refuses before any route runs still get the documented error shape
 * (`{"error": {"code", "message", "field"}}`) and a message that says what is wrong.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.ts';

interface ErrorReply {
  error: { code: string; message: string; field?: string };
}

describe('requests refused before routing', () => {
  let coss: TestServer;
  before(async () => {
    coss = await startTestServer('pglite');
  });
  after(() => coss.close());

  test('a malformed percent-encoding in the path is a 400 in the documented shape', async () => {
    for (const path of [
      '/%ff',
      '/api/v1/alerts/%E0%A4%A',
      '/api/v1/rooms/%ff/messages',
      '/api/v1/customers/acme/note-rules/%c0',
    ]) {
      const response = await fetch(coss.url + path, { headers: { authorization: `Bearer ${coss.tokens.noc}` } });
      const body = (await response.json()) as ErrorReply;
      assert.equal(response.status, 400, path);
      assert.deepEqual(body, {
        error: {
          code: 'invalid_request',
          message: 'the URL is not valid: it holds a malformed percent-encoding',
          field: '(url)',
        },
      });
    }
  });

  test('a path part longer than the router takes is a 414 in the documented shape', async () => {
    const response = await fetch(`${coss.url}/api/v1/rooms/${'w'.repeat(300)}/messages`, {
      headers: { authorization: `Bearer ${coss.tokens.noc}` },
    });
    assert.equal(response.status, 414);
    assert.deepEqual(await response.json(), {
      error: {
        code: 'invalid_request',
        message: 'a part of the URL path is longer than 100 characters',
        field: '(url)',
      },
    });
  });

  test('a request line or headers past Node’s 16 KB are a 431 in the documented shape, and the node goes on serving', async () => {
    // Found by the room fuzz (seed 1826157278): Node's parser refuses these before Fastify has a request, and
    // Fastify's default answer was {"error": "Request Header Fields Too Large", …}, not the documented shape.
    const long = 'w'.repeat(8000);
    const tooLong = await fetch(`${coss.url}/api/v1/rooms/acme/messages?after=${long}&before=${long}&x=${long}`, {
      headers: { authorization: `Bearer ${coss.tokens.noc}` },
    });
    assert.equal(tooLong.status, 431);
    assert.deepEqual(await tooLong.json(), {
      error: {
        code: 'request_too_large',
        message: 'the request line and headers are longer than 16 KB: shorten the URL or the headers',
        field: '(url)',
      },
    });
    const bigHeader = await fetch(`${coss.url}/api/v1/rooms/acme/messages`, {
      headers: { authorization: `Bearer ${coss.tokens.noc}`, 'x-junk': long + long + long },
    });
    assert.equal(bigHeader.status, 431);
    assert.equal(((await bigHeader.json()) as ErrorReply).error.code, 'request_too_large');
    assert.equal((await coss.request('GET', '/healthz', null)).status, 200);
  });

  test('a JSON body with a __proto__ key is refused as such, naming where it is, not as invalid JSON', async () => {
    const post = async (path: string, secret: string, text: string) => {
      const response = await coss.request('POST', path, secret, text);
      return { status: response.status, body: response.body as ErrorReply };
    };
    const top = await post(
      '/api/v1/alerts',
      coss.keys.acme,
      '{"__proto__": {"admin": true}, "device": "a", "severity": "critical", "summary": "s"}',
    );
    assert.equal(top.status, 400);
    assert.equal(top.body.error.field, '__proto__');
    assert.match(top.body.error.message, /"__proto__" key is not allowed/);

    const nested = await post(
      '/api/v1/alerts',
      coss.keys.acme,
      '[{"device": "a", "severity": "critical", "summary": "s", "labels": {"__proto__": "x"}}]',
    );
    assert.equal(nested.status, 400);
    assert.equal(nested.body.error.field, '[0].labels.__proto__');

    // The key written with an escape is the same key once parsed.
    const escaped = await post('/api/v1/rooms/acme/messages', coss.tokens.noc, '{"body": "hi", "\\u005f_proto__": {}}');
    assert.equal(escaped.status, 400);
    assert.equal(escaped.body.error.field, '__proto__');

    const constructor = await post(
      '/api/v2/alerts',
      coss.keys.acme,
      '[{"labels": {"alertname": "A"}, "constructor": {"prototype": {"x": 1}}}]',
    );
    assert.equal(constructor.status, 400);
    assert.equal(constructor.body.error.field, '[0].constructor.prototype');

    const broken = await post('/api/v1/alerts', coss.keys.acme, '{"__proto__": ');
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.message, /not valid JSON/, 'JSON that does not parse is still called that');
  });
});
