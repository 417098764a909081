/**
 * The console core and the two rooms, against a real COSS: a staff console holds both rooms' lines (from its snapshot
 * and the stream), each marked with its room, and sends a line to the internal room when asked; a customer user's
 * console never holds an internal line and is refused sending to that room before anything is sent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomMessage } from '../../../../shared/room.ts';
import { eventually, startConsole, startRestartableCoss, type RestartableCoss } from './support.ts';

describe('the console core and the internal room', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
    const said = await coss.request('POST', '/api/v1/rooms/acme/internal/messages', coss.tokens.noc, {
      body: 'before the console started: staff only',
    });
    assert.equal(said.status, 201);
  });
  after(() => coss.close());

  test('staff: both rooms from the snapshot and the stream; a line sent to the internal room lands there', async () => {
    const console_ = await startConsole(coss.url, coss.tokens.noc);
    try {
      await console_.waitForState((state) => state.status === 'live');
      const room = async () => console_.core.handlers['room.list']({ customer: 'acme' });
      const snapshot = await room();
      assert.equal(snapshot.find((line) => line.body === 'before the console started: staff only')?.room, 'internal');

      const answer = await console_.core.handlers['room.send']({
        customer: 'acme',
        body: 'typed in the internal room',
        room: 'internal',
      });
      assert.equal(answer.status, 'done');
      await eventually(
        async () => (await room()).some((line) => line.body === 'typed in the internal room'),
        10_000,
        'the line came back on the stream',
      );
      assert.equal((await room()).find((line) => line.body === 'typed in the internal room')?.room, 'internal');
      const internal = (
        (await coss.request('GET', '/api/v1/rooms/acme/internal/messages', coss.tokens.noc)).body as {
          messages: RoomMessage[];
        }
      ).messages;
      assert.ok(
        internal.some((line) => line.body === 'typed in the internal room'),
        'COSS has it in that room',
      );
    } finally {
      await console_.core.stop();
    }
  });

  test("a customer user's console never holds an internal line and may not send to that room", async () => {
    const console_ = await startConsole(coss.url, coss.tokens.fred);
    try {
      await console_.waitForState((state) => state.status === 'live');
      await coss.request('POST', '/api/v1/rooms/acme/internal/messages', coss.tokens.noc, { body: 'staff only, live' });
      await coss.request('POST', '/api/v1/rooms/acme/messages', coss.tokens.noc, { body: 'for everyone, live' });
      const room = async () => console_.core.handlers['room.list']({ customer: 'acme' });
      await eventually(
        async () => (await room()).some((line) => line.body === 'for everyone, live'),
        10_000,
        'the shared line arrived',
      );
      assert.ok(
        (await room()).every((line) => (line.room ?? 'customer') === 'customer'),
        JSON.stringify(await room()),
      );
      await assert.rejects(
        console_.core.handlers['room.send']({ customer: 'acme', body: 'let me in', room: 'internal' }),
        /room\.internal/,
      );
    } finally {
      await console_.core.stop();
    }
  });
});
