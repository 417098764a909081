/**
 * `r` on one alert holds the resolve for an undo window, `u` takes it back, `O` reopens, `R` reassigns: run in Node
 * against the fake host, as the operator's keys reach the store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createKeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { COMMANDS_BY_KEY, paletteCommands } from '../../renderer/commands/registry.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import { reassignAlert, reopenAlert } from '../../renderer/state/resolve-undo-actions.ts';
import { selectCursorAlert } from '../../renderer/state/queue-selectors.ts';
import { switchCustomer } from '../../renderer/state/customer-actions.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import { createFakeHost, type FakeHost } from './fake-host.ts';
import { startAcmeConsole } from './acme-console.ts';

const settle = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const press = (key: string) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: key.length === 1 && key !== key.toLowerCase(),
});
const toasts = () => getState().toasts.map((toast) => `${toast.tone}: ${toast.message}`);
const statusOf = (number: number) => getState().alertsByCustomer.acme?.get(number)?.status;

describe('resolve with undo, reopen and reassign keys', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('r holds the resolve (nothing resolved, the row says so); u takes it back and nothing is sent', async () => {
    const keys = createKeyDispatcher();
    const number = selectCursorAlert(getState())?.number ?? 0;
    keys.handle(press('r'), { typing: false }, 0);
    await settle();
    assert.deepEqual(
      fake.calls
        .filter((call) => call.name.startsWith('alerts.') && call.name !== 'alerts.list')
        .map((call) => call.name),
      ['alerts.resolveLater'],
    );
    assert.deepEqual(fake.calls.find((call) => call.name === 'alerts.resolveLater')?.args, { number, delayMs: 5000 });
    assert.equal(statusOf(number), 'open', 'not shown resolved: it is not');
    assert.deepEqual(getState().pending.get(number), { action: 'resolve', via: 'held' });
    assert.deepEqual(toasts(), [`info: Resolving ${number} in 5 s (not sent yet): u takes it back.`]);

    keys.handle(press('u'), { typing: false }, 1000);
    await settle();
    assert.equal(getState().pending.get(number), undefined);
    assert.equal(getState().undoable, null);
    assert.equal(toasts().at(-1), `done: ${number} was not resolved: nothing was sent to COSS or PagerDuty.`);
    assert.equal(statusOf(number), 'open');
    assert.ok(!fake.calls.some((call) => call.name === 'alerts.resolve'));
  });

  it('when the window ends the toast says what COSS did; u after it points to reopening', async () => {
    const keys = createKeyDispatcher();
    const number = selectCursorAlert(getState())?.number ?? 0;
    keys.handle(press('r'), { typing: false }, 0);
    await settle();
    fake.emit('alerts.heldSettled', { number, customer: 'acme', status: 'done', message: `Resolve ${number}: done.` });
    assert.equal(toasts().at(-1), `done: Resolve ${number}: done.`);
    assert.equal(getState().undoable, null);
    assert.equal(getState().lastResolved, number);
    keys.handle(press('u'), { typing: false }, 1000);
    await settle();
    assert.equal(
      toasts().at(-1),
      `info: Nothing to undo: no resolve is waiting to be sent. ${number} has gone to COSS: reopen it with O.`,
    );
    // O offers the alert just resolved.
    keys.handle(press('O'), { typing: false }, 2000);
    assert.deepEqual(getState().overlay, { kind: 'reopen', number });
  });

  it('a refused held resolve is said to have failed, and the row is not left saying "resolving"', async () => {
    const number = selectCursorAlert(getState())?.number ?? 0;
    createKeyDispatcher().handle(press('r'), { typing: false }, 0);
    await settle();
    fake.emit('alerts.heldSettled', {
      number,
      customer: 'acme',
      status: 'failed',
      message: `Resolve ${number} was refused by COSS: no alert ${number}`,
    });
    assert.equal(toasts().at(-1), `error: Resolve ${number} was refused by COSS: no alert ${number}`);
    assert.equal(getState().pending.get(number), undefined);
  });

  it('reopen brings a resolved alert back; an open one is refused with the reason', async () => {
    const [number] = [...(getState().alertsByCustomer.acme?.values() ?? [])]
      .filter((alert) => alert.status === 'resolved')
      .map((alert) => alert.number);
    assert.ok(number !== undefined, 'the fake holds a resolved alert');
    assert.equal(await reopenAlert(number), true);
    await settle();
    assert.equal(statusOf(number), 'open');
    assert.equal(toasts().at(-1), `done: Reopened ${number}: open again in COSS.`);
    assert.equal(await reopenAlert(number), false);
    assert.equal(
      toasts().at(-1),
      `error: Reopen ${number} failed: ${number} is not resolved (it is open): nothing to reopen.`,
    );
  });

  it('R opens the reassign dialog for the cursor alert; reassigning says what COSS did, or why not', async () => {
    const keys = createKeyDispatcher();
    moveCursor(1);
    const alert = selectCursorAlert(getState());
    assert.ok(alert !== null);
    keys.handle(press('R'), { typing: false }, 0);
    assert.deepEqual(getState().overlay, { kind: 'reassign', number: alert.number });
    if (alert.pages.length === 0) {
      assert.equal(await reassignAlert(alert.number, 'casc/romel'), false);
      assert.match(
        toasts().at(-1) ?? '',
        new RegExp(
          `^error: Reassign ${alert.number} to casc/romel failed: COSS did not do it: event ${alert.number} was not paged`,
        ),
      );
    }
    const paged = [...(getState().alertsByCustomer.acme?.values() ?? [])].find(
      (candidate) => candidate.pages.length > 0,
    );
    assert.ok(paged !== undefined, 'the fake holds a paged alert');
    assert.equal(await reassignAlert(paged.number, 'casc/romel'), true);
    assert.equal(
      toasts().at(-1),
      `done: Reassign ${paged.number} to casc/romel: reassigning ${paged.pages[0]?.dedupKey} to casc/romel in PagerDuty.`,
    );
    assert.ok(
      getState().roomByCustomer.acme?.some((line) => line.body === `.reassign ${paged.number} casc/romel`),
      'the command is in the room',
    );
  });

  it('the keys are free ones, and a customer user is neither offered nor allowed reassign, reopen or undo', async () => {
    assert.deepEqual(
      ['R', 'O', 'u'].map((key) => COMMANDS_BY_KEY.get(key)?.id),
      ['alert.reassign', 'alert.reopen', 'alert.undo'],
    );
    stop();
    resetConsoleStore();
    fake = createFakeHost({
      now: Date.parse('2025-03-04T11:20:00Z'),
      user: { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' },
    });
    stop = await startConsole(fake);
    // Several customers open on all of them in one queue; these tests are about Acme's.
    await switchCustomer('acme');
    const ids = paletteCommands(getState()).map((command) => command.id);
    for (const id of ['alert.reassign', 'alert.reopen', 'alert.undo']) assert.ok(!ids.includes(id), id);
    const keys = createKeyDispatcher();
    keys.handle(press('R'), { typing: false }, 0);
    keys.handle(press('O'), { typing: false }, 100);
    assert.equal(getState().overlay, null);
    assert.deepEqual(toasts().slice(-2), [
      'info: a customer user may not reassign alerts (alert.reassign): only admin, operator, engineer and pm users may. Ask in the ops room (g r) instead.',
      'info: a customer user may not reopen resolved alerts (alert.reopen): only admin, operator, engineer and pm users may. Ask in the ops room (g r) instead.',
    ]);
  });
});
