/**
 * The queue arrives a page at a time (`alerts.list` with `limit`/`after`, as the console core answers it): the first
 * screen shows before the rest, all alerts end up loaded in queue order, stream changes between pages are kept, and
 * a reload never shrinks the queue to a page and drops what the host no longer lists.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type {
  AlertView,
  HostApi,
  HostArgs,
  HostRequestName,
  HostResponse,
  HostResult,
} from '../../shared/host/contract.ts';
import { loadAlerts } from '../../renderer/state/customer-actions.ts';
import { selectQueue } from '../../renderer/state/queue-selectors.ts';
import { compareQueueOrder } from '../../shared/queue-order.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import { createFakeHost, type FakeHost } from './fake-host.ts';

interface PagingHost extends HostApi {
  fake: FakeHost;
  /** the alerts.list calls as they were made, with the store's size for the customer at that moment */
  pages: Array<{ limit: number | undefined; after: boolean; shownBefore: number | undefined }>;
  /** runs before the host answers page `index` (0-based) */
  beforeAnswer?: (index: number) => void;
  /** alerts the host no longer lists */
  hidden: Set<number>;
}

/**
 * The fake host, with alerts.list answered the way the console core pages it, and Acme its one customer (so the
 * console opens on Acme's queue, as it does for an operator who watches one customer).
 */
function pagingHost(fake: FakeHost): PagingHost {
  const host: PagingHost = {
    fake,
    pages: [],
    hidden: new Set(),
    on: (name, listener) => fake.on(name, listener),
    async invoke<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>> {
      if (name === 'customers.list') {
        const customers = await fake.invoke('customers.list', {});
        if (!customers.ok) return customers;
        return { ok: true, value: customers.value.filter((customer) => customer.slug === 'acme') } as HostResponse<
          HostResult<N>
        >;
      }
      if (name !== 'alerts.list') return fake.invoke(name, args);
      const { customer, limit, after } = args as HostArgs<'alerts.list'>;
      const index = host.pages.length;
      host.pages.push({ limit, after: after !== undefined, shownBefore: getState().alertsByCustomer[customer]?.size });
      await new Promise((resolve) => setTimeout(resolve, 1));
      host.beforeAnswer?.(index);
      const all = await fake.invoke('alerts.list', { customer });
      if (!all.ok) return all;
      const sorted = all.value.filter((alert) => !host.hidden.has(alert.number)).sort(compareQueueOrder);
      const start =
        after === undefined ? 0 : sorted.findIndex((alert) => compareQueueOrder(alert, { ...alert, ...after }) > 0);
      const page = start < 0 ? [] : sorted.slice(start, limit === undefined ? undefined : start + limit);
      return { ok: true, value: page } as HostResponse<HostResult<N>>;
    },
  };
  return host;
}

describe('loading a large queue in pages', () => {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
  });

  it('shows a first page, then loads every alert in queue order, keeping stream changes that arrive in between', async () => {
    resetConsoleStore();
    const host = pagingHost(createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z'), bulkAlerts: 1200 }));
    let streamed: AlertView | undefined;
    host.beforeAnswer = (index) => {
      if (index !== 2) return;
      // Between pages, COSS acknowledges an alert already shown: the stream brings it.
      const shown = getState().alertsByCustomer.acme;
      const target = shown === undefined ? undefined : [...shown.values()].find((alert) => alert.status === 'open');
      assert.ok(target);
      streamed = { ...target, status: 'acknowledged', acknowledgedBy: 'Romel Emperado' };
      host.fake.emit('alerts.changed', { customer: 'acme', alerts: [streamed], removed: [] });
    };
    stop = await startConsole(host);

    const all = await host.fake.invoke('alerts.list', { customer: 'acme' });
    assert.ok(all.ok);
    assert.ok(host.pages.length > 3, `${host.pages.length} pages`);
    assert.deepEqual(host.pages[0], { limit: 100, after: false, shownBefore: undefined });
    assert.equal(host.pages[1]?.shownBefore, 100, 'the first page was in the store before the second was asked for');
    assert.ok(host.pages.slice(1).every((page) => page.after));

    const state = getState();
    assert.equal(state.alertsByCustomer.acme?.size, all.value.length, 'every alert loaded');
    assert.equal(state.loadingCustomer, null);
    const rows = [...selectQueue(state).rows];
    assert.deepEqual(
      rows.map((alert) => alert.number),
      [...rows].sort(compareQueueOrder).map((alert) => alert.number),
    );
    assert.ok(streamed);
    assert.equal(
      state.alertsByCustomer.acme?.get(streamed.number)?.acknowledgedBy,
      'Romel Emperado',
      'the stream change was kept',
    );
    assert.ok((state.roomByCustomer.acme?.length ?? 0) > 0, 'the room loaded after the first page');
  });

  it('a reload merges pages into the shown queue and drops only what the host no longer lists', async () => {
    resetConsoleStore();
    const host = pagingHost(createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z'), bulkAlerts: 700 }));
    stop = await startConsole(host);
    const before = getState().alertsByCustomer.acme;
    assert.ok(before !== undefined && before.size > 700);
    const gone = [...before.keys()].slice(-3);
    for (const number of gone) host.hidden.add(number);
    const arriving: AlertView = {
      ...([...before.values()][0] as AlertView),
      number: 99_999_999,
      id: 99_999_999,
      summary: 'new while reloading',
    };
    host.pages.length = 0;
    host.beforeAnswer = (index) => {
      if (index === 1) host.fake.emit('alerts.changed', { customer: 'acme', alerts: [arriving], removed: [] });
    };

    await loadAlerts('acme');

    assert.ok(
      host.pages.every((page) => (page.shownBefore ?? 0) >= before.size),
      'the queue never shrank to a page while reloading',
    );
    const after = getState().alertsByCustomer.acme;
    assert.ok(after !== undefined);
    for (const number of gone) assert.equal(after.has(number), false, `${number} is no longer listed`);
    assert.equal(after.get(arriving.number)?.summary, 'new while reloading', 'a streamed alert is not dropped');
    assert.equal(after.size, before.size - gone.length + 1);
  });
});
