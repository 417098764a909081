/** The global shortcut's alert: the newest unacknowledged critical one across customers, from the core's cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleCore } from '../../../../main/core/console-core.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SettingsStore } from '../../../../main/core/settings.ts';
import { alertRecord } from '../../../support/alert-record.ts';
import { tempDir } from './support.ts';

function offlineCore(): ConsoleCore {
  const dataDir = tempDir();
  const core = new ConsoleCore({
    dataDir,
    settings: new SettingsStore(dataDir),
    secrets: new MemorySecretStore(),
    resolveTarget: async () => null,
  });
  core.cache.setCustomers([
    { id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' },
    { id: 2, number: 103, slug: 'globex', name: 'Globex', timeZone: 'UTC' },
  ]);
  return core;
}

test('the newest open critical alert of any customer; acknowledged and lesser alerts do not count', () => {
  const core = offlineCore();
  assert.equal(core.newestCritical(), null, 'nothing critical: nothing to bring up');
  core.cache.replaceAlerts('acme', [
    alertRecord(1, { lastSeen: '2026-11-24T08:00:00.000Z' }),
    alertRecord(2, { lastSeen: '2026-11-24T09:30:00.000Z', status: 'acknowledged' }),
    alertRecord(3, { lastSeen: '2026-11-24T09:45:00.000Z', severity: 'error' }),
  ]);
  core.cache.replaceAlerts('globex', [
    alertRecord(4, { customer: 'globex', lastSeen: '2026-11-24T09:00:00.000Z' }),
    alertRecord(5, { customer: 'globex', lastSeen: '2026-11-24T07:00:00.000Z' }),
  ]);
  assert.deepEqual(core.newestCritical(), { customer: 'globex', number: 4 });
});

test('an alert a transform suppressed is neither brought up nor counted unacknowledged in the sidebar', async () => {
  const core = offlineCore();
  core.cache.replaceAlerts('acme', [
    alertRecord(1, { lastSeen: '2026-11-24T08:00:00.000Z' }),
    alertRecord(2, { lastSeen: '2026-11-24T09:30:00.000Z', suppressedBy: 12 }),
  ]);
  assert.deepEqual(core.newestCritical(), { customer: 'acme', number: 1 });
  const summaries = await core.handlers['customers.list']({});
  assert.equal(summaries.find((summary) => summary.slug === 'acme')?.unacknowledged.critical, 1);
});
