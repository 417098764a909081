/**
 * While COSS is away, a page about an alert a transform suppressed is refused from the console's last copy, as COSS
 * refuses it (409 `suppressed_by_transform`), instead of being queued or sent straight to PagerDuty: the hold names
 * the transform and says it is what COSS last said. Forced, the page is queued with `--force` in its line.
 */
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleCache } from '../../../../main/core/cache.ts';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import type { ActionOutcome } from '../../../../shared/host/contract.ts';
import { alertRecord } from '../../../support/alert-record.ts';
import { startConsole, tempDir, type TestConsole } from './support.ts';

/** A port nothing listens on: COSS is away from the start. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

describe('console core: a page about an alert a transform suppressed, while COSS is away', () => {
  let console: TestConsole;

  before(async () => {
    const dataDir = tempDir();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const cache = new ConsoleCache(dataDir);
    // The copy is of this COSS: a cache of another one would be dropped.
    cache.reset(url);
    cache.setCustomers([{ id: 1, number: 102, slug: 'acme', name: 'Acme', timeZone: 'UTC' }]);
    cache.customer('acme').targets = [{ path: 'casc/int/systems', name: 'Systems', customer: null }];
    cache.putAlert(alertRecord(51001, { device: 'web07.acme.com', maintenance: null, suppressedBy: 12 }));
    cache.putAlert(alertRecord(51002, { device: 'web08.acme.com', maintenance: null, suppressedBy: null }));
    cache.flush();
    console = await startConsole(url, 'token', { dataDir });
  });
  after(async () => console?.core.stop());

  const page = (number: number, force?: boolean) =>
    dispatchHostRequest(console.core.handlers, 'page.send', {
      customer: 'acme',
      target: 'casc/int/systems',
      number,
      priority: 'normal',
      message: '',
      ...(force !== undefined ? { force } : {}),
    });

  test('is refused naming the transform, and nothing waits to be sent', async () => {
    const refused = await page(51001);
    assert.deepEqual(refused.ok ? null : [refused.error.code, refused.error.hold], [
      'suppressed_by_transform',
      { code: 'suppressed_by_transform', windows: [], asLastKnown: true },
    ]);
    assert.match(refused.ok ? '' : refused.error.message, /transform #12 \(as COSS last said\)/);
    assert.equal(console.core.outbox.pending.length, 0);
  });

  test('an alert no transform suppressed is queued; forced, the suppressed one is queued with --force', async () => {
    const plain = await page(51002);
    assert.equal(plain.ok ? (plain.value as ActionOutcome).status : plain.error.code, 'queued');
    const forced = await page(51001, true);
    assert.equal(forced.ok ? (forced.value as ActionOutcome).status : forced.error.code, 'queued');
    const lines = console.core.outbox.pending.map((entry) => ('body' in entry.action ? entry.action.body : ''));
    assert.ok(
      lines.some((line) => line.includes('51001') && line.includes('--force')),
      JSON.stringify(lines),
    );
  });
});
