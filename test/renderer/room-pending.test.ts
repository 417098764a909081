/** A room line typed while COSS is unreachable: in the room at once, marked pending, and gone when COSS has it. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { getState } from '../../renderer/state/store.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { type FakeHost } from './fake-host.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';
import { startAcmeConsole } from './acme-console.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const PENDING: RoomMessage = {
  id: -7,
  customer: 'acme',
  kind: 'human',
  author: 'NOC',
  body: '.oncall [casc/int/systems, 32977] DNS down, calling from the car',
  command: null,
  replyTo: null,
  createdAt: new Date(NOW).toISOString(),
  pending: true,
};

describe('pending room lines in the store', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('shows the pending line, then drops it when the core says COSS has it', () => {
    fake.emit('room.message', PENDING);
    assert.equal(getState().roomByCustomer.acme?.at(-1)?.pending, true);
    fake.emit('room.settled', { customer: 'acme', id: PENDING.id });
    assert.ok(!(getState().roomByCustomer.acme ?? []).some((line) => line.id === PENDING.id));
  });
});

const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('pending room lines in Chromium', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('marks the line pending in the room', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(`window.cossFake.emit('room.message', ${JSON.stringify(PENDING)})`);
    const line = page.locator('.room-line.room-pending');
    await line.waitFor();
    assert.match(await line.innerText(), /PENDING[\s\S]*DNS down, calling from the car/);
    await page.screenshot({ path: `${ARTIFACTS}room-pending-line.png` });
    await page.evaluate(`window.cossFake.emit('room.settled', { customer: 'acme', id: ${PENDING.id} })`);
    await line.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
