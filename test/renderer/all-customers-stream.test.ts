/**
 * The stream into the all-customers queue, in Node: the changes held for a frame, from several customers, are
 * applied in one store update that makes one new version of the all-customers map, and the queue patched from it
 * is always what sorting every customer's alerts from scratch gives.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { applyAlertsChanged, flushAlertChanges } from '../../renderer/state/alert-actions.ts';
import { deltaOf, type AlertMap } from '../../renderer/state/alert-deltas.ts';
import { buildQueue, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { getState, resetConsoleStore, setState } from '../../renderer/state/store.ts';
import { SEVERITIES, type Severity } from '../../shared/alert.ts';
import { ALL_CUSTOMERS, type AlertView } from '../../shared/host/contract.ts';
import { createFakeHost } from './fake-host.ts';

const CUSTOMERS = ['acme', 'globex', 'initech'] as const;

const template = await (async () => {
  const response = await createFakeHost().invoke('alerts.list', { customer: 'acme' });
  assert.ok(response.ok);
  const alert = response.value[0];
  assert.ok(alert !== undefined);
  return alert;
})();

/** Event numbers belong to one customer each, as in COSS: number mod 3 picks it. */
function alertWith(number: number, severity: Severity, minute: number, status: AlertView['status']): AlertView {
  const customer = CUSTOMERS[number % CUSTOMERS.length] as string;
  const lastSeen = new Date(Date.UTC(2026, 11, 7, 0, minute)).toISOString();
  return { ...template, id: number, number, customer, severity, status, lastSeen, summary: `alert ${number}` };
}

const alertArb = fc
  .record({
    number: fc.integer({ min: 1, max: 90 }),
    severity: fc.constantFrom(...SEVERITIES),
    minute: fc.integer({ min: 0, max: 20 }),
    status: fc.constantFrom<AlertView['status']>('open', 'acknowledged', 'resolved'),
  })
  .map(({ number, severity, minute, status }) => alertWith(number, severity, minute, status));

/** One alerts.changed message (its alerts all of one customer, as the core sends them), and whether a frame follows. */
const messageArb = fc.record({
  changed: fc.array(alertArb, { maxLength: 5 }),
  removed: fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 2 }),
  frame: fc.boolean(),
});

function byCustomer(alerts: readonly AlertView[]): Map<string, AlertView[]> {
  const grouped = new Map<string, AlertView[]>(CUSTOMERS.map((customer) => [customer, []]));
  for (const alert of alerts) grouped.get(alert.customer)?.push(alert);
  return grouped;
}

const numbers = (rows: Iterable<AlertView>) => [...rows].map((alert) => alert.number);

describe('the stream into the all-customers queue', () => {
  const withFrames = globalThis as { requestAnimationFrame?: (callback: () => void) => number };
  beforeEach(() => {
    // Frames that never come on their own: the test says when one does (flushAlertChanges).
    withFrames.requestAnimationFrame = () => 0;
  });
  afterEach(() => {
    delete withFrames.requestAnimationFrame;
    flushAlertChanges();
  });

  it('applies a frame’s changes of every customer as one version, and the queue equals sorting from scratch', () => {
    fc.assert(
      fc.property(
        fc.array(alertArb, { maxLength: 60 }),
        fc.array(messageArb, { minLength: 1, maxLength: 40 }),
        (initial, messages) => {
          // What the previous run left held belongs to its store, not this one's.
          flushAlertChanges();
          resetConsoleStore();
          const reference = new Map<string, Map<number, AlertView>>(CUSTOMERS.map((customer) => [customer, new Map()]));
          for (const alert of initial) reference.get(alert.customer)?.set(alert.number, alert);
          const union = () => new Map([...reference.values()].flatMap((alerts) => [...alerts]));
          setState({
            allCustomers: true,
            activeCustomer: null,
            alertsByCustomer: {
              ...Object.fromEntries([...reference].map(([customer, alerts]) => [customer, new Map(alerts)])),
              [ALL_CUSTOMERS]: union(),
            },
          });
          selectQueue(getState());
          for (const message of messages) {
            for (const [customer, changed] of byCustomer(message.changed)) {
              const removed = message.removed.filter((number) => CUSTOMERS[number % CUSTOMERS.length] === customer);
              applyAlertsChanged(customer, changed, removed);
              for (const alert of changed) reference.get(customer)?.set(alert.number, alert);
              for (const number of removed) reference.get(customer)?.delete(number);
            }
            if (!message.frame) continue;
            const before: AlertMap | undefined = getState().alertsByCustomer[ALL_CUSTOMERS];
            flushAlertChanges();
            const after = getState().alertsByCustomer[ALL_CUSTOMERS];
            assert.ok(after !== undefined);
            if (after !== before)
              assert.equal(deltaOf(after)?.from, before, 'one new version of the all-customers map per frame');
            assert.deepEqual(new Map(after), union());
            for (const customer of CUSTOMERS)
              assert.deepEqual(new Map(getState().alertsByCustomer[customer]), reference.get(customer));
            assert.deepEqual(numbers(selectQueue(getState()).rows), numbers(buildQueue(after, getState().filter)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
