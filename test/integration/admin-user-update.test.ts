/**
 * An admin gives an operator the PagerDuty email PagerDuty needs (`coss admin user update`), and `coss serve` says
 * at start which staff have none while a REST token is set: their acknowledgements would be refused by PagerDuty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedStore, startCossProcess } from '../support/process.ts';
import { runAdmin } from '../support/admin-cli.ts';

test('coss admin user update sets the PagerDuty email; coss serve warns about staff without one', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-update-'));
  try {
    await seedStore({ dataDir });
    const env = {
      PAGERDUTY_API_TOKEN: 'y_NbAkKc66ryYTWUXYEu',
      PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:9/v2/enqueue',
      PAGERDUTY_API_URL: 'http://127.0.0.1:9',
    };
    // The seed's admin "root" has no PagerDuty email.
    const before = await startCossProcess({ store: { dataDir }, env });
    await before.terminate();
    assert.match(before.output(), /staff without a PagerDuty email/);
    assert.match(before.output(), /"users":\["root"\]/);

    const updateRoot = (...flags: string[]) => runAdmin({ dataDir }, 'user', 'update', '--name', 'root', ...flags);
    const updated = await updateRoot('--pagerduty-email', 'root@coss.example', '--display-name', 'Night Op', '--json');
    assert.equal(updated.code, 0, updated.stderr);
    assert.deepEqual(
      (({ name, displayName, role, pagerdutyEmail }: Record<string, unknown>) => ({
        name,
        displayName,
        role,
        pagerdutyEmail,
      }))(JSON.parse(updated.stdout) as Record<string, unknown>),
      { name: 'root', displayName: 'Night Op', role: 'admin', pagerdutyEmail: 'root@coss.example' },
    );
    assert.match((await runAdmin({ dataDir }, 'user', 'list')).stdout, /root\tadmin\t-\troot@coss\.example/);
    const refused = await updateRoot('--pagerduty-email', 'not-an-email');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /--pagerduty-email: not-an-email is not an email address/);

    const after = await startCossProcess({ store: { dataDir }, env });
    await after.terminate();
    assert.doesNotMatch(after.output(), /staff without a PagerDuty email/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
