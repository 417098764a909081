/** Reading every active alert in pages by event number: none skipped or repeated while the set changes. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import type { Alert } from '../../shared/alert.ts';

interface Page {
  head: number;
  alerts: Alert[];
  next: number | null;
}

for (const kind of await databaseKinds()) {
  describe(`paging the alert list on ${kind}`, () => {
    let coss: TestServer;
    before(async () => {
      coss = await startTestServer(kind);
      const events = Array.from({ length: 2500 }, (_, index) => ({
        device: `host${index}.acme.com`,
        severity: index % 7 === 0 ? 'critical' : 'warning',
        summary: `check ${index}`,
      }));
      const answer = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, { events });
      assert.equal(answer.status, 200);
      // Another customer's alerts must not show up in Acme's pages.
      await coss.request('POST', '/api/v1/alerts', coss.keys.globex, {
        device: 'g1.globex.com',
        severity: 'critical',
        summary: 'x',
      });
    });
    after(() => coss.close());

    const page = async (after: number | null): Promise<Page> => {
      const answer = await coss.request(
        'GET',
        `/api/v1/alerts?customer=acme&status=open,acknowledged&order=number&limit=1000${after === null ? '' : `&after=${after}`}`,
        coss.tokens.noc,
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body as Page;
    };

    test('pages by number add up to every active alert once, while alerts are resolved and raised between them', async () => {
      const first = await page(null);
      assert.equal(first.alerts.length, 1000);
      assert.equal(first.next, first.alerts.at(-1)?.number);
      // Between pages: an alert of the first page is resolved, one of a later page too, and a new one opens.
      const resolvedEarly = first.alerts[10] as Alert;
      await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: resolvedEarly.device,
        severity: 'clear',
        summary: resolvedEarly.summary,
      });
      await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'host2400.acme.com',
        severity: 'clear',
        summary: 'check 2400',
      });
      await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'late.acme.com',
        severity: 'critical',
        summary: 'late arrival',
      });

      const seen = [...first.alerts];
      let next: number | null = first.next;
      while (next !== null) {
        const more = await page(next);
        // The head of the first page is where a stream starts; later pages may be newer, never older.
        assert.ok(more.head >= first.head);
        seen.push(...more.alerts);
        next = more.next;
      }
      const numbers = seen.map((alert) => alert.number);
      assert.equal(new Set(numbers).size, numbers.length, 'no alert twice');
      assert.deepEqual(
        numbers,
        [...numbers].sort((a, b) => a - b),
        'ascending by number',
      );
      assert.ok(seen.every((alert) => alert.customer === 'acme'));
      assert.ok(
        seen.some((alert) => alert.device === 'late.acme.com'),
        'an alert opened meanwhile is on a later page',
      );
      assert.ok(
        !seen.some((alert) => alert.device === 'host2400.acme.com'),
        'an alert resolved before its page is not',
      );
      // 2,500 posted, one opened, the later one resolved; the early one was read before its clear.
      assert.equal(seen.length, 2500);
    });

    test('`after` without order=number is refused naming the field', async () => {
      const answer = await coss.request('GET', '/api/v1/alerts?customer=acme&after=10', coss.tokens.noc);
      assert.equal(answer.status, 400);
      assert.match(JSON.stringify(answer.body), /after/);
    });
  });
}
