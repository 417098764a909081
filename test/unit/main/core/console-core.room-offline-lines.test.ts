/**
 * Room lines typed while COSS is unreachable show in the room at once, marked pending (also after a reload), and
 * are dropped for COSS's own line once it has them; COSS keeps when they were typed beside when it got them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomMessage } from '../../../../shared/room.ts';
import { eventually, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

describe('room lines typed offline', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
  });
  after(() => coss.close());

  test('pending in the room at once, then COSS’s line with the time it was typed; the audit keeps both times', async () => {
    const console_ = await startConsole(coss.url, coss.tokens.noc);
    const shown: RoomMessage[] = [];
    const settled: Array<{ customer: string; id: number }> = [];
    console_.core.on((name, payload) => {
      if (name === 'room.message') shown.push(payload as RoomMessage);
      if (name === 'room.settled') settled.push(payload as { customer: string; id: number });
    });
    try {
      await console_.waitForState((state) => state.status === 'live');
      await coss.stop();
      await console_.waitForState((state) => state.status !== 'live');

      const typedAt = Date.now();
      const answer = await console_.core.handlers['room.send']({
        customer: 'acme',
        body: 'looking at db01 from the train, VPN is down',
      });
      assert.equal(answer.status, 'queued');
      const pending = shown.find((line) => line.pending === true);
      assert.ok(pending !== undefined, 'the line shows at once');
      assert.equal(pending.body, 'looking at db01 from the train, VPN is down');
      assert.equal(pending.author, 'NOC');
      assert.ok(pending.id < 0, 'the console’s own id');
      const listed = await console_.core.handlers['room.list']({ customer: 'acme' });
      assert.deepEqual(listed.at(-1), pending, 'a reload of the room shows it too');

      // COSS is away long enough that the line reaches it well after it was typed.
      await new Promise((resolve) => setTimeout(resolve, 5500));
      await coss.restart();
      await console_.waitForState((state) => state.status === 'live' && state.pendingActions === 0, 20_000);
      await eventually(() => settled.some((entry) => entry.id === pending.id), 10_000, 'the pending copy dropped');
      assert.ok(
        !(await console_.core.handlers['room.list']({ customer: 'acme' })).some((line) => line.pending === true),
      );

      const messages = (
        (await coss.request('GET', '/api/v1/rooms/acme/messages', coss.tokens.noc)).body as { messages: RoomMessage[] }
      ).messages;
      const stored = messages.find((line) => line.body === 'looking at db01 from the train, VPN is down');
      assert.ok(stored !== undefined && stored.actedAt !== null && stored.actedAt !== undefined);
      assert.ok(Math.abs(Date.parse(stored.actedAt) - typedAt) < 1000, 'typed then');
      assert.ok(Date.parse(stored.createdAt) - Date.parse(stored.actedAt) > 5000, 'received later');

      const from = new Date(typedAt - 60_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const audit = await fetch(
        `${coss.url}/api/v1/rooms/acme/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&format=csv`,
        {
          headers: { authorization: `Bearer ${coss.tokens.noc}` },
        },
      );
      const csv = await audit.text();
      const row = csv.split('\r\n').find((line) => line.includes('looking at db01 from the train'));
      assert.ok(row?.startsWith(`${stored.createdAt},${stored.actedAt},message,`), row);
    } finally {
      await console_.core.stop();
    }
  });

  test('a date from the future, or older than a week, is refused naming actedAt', async () => {
    for (const actedAt of [
      new Date(Date.now() + 3_600_000).toISOString(),
      new Date(Date.now() - 8 * 86_400_000).toISOString(),
      'yesterday',
    ]) {
      const answer = await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, {
        body: 'hello',
        actedAt,
      });
      assert.equal(answer.status, 400, actedAt);
      assert.match(JSON.stringify(answer.body), /actedAt/);
    }
  });
});
