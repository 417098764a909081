/**
 * `alerts.list` in pages: the core answers in the renderer's queue order, and paging by position covers every
 * alert exactly once, also while alerts change between pages.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEVERITIES, type Alert } from '../../../../shared/alert.ts';
import { ALL_CUSTOMERS, type AlertView, type QueuePosition } from '../../../../shared/host/contract.ts';
import { ConsoleCore } from '../../../../main/core/console-core.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SettingsStore } from '../../../../main/core/settings.ts';
import { compareQueueOrder, queuePosition } from '../../../../shared/queue-order.ts';
import { alertRecord } from '../../../support/alert-record.ts';
import { tempDir } from './support.ts';

function alert(number: number, random: () => number): Alert {
  // Few distinct times and severities, so ties on both are common and the number decides.
  const at = new Date(Date.UTC(2025, 0, 1, 0, Math.floor(random() * 20))).toISOString();
  return alertRecord(number, {
    device: `host${number}.acme.com`,
    component: 'cpu',
    eventClass: '/Status',
    severity: SEVERITIES[1 + Math.floor(random() * 5)] ?? 'warning',
    summary: `alert ${number}`,
    firstSeen: at,
    lastSeen: at,
    status: random() < 0.2 ? 'acknowledged' : 'open',
    deviceGroups: [],
    updatedAt: at,
  });
}

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function coreWith(alerts: Alert[]): ConsoleCore {
  const dataDir = tempDir();
  const core = new ConsoleCore({
    dataDir,
    settings: new SettingsStore(dataDir),
    secrets: new MemorySecretStore(),
    resolveTarget: async () => null,
  });
  core.cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
  core.cache.replaceAlerts('acme', alerts);
  return core;
}

describe('alerts.list in queue order and in pages', () => {
  test('the whole list comes in the renderer’s queue order, and pages of it add up to exactly that list', async () => {
    const random = seeded(7);
    const core = coreWith(Array.from({ length: 600 }, (_, index) => alert(1000 + index, random)));
    core.cache.putPage('acme', {
      dedupKey: 'coss_102-1005',
      target: 'casc/int/systems',
      targetName: 'Systems',
      priority: 'normal',
      delivery: 'sent',
      incidentStatus: 'triggered',
      assignees: [],
      alertNumber: 1005,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    const all = await core.handlers['alerts.list']({ customer: 'acme' });
    assert.equal(all.length, 600);
    assert.deepEqual(
      all.map((view) => view.number),
      [...all].sort(compareQueueOrder).map((view) => view.number),
    );
    assert.deepEqual(
      all.find((view) => view.number === 1005)?.pages.map((page) => page.dedupKey),
      ['coss_102-1005'],
    );

    const paged: AlertView[] = [];
    let page = await core.handlers['alerts.list']({ customer: 'acme', limit: 37 });
    while (page.length > 0) {
      paged.push(...page);
      const last = page[page.length - 1];
      if (page.length < 37 || last === undefined) break;
      page = await core.handlers['alerts.list']({ customer: 'acme', limit: 37, after: queuePosition(last) });
    }
    assert.deepEqual(paged, all);
  });

  test('every customer’s alerts as one queue (`*`): merged in queue order, with their pages, and paged the same way', async () => {
    const random = seeded(23);
    const core = coreWith(Array.from({ length: 400 }, (_, index) => alert(2000 + index, random)));
    core.cache.setCustomers([
      { id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' },
      { id: 2, number: 103, slug: 'globex', name: 'Globex', timeZone: 'UTC' },
    ]);
    core.cache.replaceAlerts(
      'globex',
      Array.from({ length: 300 }, (_, index) => ({ ...alert(7000 + index, random), customer: 'globex' })),
    );
    core.cache.putPage('globex', {
      dedupKey: 'coss_103-7005',
      target: 'casc/int/network',
      targetName: 'Network',
      priority: 'urgent',
      delivery: 'sent',
      incidentStatus: 'acknowledged',
      assignees: ['Priya Natarajan'],
      alertNumber: 7005,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    const all = await core.handlers['alerts.list']({ customer: ALL_CUSTOMERS });
    assert.equal(all.length, 700);
    assert.deepEqual(
      all.map((view) => view.number),
      [...all].sort(compareQueueOrder).map((view) => view.number),
    );
    assert.deepEqual(new Set(all.map((view) => view.customer)), new Set(['acme', 'globex']));
    assert.deepEqual(
      all.find((view) => view.number === 7005)?.pages.map((page) => page.dedupKey),
      ['coss_103-7005'],
    );
    const paged: AlertView[] = [];
    for (let page = await core.handlers['alerts.list']({ customer: ALL_CUSTOMERS, limit: 64 }); ;) {
      paged.push(...page);
      const last = page.at(-1);
      if (page.length < 64 || last === undefined) break;
      page = await core.handlers['alerts.list']({ customer: ALL_CUSTOMERS, limit: 64, after: queuePosition(last) });
    }
    assert.deepEqual(paged, all);
  });

  test('alerts changed between pages are never skipped unless their change was new (and so streamed)', async () => {
    const random = seeded(11);
    const core = coreWith(Array.from({ length: 300 }, (_, index) => alert(5000 + index, random)));
    const seen = new Set<number>();
    const changed = new Set<number>();
    let after: QueuePosition | undefined;
    for (let round = 0; round < 100; round++) {
      const page = await core.handlers['alerts.list']({ customer: 'acme', limit: 25, ...(after ? { after } : {}) });
      for (const view of page) seen.add(view.number);
      const last = page[page.length - 1];
      if (page.length < 25 || last === undefined) break;
      after = queuePosition(last);
      // Meanwhile: an alert gets worse and newer (moves up), another is resolved, a new one arrives.
      const held = [...core.cache.customer('acme').alerts.values()];
      const moving = held[Math.floor(random() * held.length)];
      if (moving) {
        core.cache.putAlert({
          ...moving,
          severity: 'critical',
          lastSeen: `2026-01-01T00:00:${String(round % 60).padStart(2, '0')}.000Z`,
        });
        changed.add(moving.number);
      }
      const resolving = held[Math.floor(random() * held.length)];
      if (resolving && resolving.number !== moving?.number) {
        core.cache.putAlert({ ...resolving, status: 'resolved' });
        changed.add(resolving.number);
      }
      const fresh = alert(9000 + round, random);
      core.cache.putAlert(fresh);
      changed.add(fresh.number);
    }
    const final = await core.handlers['alerts.list']({ customer: 'acme' });
    for (const view of final) {
      assert.ok(
        seen.has(view.number) || changed.has(view.number),
        `alert ${view.number} was neither paged nor changed`,
      );
    }
  });
});
