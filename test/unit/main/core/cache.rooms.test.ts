/** The cache keeps the last lines of each of a customer's two rooms, so a busy internal room keeps the customer's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_LIMITS, ConsoleCache } from '../../../../main/core/cache.ts';
import type { RoomMessage } from '../../../../shared/room.ts';
import { tempDir } from './support.ts';

const line = (id: number, room: RoomMessage['room']): RoomMessage => ({
  id,
  customer: 'acme',
  kind: 'human',
  author: 'NOC',
  body: `line ${id}`,
  command: null,
  replyTo: null,
  createdAt: 'now',
  room,
});

test('each room keeps its own last lines: the internal room overflowing drops only its own oldest', () => {
  const cache = new ConsoleCache(tempDir());
  cache.reset('http://coss.example');
  for (let id = 1; id <= 5; id += 1) cache.addRoomMessage(line(id, 'customer'));
  for (let id = 6; id <= CACHE_LIMITS.roomMessages + 15; id += 1) cache.addRoomMessage(line(id, 'internal'));
  const room = cache.customer('acme').room;
  assert.deepEqual(
    room.filter((message) => message.room === 'customer').map((message) => message.id),
    [1, 2, 3, 4, 5],
  );
  const internal = room.filter((message) => message.room === 'internal');
  assert.equal(internal.length, CACHE_LIMITS.roomMessages);
  assert.equal(internal[0]?.id, 16);
  assert.deepEqual(
    room.map((message) => message.id),
    [...room.map((message) => message.id)].sort((a, b) => a - b),
    'in id order',
  );
});
