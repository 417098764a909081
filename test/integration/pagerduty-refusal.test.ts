/**
 * A change PagerDuty does not take stays visible on the page, never hidden behind COSS's "acknowledged":
 * - an operator with no PagerDuty email acknowledges a paged alert: COSS acknowledges, the REST call cannot be
 *   made, the incident stays triggered, and the page says why (`actionError`), on the stream and in the room;
 * - PagerDuty itself refuses a REST call (a From email it does not know: 400): the same;
 * - a later change that goes through clears it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addToken, addUser } from '../../server/admin/directory.ts';
import { upsertTarget } from '../../server/paging/targets.ts';
import type { Page } from '../../shared/paging.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { databaseKinds } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/stream-client.ts';
import { waitFor } from '../support/wait-for.ts';
import {
  DEFAULT_API_TOKEN,
  DEFAULT_ROUTING_KEY,
  startPagerDutySimulator,
  type PagerDutySimulator,
} from '../simulators/pagerduty/index.ts';

for (const kind of await databaseKinds()) {
  describe(`PagerDuty refusals on ${kind}`, () => {
    let pagerduty: PagerDutySimulator;
    let coss: TestServer;
    const tokens = { night: '', ghost: '', romel: '' };
    before(async () => {
      pagerduty = await startPagerDutySimulator();
      coss = await startTestServer(
        kind,
        {},
        { eventsUrl: pagerduty.eventsUrl, apiUrl: pagerduty.apiUrl, apiToken: DEFAULT_API_TOKEN },
      );
      const db = coss.server.context.db;
      await upsertTarget(db, {
        path: 'casc/int/systems',
        name: 'COSS oncall macro – Systems',
        routingKey: DEFAULT_ROUTING_KEY,
      });
      await addUser(db, { name: 'night', displayName: 'Night Op', role: 'operator' });
      await addUser(db, {
        name: 'ghost',
        displayName: 'Ghost',
        role: 'operator',
        pagerdutyEmail: 'ghost@nowhere.example',
      });
      await addUser(db, {
        name: 'romel',
        displayName: 'Romel Emperado',
        role: 'operator',
        pagerdutyEmail: 'romel.emperado@example.com',
      });
      tokens.night = (await addToken(db, 'night')).token;
      tokens.ghost = (await addToken(db, 'ghost')).token;
      tokens.romel = (await addToken(db, 'romel')).token;
    });
    after(async () => {
      await coss.close();
      await pagerduty.close();
    });

    const pageOf = async (number: number): Promise<Page | undefined> =>
      ((await coss.request('GET', '/api/v1/rooms/acme/pages', coss.tokens.noc)).body as { pages: Page[] }).pages.find(
        (p) => p.alertNumber === number,
      );
    const act = (token: string, path: string, body: unknown = {}) =>
      coss.request('POST', path, token, body, { 'Idempotency-Key': `test-${randomUUID()}` });

    test('an acknowledgement PagerDuty could not take is on the page, the stream and in the room; a later one clears it', async () => {
      const raised = await coss.request('POST', '/api/v1/alerts', coss.keys.acme, {
        device: 'db9.acme.com',
        severity: 'critical',
        summary: 'disk full',
      });
      const number = (raised.body as { alerts: Array<{ number: number }> }).alerts[0]?.number ?? 0;
      const dedupKey = `coss_102-${number}`;
      await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, {
        body: `.oncall [casc/int/systems, ${number}] disk full`,
      });
      await waitFor('the page sent', async () => (await pageOf(number))?.delivery === 'sent');
      const stream = openStream(coss.url, coss.tokens.noc);
      await stream.refused;

      const ack = await act(tokens.night, `/api/v1/alerts/${number}/acknowledge`);
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.deepEqual((ack.body as { pagerDuty: string[] }).pagerDuty, [dedupKey]);
      const refused = await waitFor('the refusal on the page', async () => {
        const page = await pageOf(number);
        return page?.actionError ? page : null;
      });
      assert.match(refused.actionError ?? '', /^acknowledge: no PagerDuty email for Night Op in COSS/);
      assert.equal(
        ((await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as { alert: { status: string } })
          .alert.status,
        'acknowledged',
      );
      assert.equal(pagerduty.incident(dedupKey)?.status, 'triggered', 'PagerDuty still pages the on-call person');
      const timeline = (
        (await coss.request('GET', `/api/v1/alerts/${number}`, coss.tokens.noc)).body as {
          history: Array<{ text: string }>;
        }
      ).history;
      assert.ok(
        timeline.some((entry) =>
          /^PagerDuty refused the acknowledge \(COSS oncall macro – Systems\): no PagerDuty email for Night Op in COSS/.test(
            entry.text,
          ),
        ),
        `the timeline says PagerDuty refused: ${timeline.map((entry) => entry.text).join(' | ')}`,
      );
      await stream.waitFor((events) =>
        events.some(
          (e) =>
            e.kind === 'page.updated' &&
            (e.data as Page).alertNumber === number &&
            (e.data as Page).actionError !== null,
        ),
      );
      await stream.waitFor((events) =>
        events.some(
          (e) =>
            e.kind === 'room.message' &&
            (e.data as RoomMessage).body.startsWith(`Night Op, PagerDuty did not take the acknowledge for ${dedupKey}`),
        ),
      );
      stream.close();

      // PagerDuty itself says no: it knows no user by that From email.
      const note = await act(tokens.ghost, `/api/v1/alerts/${number}/notes`, { text: 'looking' });
      assert.equal(note.status, 200, JSON.stringify(note.body));
      await waitFor('the REST refusal on the page', async () =>
        /^note: .*Requester User Not Found/.test((await pageOf(number))?.actionError ?? ''),
      );

      // A change that goes through replaces the refusal.
      const resolve = await act(tokens.romel, `/api/v1/alerts/${number}/resolve`);
      assert.equal(resolve.status, 200, JSON.stringify(resolve.body));
      await waitFor('the refusal cleared', async () => (await pageOf(number))?.actionError === null);
      assert.equal(pagerduty.incident(dedupKey)?.status, 'resolved');
    });
  });
}
