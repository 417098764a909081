/**
 * The room pane's two rooms and its event cards. Staff switch between the customer's room and the staff-only internal
 * room with `g i` (in the cheat sheet; the switch counts lines new in the room not shown), and a line typed there goes
 * to that room; a customer user has one room, no
 * switch, and `g i` says why. A card line shows the alert's state now from the store and its number selects the alert
 * from the keyboard. In the store (Node) and in Chromium, keyboard only.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runCommand } from '../../renderer/commands/registry.ts';
import { getState } from '../../renderer/state/store.ts';
import type { RoomMessage } from '../../shared/room.ts';
import { type FakeHost } from './fake-host.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';
import { startAcmeConsole, STORE_TEST_NOW } from './acme-console.ts';

const NOW = STORE_TEST_NOW;
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const FRED = { name: 'fred', displayName: 'Fred', role: 'customer' as const, customer: 'acme' };
const INTERNAL: RoomMessage = {
  id: 99001,
  customer: 'acme',
  kind: 'human',
  author: 'NOC',
  body: "between us: Acme's change broke fisheye again",
  command: null,
  replyTo: null,
  createdAt: new Date(NOW - 60_000).toISOString(),
  room: 'internal',
  card: null,
};
const CARD: RoomMessage = {
  id: 99002,
  customer: 'acme',
  kind: 'bot',
  author: 'COSS',
  body: [
    'Event 32962',
    'Device: fisheye.acme.com',
    'IP Address: 172.30.0.14',
    'Component: httpd',
    'Severity: Critical',
    'Time: 2025-Mar-4 02:33AM PST',
    'Message: HTTP check failed: connection refused on :8060',
    '== Escalation notes ==',
    '=== Tier notes ===',
    'Page casc/int/systems.',
    '=== Device notes ===',
    '(none)',
  ].join('\n'),
  command: null,
  replyTo: null,
  createdAt: new Date(NOW - 30_000).toISOString(),
  room: 'customer',
  card: { number: 32962 },
};

describe('the two rooms in the store', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('g i switches the room pane and a line typed then goes to the internal room', async () => {
    fake.emit('room.message', INTERNAL);
    assert.ok(
      getState().roomByCustomer.acme?.some((line) => line.id === INTERNAL.id),
      'held with its room',
    );
    assert.equal(getState().roomView, 'customer');
    assert.ok(runCommand('room.switch'));
    assert.equal(getState().roomView, 'internal');
    assert.ok(runCommand('room.switch'));
    assert.equal(getState().roomView, 'customer');
  });
});

const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

async function roomBodies(page: Page): Promise<string[]> {
  return page.locator('.room-lines .room-line .room-body').allInnerTexts();
}

describe('the two rooms and event cards in Chromium', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('staff: g i shows the internal room, typing there sends to it, g i again is back in the customer room', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(`window.cossFake.emit('room.message', ${JSON.stringify(INTERNAL)})`);
    await page.locator('.room-head h2', { hasText: 'Ops room' }).waitFor();
    assert.ok(!(await roomBodies(page)).some((body) => body.includes('between us')), 'not in the customer room');
    // …but the switch says a line came into the internal room.
    assert.equal(await page.locator('.room-switch .room-unseen').innerText(), '1');

    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.locator('.room-head h2', { hasText: 'Internal room' }).waitFor();
    assert.deepEqual(await roomBodies(page), [INTERNAL.body], 'the internal room shows its own lines only');
    assert.equal(await page.locator('.room-unseen').count(), 0, 'seen now');
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.keyboard.type('quiet one: restarting fisheye myself');
    await page.keyboard.press('Enter');
    await page.locator('.room-line .room-body', { hasText: 'quiet one: restarting fisheye myself' }).waitFor();
    const sent = await page.evaluate(() =>
      (window as unknown as { cossFake: { calls: Array<{ name: string; args: unknown }> } }).cossFake.calls.filter(
        (call) => call.name === 'room.send',
      ),
    );
    assert.deepEqual(sent.at(-1)?.args, {
      customer: 'acme',
      body: 'quiet one: restarting fisheye myself',
      room: 'internal',
    });
    await page.screenshot({ path: `${ARTIFACTS}internal-room.png` });

    await page.keyboard.press('Escape');
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page.locator('.room-head h2', { hasText: 'Ops room' }).waitFor();
    const shared = await roomBodies(page);
    assert.ok(!shared.some((body) => body.includes('between us') || body.includes('quiet one')), shared.join('\n'));

    await page.keyboard.press('?');
    await page
      .locator('.cheat-sheet', { hasText: "Switch the ops room: the customer's room or the staff-only internal room" })
      .waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("a card shows the alert's state now, and Enter on its number selects the alert", async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.evaluate(`window.cossFake.emit('room.message', ${JSON.stringify(CARD)})`);
    const card = page.locator('.room-card[data-card="32962"]');
    await card.waitFor();
    assert.equal(await card.locator('.room-card-state').innerText(), 'acknowledged by Romel Emperado');
    assert.equal(await card.locator('.sev').getAttribute('aria-label'), 'severity critical');
    assert.match(
      await card.locator('.room-card-body').innerText(),
      /^Device: fisheye\.acme\.com\nIP Address: 172\.30\.0\.14/,
    );
    await page.screenshot({ path: `${ARTIFACTS}room-event-card.png` });

    // COSS says the alert is open again: the card follows.
    await page.evaluate(async () => {
      const fake = (
        window as unknown as {
          cossFake: {
            invoke: (
              name: string,
              args: unknown,
            ) => Promise<{ ok: boolean; value: { alert: Record<string, unknown> } }>;
            emit: (name: string, payload: unknown) => void;
          };
        }
      ).cossFake;
      const got = await fake.invoke('alerts.get', { number: 32962 });
      fake.emit('alerts.changed', {
        customer: 'acme',
        alerts: [{ ...got.value.alert, status: 'open', acknowledgedBy: null, updatedAt: new Date().toISOString() }],
        removed: [],
      });
    });
    await card.locator('.room-card-state', { hasText: /^open$/ }).waitFor();

    // Keyboard only: into the room's input, back one stop to the card's number, Enter.
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '32962');
    await page.keyboard.press('Enter');
    await page.locator('.arow.is-cursor[data-number="32962"]').waitFor();
    assert.equal(
      await page.evaluate(() =>
        (
          window as unknown as { cossFake: { calls: Array<{ name: string; args: { number?: number } }> } }
        ).cossFake.calls.some((call) => call.name === 'alerts.get' && call.args.number === 32962),
      ),
      true,
      'the detail of the selected alert was loaded',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("in the all-customers queue a card still finds its alert (it is held there, not in the customer's own map)", async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, view: 'all-customers' });
    await page.locator('.customer-all[aria-current="true"]').waitFor();
    // The room beside the queue is the cursor alert's customer's: move to an Acme alert.
    for (let step = 0; step < 40 && (await page.locator('.arow.is-cursor .c-cust').innerText()) !== 'Acme'; step += 1)
      await page.keyboard.press('j');
    await page.locator('.room-head', { hasText: 'Acme' }).waitFor();
    await page.evaluate(`window.cossFake.emit('room.message', ${JSON.stringify(CARD)})`);
    const card = page.locator('.room-card[data-card="32962"]');
    await card.waitFor();
    await card.locator('.room-card-state', { hasText: 'acknowledged by Romel Emperado' }).waitFor();
    assert.equal(await card.getAttribute('data-status'), 'acknowledged');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a customer user has one room: no switch, and g i says why', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW, user: FRED });
    await page.locator('.room-head h2', { hasText: 'Ops room' }).waitFor();
    assert.equal(await page.locator('.room-switch').count(), 0);
    await page.keyboard.press('g');
    await page.keyboard.press('i');
    await page
      .locator('.toast-info', { hasText: 'a customer user may not read or write the internal room (room.internal)' })
      .waitFor();
    assert.equal(await page.locator('.room-head h2').innerText(), 'Ops room');
    // A line staff said in both rooms reads as chat, marked.
    const both: RoomMessage = {
      ...INTERNAL,
      id: 99003,
      body: 'Acme VPN is back; we are watching it for 30 minutes',
      command: { name: 'both', text: 'Acme VPN is back; we are watching it for 30 minutes' },
      room: 'customer',
    };
    await page.evaluate(`window.cossFake.emit('room.message', ${JSON.stringify(both)})`);
    const said = page.locator('.room-line', { hasText: 'Acme VPN is back' });
    await said.locator('.room-both-tag', { hasText: 'both rooms' }).waitFor();
    assert.equal(await said.locator('.room-command').count(), 0, 'chat, not a command');
    await page.keyboard.press('?');
    await page.locator('.cheat-sheet').waitFor();
    assert.ok(!(await page.locator('.cheat-sheet').innerText()).includes('internal room'));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
