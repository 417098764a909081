/**
 * The lookup by external_id under both readings FACTS.md leaves open (it documents no lookup endpoint and no list
 * envelope): List Tickets filtered by external_id answering `tickets`, and the Search API answering `results`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FetchLike } from '../../../../../server/integrations/call-outcome.ts';
import { TicketsClient } from '../../../../../server/integrations/zendesk/tickets-client.ts';

type Answer = { status: number; body: unknown };

/** A Zendesk that answers each path prefix as told, recording the paths asked. */
function zendesk(routes: Record<string, Answer>): { client: TicketsClient; asked: string[] } {
  const asked: string[] = [];
  const fake: FetchLike = async (input) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const path = `${url.pathname}${url.search}`;
    asked.push(decodeURIComponent(path));
    const route = Object.entries(routes).find(([prefix]) => url.pathname === prefix);
    const answer = route?.[1] ?? { status: 404, body: { error: 'InvalidEndpoint' } };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { client: new TicketsClient({ url: 'https://z.example', token: 't', timeoutMs: 1_000, fetch: fake }), asked };
}

const KEY = 'coss_102-32962';

describe('TicketsClient.findByExternalId', () => {
  it('reads the filtered list under `tickets` (the simulator’s reading), oldest first', async () => {
    const { client, asked } = zendesk({
      '/api/v2/tickets': {
        status: 200,
        body: {
          tickets: [
            { id: 12, external_id: KEY, status: 'open' },
            { id: 9, external_id: KEY, status: 'new' },
          ],
        },
      },
    });
    assert.deepEqual(await client.findByExternalId(KEY), { kind: 'ok', value: { id: 9, status: 'new' } });
    assert.deepEqual(asked, [`/api/v2/tickets?external_id=${KEY}`]);
  });

  it('reads the filtered list under `results` too, and an empty list as none', async () => {
    const found = zendesk({ '/api/v2/tickets': { status: 200, body: { results: [{ id: 7, external_id: KEY }] } } });
    assert.deepEqual(await found.client.findByExternalId(KEY), { kind: 'ok', value: { id: 7, status: null } });
    const none = zendesk({ '/api/v2/tickets': { status: 200, body: { tickets: [] } } });
    assert.deepEqual(await none.client.findByExternalId(KEY), { kind: 'ok', value: null });
    assert.equal(none.asked.length, 1);
  });

  it('asks the Search API (`results`) when the list refuses the filter', async () => {
    const { client, asked } = zendesk({
      '/api/v2/tickets': { status: 400, body: { error: 'InvalidParameter' } },
      '/api/v2/search': {
        status: 200,
        body: {
          results: [
            { id: 3, result_type: 'user', external_id: KEY },
            { id: 5, result_type: 'ticket', external_id: KEY, status: 'open' },
          ],
          count: 2,
        },
      },
    });
    assert.deepEqual(await client.findByExternalId(KEY), { kind: 'ok', value: { id: 5, status: 'open' } });
    assert.deepEqual(asked, [
      `/api/v2/tickets?external_id=${KEY}`,
      `/api/v2/search?query=type:ticket external_id:"${KEY}"`,
    ]);
  });

  it('asks the Search API when the list ignored the filter, and never takes another id’s ticket', async () => {
    const { client, asked } = zendesk({
      '/api/v2/tickets': { status: 200, body: { tickets: [{ id: 1, external_id: 'someone-else' }, { id: 2 }] } },
      '/api/v2/search': { status: 200, body: { results: [] } },
    });
    // Ticket 2 shows no external_id: taken at the filter's word only when no other ticket shows it was ignored.
    assert.deepEqual(await client.findByExternalId(KEY), { kind: 'ok', value: null });
    const unlabelled = zendesk({ '/api/v2/tickets': { status: 200, body: { tickets: [{ id: 2 }] } } });
    assert.deepEqual(await unlabelled.client.findByExternalId(KEY), { kind: 'ok', value: { id: 2, status: null } });
    const ignored = zendesk({
      '/api/v2/tickets': { status: 200, body: { tickets: [{ id: 1, external_id: 'someone-else' }] } },
      '/api/v2/search': { status: 200, body: { results: [] } },
    });
    assert.deepEqual(await ignored.client.findByExternalId(KEY), { kind: 'ok', value: null });
    assert.equal(ignored.asked.length, 2);
    assert.equal(asked.length, 2);
  });

  it('retries a list that failed for a reason of its own, without searching', async () => {
    const { client, asked } = zendesk({ '/api/v2/tickets': { status: 503, body: { error: 'down' } } });
    assert.equal((await client.findByExternalId(KEY)).kind, 'retry');
    assert.equal(asked.length, 1);
  });
});
