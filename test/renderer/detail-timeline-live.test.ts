/**
 * The open detail's timeline follows its alert live: a change of the alert or its pages, or a room line naming it,
 * loads it again (once per burst); the same alert sent again unchanged, or a line naming another number, does not.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openDetail } from '../../renderer/state/alert-actions.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import { getState } from '../../renderer/state/store.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { type FakeHost } from './fake-host.ts';
import { startAcmeConsole } from './acme-console.ts';

const settle = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const loads = (fake: FakeHost, number: number): number =>
  fake.calls.filter((call) => call.name === 'alerts.get' && (call.args as { number: number }).number === number).length;

describe('the open detail’s timeline stays current', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
    moveCursor(1);
    openDetail();
    await settle();
  });
  afterEach(() => stop());

  const line = (id: number, body: string): RoomMessage => ({
    id,
    customer: 'acme',
    kind: 'human',
    author: 'Fred',
    body,
    command: null,
    replyTo: null,
    createdAt: new Date().toISOString(),
  });

  it('reloads once after a burst of changes to the alert, and not for the same alert sent again', async () => {
    const alert = getState().alertsByCustomer.acme?.get(32977);
    assert.ok(alert !== undefined);
    const before = loads(fake, 32977);
    fake.emit('alerts.changed', { customer: 'acme', alerts: [{ ...alert }], removed: [] });
    await settle(400);
    assert.equal(loads(fake, 32977), before, 'unchanged: no reload');
    for (const count of [4, 5, 6]) {
      fake.emit('alerts.changed', {
        customer: 'acme',
        alerts: [{ ...alert, count, updatedAt: new Date(Date.now() + count).toISOString() }],
        removed: [],
      });
    }
    await settle(400);
    assert.equal(loads(fake, 32977), before + 1, 'one reload for the burst');
  });

  it('reloads for a room line that names the alert, not for one naming a longer number', async () => {
    const before = loads(fake, 32977);
    fake.emit('room.message', line(70_001, 'is 132977 related?'));
    await settle(400);
    assert.equal(loads(fake, 32977), before);
    fake.emit('room.message', line(70_002, '.ack 32977 on it'));
    await settle(400);
    assert.equal(loads(fake, 32977), before + 1);
  });
});
