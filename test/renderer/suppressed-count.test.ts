/**
 * The toolbar's count of alerts a transform suppressed, in Node against the fake host: kept per alert map from the
 * recorded deltas (renderer/state/suppressed-count.ts), it must equal a count over every alert after each stream
 * change — new suppressed alerts, one acknowledged, one resolved, one no longer suppressed — in one customer's queue
 * and in the all-customers queue; and the Suppressed filter shows exactly those alerts.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AlertView } from '../../shared/host/contract.ts';
import { showAllCustomers, switchCustomer } from '../../renderer/state/customer-actions.ts';
import { selectQueue, selectQueueAlerts } from '../../renderer/state/queue-selectors.ts';
import { getState } from '../../renderer/state/store.ts';
import { selectSuppressedCount } from '../../renderer/state/suppressed-count.ts';
import { updateFilter } from '../../renderer/state/ui-actions.ts';
import { startAcmeConsole } from './acme-console.ts';
import type { FakeHost } from './fake-host.ts';

const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The count as it should be: every active alert of the queue's map that a transform suppressed. */
function counted(): number {
  return [...selectQueueAlerts(getState()).values()].filter(
    (alert) => alert.status !== 'resolved' && (alert.suppressedBy ?? null) !== null,
  ).length;
}

describe('the suppressed count', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('equals a full count after every change, per customer and across customers', async () => {
    assert.equal(selectSuppressedCount(getState()), 0);
    for (let index = 0; index < 5; index++) {
      fake.raise('acme', {
        number: 99_400 + index,
        severity: 'warning',
        summary: `link flap ${index}`,
        suppressedBy: 12,
      });
      await settle();
      assert.equal(selectSuppressedCount(getState()), counted());
    }
    assert.equal(selectSuppressedCount(getState()), 5);
    const change = (number: number, patch: Partial<AlertView>) => {
      const alert = selectQueueAlerts(getState()).get(number);
      assert.ok(alert !== undefined);
      fake.emit('alerts.changed', { customer: 'acme', alerts: [{ ...alert, ...patch }], removed: [] });
    };
    change(99_400, { status: 'acknowledged' });
    await settle();
    assert.equal(selectSuppressedCount(getState()), 5, 'an acknowledged one is still active');
    change(99_401, { status: 'resolved' });
    await settle();
    assert.equal(selectSuppressedCount(getState()), counted());
    change(99_402, { suppressedBy: null });
    await settle();
    assert.equal(selectSuppressedCount(getState()), 3);
    assert.equal(selectSuppressedCount(getState()), counted());

    updateFilter({ suppressed: true });
    const shown = [...selectQueue(getState()).rows].map((alert) => alert.number).sort();
    assert.deepEqual(shown, [99_400, 99_403, 99_404]);
    updateFilter({ suppressed: false });
    assert.ok(![...selectQueue(getState()).rows].some((alert) => (alert.suppressedBy ?? null) !== null));

    // The all-customers queue is asked of the host afresh (the fake's own copy, which the emitted changes above did
    // not touch): its count is whatever its map holds, and follows a change of another customer.
    await showAllCustomers();
    const before = selectSuppressedCount(getState());
    assert.equal(before, counted());
    fake.raise('globex', { number: 99_500, severity: 'error', summary: 'chatter', suppressedBy: 7 });
    await settle();
    assert.equal(selectSuppressedCount(getState()), before + 1);
    assert.equal(selectSuppressedCount(getState()), counted());
    await switchCustomer('globex');
    assert.equal(selectSuppressedCount(getState()), 1);
  });
});
