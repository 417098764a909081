/**
 * The parts of the queue that keep it fast with 100,000 alerts and a busy stream, run in Node: patching the sorted
 * queue from recorded changes (checked against sorting from scratch), finding the cursor's row, reusing row
 * elements across page jumps, and where the window scrolls when the cursor or the list changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assignSlots } from '../../renderer/components/queue/row-slots.ts';
import {
  isFlingStep,
  isPageJump,
  nextScrollTop,
  scrollToShow,
  type Followed,
} from '../../renderer/components/queue/virtual-list.tsx';
import { applyAlertChanges, changesBetween, deltaOf, type AlertMap } from '../../renderer/state/alert-deltas.ts';
import { buildQueue, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { SORT_COLUMNS } from '../../renderer/state/queue-sort.ts';
import type { QueueFilter } from '../../renderer/state/selection-slice.ts';
import { getState, resetConsoleStore, setState } from '../../renderer/state/store.ts';
import { SEVERITIES, type Severity } from '../../shared/alert.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { createFakeHost } from './fake-host.ts';

const template = await (async () => {
  const response = await createFakeHost().invoke('alerts.list', { customer: 'acme' });
  assert.ok(response.ok);
  const alert = response.value[0];
  assert.ok(alert !== undefined);
  return alert;
})();

function alertWith(
  number: number,
  severity: Severity,
  minute: number,
  status: AlertView['status'],
  suppressedBy: number | null = null,
): AlertView {
  const lastSeen = new Date(Date.UTC(2026, 10, 25, 0, minute)).toISOString();
  return {
    ...template,
    id: number,
    number,
    severity,
    status,
    lastSeen,
    device: `host${number % 7}.acme.com`,
    summary: `alert ${number}`,
    suppressedBy,
  };
}

const alertArb = fc
  .record({
    number: fc.integer({ min: 1, max: 60 }),
    severity: fc.constantFrom(...SEVERITIES),
    minute: fc.integer({ min: 0, max: 20 }),
    status: fc.constantFrom<AlertView['status']>('open', 'open', 'acknowledged', 'resolved'),
    // A transform's suppression moves an alert between the default queue and the Suppressed filter.
    suppressedBy: fc.constantFrom(null, null, null, 7),
  })
  .map(({ number, severity, minute, status, suppressedBy }) =>
    alertWith(number, severity, minute, status, suppressedBy),
  );

const stepArb = fc.record({
  changed: fc.array(alertArb, { maxLength: 6 }),
  removed: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 3 }),
  /** read the queue after this step (the console does on most, not all: several merges can land between renders) */
  look: fc.boolean(),
});

const filterArb = fc.record({
  status: fc.constantFrom<QueueFilter['status']>('active', 'unacknowledged', 'all'),
  minSeverity: fc.constantFrom<Severity>('debug', 'warning', 'critical'),
  search: fc.constantFrom('', 'host3', 'alert 1'),
  suppressed: fc.boolean(),
  // Whatever column the queue is sorted by, patching must equal sorting from scratch.
  sort: fc.record({ column: fc.constantFrom(...SORT_COLUMNS), descending: fc.boolean() }),
});

/** The queue's rows as shown, read in order; by index and length they must read the same. */
function showQueue(alerts: AlertMap, filter: QueueFilter): readonly AlertView[] {
  setState({ activeCustomer: 'acme', alertsByCustomer: { acme: alerts }, filter });
  const { rows } = selectQueue(getState());
  const inOrder = [...rows];
  assert.equal(rows.length, inOrder.length);
  inOrder.forEach((alert, index) => assert.equal(rows.get(index), alert));
  assert.equal(rows.get(inOrder.length), undefined);
  return inOrder;
}

describe('queue patching from recorded changes', () => {
  it('always equals sorting from scratch, whatever merges land between reads (patched chunk by chunk)', () => {
    fc.assert(
      // Up to 80 steps of up to 6 changes: past the 256-entry overlay, so folded versions are patched from too.
      fc.property(
        fc.array(alertArb, { maxLength: 40 }),
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        filterArb,
        (initial, steps, filter) => {
          resetConsoleStore();
          let alerts: AlertMap = new Map(initial.map((alert) => [alert.number, alert]));
          showQueue(alerts, filter);
          for (const step of steps) {
            alerts = applyAlertChanges(alerts, step.changed, step.removed);
            if (!step.look) continue;
            const shown = showQueue(alerts, filter);
            assert.deepEqual(
              shown.map((alert) => alert.number),
              buildQueue(alerts, filter).map((alert) => alert.number),
            );
          }
          assert.deepEqual(
            showQueue(alerts, filter).map((alert) => alert.number),
            buildQueue(alerts, filter).map((alert) => alert.number),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds every row by event number and nothing that is filtered out', () => {
    fc.assert(
      fc.property(fc.array(alertArb, { maxLength: 60 }), filterArb, (list, filter) => {
        resetConsoleStore();
        const alerts = new Map(list.map((alert) => [alert.number, alert]));
        const rows = showQueue(alerts, filter);
        const { indexOf } = selectQueue(getState());
        rows.forEach((alert, index) => assert.equal(indexOf(alert.number), index));
        for (const number of alerts.keys())
          if (!rows.some((alert) => alert.number === number)) assert.equal(indexOf(number), undefined);
        assert.equal(indexOf(10_000), undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('records which map a change was made from, and what it changed', () => {
    const before = new Map([[1, alertWith(1, 'error', 1, 'open')]]);
    const after = applyAlertChanges(before, [alertWith(2, 'critical', 2, 'open')], [1]);
    assert.deepEqual([...after.keys()], [2]);
    assert.deepEqual([...before.keys()], [1], 'the previous map is left as it was');
    assert.deepEqual(deltaOf(after), { from: before, changed: [2], removed: [1] });
    assert.equal(deltaOf(before), undefined);
  });
});

describe('alert map versions', () => {
  const versionStep = fc.record({
    changed: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 8 }),
    removed: fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 4 }),
  });

  it('every version reads exactly like a Map with the same changes, before and after folding, and never changes later', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 50 }),
        fc.array(versionStep, { minLength: 1, maxLength: 120 }),
        (initial, steps) => {
          let reference = new Map(initial.map((number) => [number, alertWith(number, 'info', 0, 'open')]));
          let version: AlertMap = new Map(reference);
          const history: Array<{ version: AlertMap; reference: Map<number, AlertView> }> = [];
          steps.forEach((step, index) => {
            const changed = step.changed.map((number) => alertWith(number, 'warning', index % 20, 'open'));
            version = applyAlertChanges(version, changed, step.removed);
            reference = new Map(reference);
            for (const alert of changed) reference.set(alert.number, alert);
            for (const number of step.removed) reference.delete(number);
            history.push({ version, reference });
          });
          for (const { version: seen, reference: expected } of history) {
            assert.equal(seen.size, expected.size);
            assert.deepEqual(new Map(seen), expected);
            for (let number = 0; number <= 400; number += 7) {
              assert.equal(seen.get(number), expected.get(number));
              assert.equal(seen.has(number), expected.has(number));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads right on every branch while the next base is copied a slice per version, and when a burst folds at once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 300, maxLength: 600 }),
        fc.array(
          fc.record({
            branch: fc.nat(3),
            changed: fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 40 }),
            burst: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (initial, steps) => {
          const start: AlertMap = new Map(initial.map((number) => [number, alertWith(number, 'info', 0, 'open')]));
          // Four lines of versions from one map: they share its base and its copy under way.
          const branches = [0, 1, 2, 3].map(() => ({ version: start, reference: new Map(start) }));
          steps.forEach((step, index) => {
            const branch = branches[step.branch] as (typeof branches)[number];
            // A burst is far past the overlay limit: folded at once, whatever slice the copy is at.
            const numbers = step.burst ? Array.from({ length: 1200 }, (_, k) => (k * 7 + index) % 3001) : step.changed;
            const changed = numbers.map((number) => alertWith(number, 'warning', index % 20, 'open'));
            const removed = numbers.filter((number) => number % 5 === 0);
            const before = { version: branch.version, reference: new Map(branch.reference) };
            branch.version = applyAlertChanges(branch.version, changed, removed);
            for (const alert of changed) branch.reference.set(alert.number, alert);
            for (const number of removed) branch.reference.delete(number);
            for (const { version, reference } of [...branches, before]) {
              assert.equal(version.size, reference.size);
              assert.deepEqual(new Map(version), reference);
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('lists the numbers changed across several versions, and nothing for an unrelated map', () => {
    const start: AlertMap = new Map([[1, alertWith(1, 'info', 0, 'open')]]);
    const a = applyAlertChanges(start, [alertWith(2, 'info', 0, 'open')], []);
    const b = applyAlertChanges(a, [alertWith(3, 'info', 0, 'open')], [1]);
    assert.deepEqual(changesBetween(start, b, 10), new Set([1, 2, 3]));
    assert.deepEqual(changesBetween(b, b, 10), new Set());
    assert.equal(changesBetween(new Map(), b, 10), null);
  });
});

describe('row elements across window moves', () => {
  it('keeps the slot of every row still in view and gives rows coming in the slots that were freed', () => {
    const first = assignSlots([10, 11, 12, 13], new Map());
    assert.deepEqual([...first.values()], [0, 1, 2, 3]);
    // A new row at the top: the others keep their elements; the one that scrolled out gave its slot to the new one.
    const shifted = assignSlots([9, 10, 11, 12], first);
    assert.deepEqual(Object.fromEntries(shifted), { 9: 3, 10: 0, 11: 1, 12: 2 });
    // A page jump: nothing stays, every element is reused rather than a new one built.
    const jumped = assignSlots([40, 41, 42, 43], shifted);
    assert.deepEqual(new Set(jumped.values()), new Set([0, 1, 2, 3]));
  });

  it('never gives two rows one slot, and a repeated call gives the same answer', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 80 }), { maxLength: 40 }),
        (before, now) => {
          const previous = assignSlots(before, new Map());
          const next = assignSlots(now, previous);
          assert.equal(new Set(next.values()).size, now.length);
          assert.ok([...next.values()].every((slot) => slot < Math.max(now.length, before.length)));
          for (const key of now) if (previous.has(key)) assert.equal(next.get(key), previous.get(key));
          assert.deepEqual(assignSlots(now, previous), next);
        },
      ),
    );
  });
});

describe('where the window scrolls', () => {
  const rowHeight = 28;
  const viewport = 280; // ten rows

  it('moves no further than needed to show the cursor, within the list', () => {
    assert.equal(scrollToShow(0, 5, rowHeight, viewport, 100), 0);
    assert.equal(scrollToShow(0, 10, rowHeight, viewport, 100), 28);
    assert.equal(scrollToShow(28 * 50, 40, rowHeight, viewport, 100), 28 * 40);
    assert.equal(
      scrollToShow(28 * 95, 99, rowHeight, viewport, 100),
      28 * 90,
      'the last row sits at the bottom, not past it',
    );
    assert.equal(scrollToShow(28 * 95, -1, rowHeight, viewport, 20), 28 * 10, 'a shorter list pulls the window back');
  });

  const at = (activeKey: number, activeIndex: number, rowCount = 100): Followed => ({
    activeKey,
    activeIndex,
    rowCount,
    viewport,
  });

  it('follows the cursor when the operator moves it', () => {
    assert.equal(nextScrollTop(at(7, 7), at(8, 30), 0, rowHeight), 28 * 21);
  });

  it('keeps a cursor in view when alerts arrive above it, but leaves a reader who scrolled away where they are', () => {
    // Cursor row 9 (last visible) and three alerts arrive above: it is now row 12 and stays in view.
    assert.equal(nextScrollTop(at(500, 9), at(500, 12, 103), 0, rowHeight), 28 * 3);
    // The operator wheeled down to rows 50–59, cursor still at row 2: new alerts above do not pull them back up.
    assert.equal(nextScrollTop(at(500, 2), at(500, 5, 103), 28 * 50, rowHeight), 28 * 50);
  });

  it('calls a step a fling only when no row of the window stays in view', () => {
    assert.equal(isFlingStep(viewport - 1, viewport), false, 'one row still in view: the reader can follow');
    assert.equal(isFlingStep(viewport, viewport), true);
    assert.equal(isFlingStep(-viewport * 3, viewport), true, 'upwards too');
    assert.equal(isFlingStep(100, 0), false, 'a list not yet measured never flings');
  });

  it('calls a key move a page jump from half a window on', () => {
    assert.equal(isPageJump(rowHeight, viewport), false, 'j or k');
    assert.equal(isPageJump(viewport / 2 - 1, viewport), false);
    assert.equal(isPageJump(-viewport / 2, viewport), true, 'PageUp');
    assert.equal(isPageJump(20 * rowHeight, 0), false);
  });
});
