/**
 * The cursor is an alert, never a row position: new alerts above and below never move it, and when its alert
 * leaves the view the cursor goes to a neighbour visibly, with action keys held back for a moment so a key meant
 * for the alert that left never lands on another one.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runCommand } from '../../renderer/commands/registry.ts';
import { openDetail } from '../../renderer/state/alert-actions.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import { selectCursorAlert, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { ACTION_HOLD_MS } from '../../renderer/state/selection-keeper.ts';
import { getState } from '../../renderer/state/store.ts';
import { updateFilter } from '../../renderer/state/ui-actions.ts';
import type { Severity } from '../../shared/alert.ts';
import { type FakeHost } from './fake-host.ts';
import { startAcmeConsole } from './acme-console.ts';

const settle = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const cursorNumber = (): number | undefined => selectCursorAlert(getState())?.number;
const calls = (fake: FakeHost, name: string): number => fake.calls.filter((call) => call.name === name).length;

describe('the cursor stays on the alert the operator chose', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  /** Raises `count` alerts of `severity` numbered from `from`: critical ones sort above, debug ones below. */
  function stream(from: number, count: number, severity: Severity): void {
    for (let number = from; number < from + count; number += 1) {
      fake.raise('acme', { number, severity, summary: `streamed ${number}`, device: `s${number}.acme.com` });
    }
  }

  it('before any key the cursor watches the top row, and a key just after a newcomer took it does nothing but say why', async () => {
    const top = cursorNumber();
    assert.equal(top, 32981);
    stream(50_000, 3, 'critical');
    const newcomer = [...selectQueue(getState()).rows][0]?.number;
    assert.notEqual(newcomer, top, 'new criticals sort above it');
    assert.equal(cursorNumber(), newcomer, 'the top row, where new criticals arrive, is what the cursor shows');
    const acksBefore = calls(fake, 'alerts.acknowledge');
    runCommand('alert.acknowledge');
    assert.equal(calls(fake, 'alerts.acknowledge'), acksBefore, 'no acknowledge of the newcomer within the hold');
    assert.match(
      getState().toasts.at(-1)?.message ?? '',
      new RegExp(`Not done: ${newcomer} just arrived in the row of `),
    );
  });

  it('500 alerts streaming in above and below do not move a chosen cursor, and n reaches its alert', async () => {
    moveCursor(1);
    const chosen = cursorNumber();
    stream(60_000, 125, 'critical');
    stream(70_000, 125, 'debug');
    assert.equal(cursorNumber(), chosen);

    runCommand('alert.note');
    const overlay = getState().overlay;
    assert.equal(overlay?.kind === 'note' ? overlay.number : null, chosen, '`n` notes the chosen alert');
  });

  it('a clear of the selected alert moves the cursor to its neighbour, says so, and holds `a` for a moment', async () => {
    moveCursor(1);
    const rows = [...selectQueue(getState()).rows];
    const selected = rows[1];
    const below = rows[2];
    assert.ok(selected !== undefined && below !== undefined);
    fake.emit('alerts.changed', { customer: 'acme', alerts: [], removed: [selected.number] });

    assert.equal(cursorNumber(), below.number);
    assert.equal(getState().toasts.at(-1)?.message, `${selected.number} resolved, now on ${below.number}.`);

    const acksBefore = calls(fake, 'alerts.acknowledge');
    runCommand('alert.acknowledge');
    runCommand('alert.note');
    assert.equal(calls(fake, 'alerts.acknowledge'), acksBefore, 'no acknowledge within the hold');
    assert.equal(getState().overlay, null, 'no note dialog within the hold');
    assert.match(
      getState().toasts.at(-1)?.message ?? '',
      new RegExp(`Not done: ${selected.number} was just resolved and the cursor moved to ${below.number}`),
    );

    await settle(ACTION_HOLD_MS + 50);
    runCommand('alert.acknowledge');
    await settle();
    const ack = fake.calls.filter((call) => call.name === 'alerts.acknowledge').at(-1);
    assert.deepEqual(ack?.args, { numbers: [below.number] });
  });

  it('an alert acknowledged out of an unacknowledged-only view moves the cursor, and says why', () => {
    updateFilter({ status: 'unacknowledged' });
    const rows = [...selectQueue(getState()).rows];
    const selected = rows[0];
    const next = rows[1];
    assert.ok(selected !== undefined && next !== undefined);
    fake.emit('alerts.changed', {
      customer: 'acme',
      alerts: [{ ...selected, status: 'acknowledged', acknowledgedBy: 'Night Op' }],
      removed: [],
    });
    assert.equal(cursorNumber(), next.number);
    assert.equal(
      getState().toasts.at(-1)?.message,
      `${selected.number} no longer matches the filter, now on ${next.number}.`,
    );
  });

  it('the open detail follows to the neighbour and loads its notes and history', async () => {
    openDetail();
    await settle();
    const rows = [...selectQueue(getState()).rows];
    const selected = rows[0];
    const next = rows[1];
    assert.ok(selected !== undefined && next !== undefined);
    assert.equal(getState().details[next.number], undefined);
    fake.emit('alerts.changed', { customer: 'acme', alerts: [], removed: [selected.number] });
    await settle(20);
    assert.equal(cursorNumber(), next.number);
    assert.ok(getState().details[next.number] !== undefined, 'the neighbour’s detail is loaded, not left at Loading…');
  });

  it('x marks in place: `x j x` marks two neighbouring rows', () => {
    const rows = [...selectQueue(getState()).rows];
    runCommand('queue.mark');
    moveCursor(1);
    runCommand('queue.mark');
    assert.deepEqual([...getState().marked], [rows[0]?.number, rows[1]?.number]);
    assert.equal(cursorNumber(), rows[1]?.number);
  });
});
