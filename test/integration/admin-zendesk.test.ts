/**
 * `coss admin zendesk set|show` on a PGlite data directory, as an admin runs it: what it stores is what `.ticket`
 * sends (group, organization, requester, contacts), a partial set keeps the rest, and bad input names the flag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedStore } from '../support/process.ts';
import { runAdmin } from '../support/admin-cli.ts';

test('coss admin zendesk: set, partial set, show, and errors that name the flag', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coss-admin-zendesk-'));
  try {
    await seedStore({ dataDir });
    const set = await runAdmin(
      { dataDir },
      'zendesk',
      'set',
      'acme',
      '--group',
      '360001',
      '--organization',
      '360002',
      '--requester',
      '9002',
      '--contacts',
      'Fred Flintstone/Barney Rubble',
      '--json',
    );
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), {
      slug: 'acme',
      groupId: 360001,
      organizationId: 360002,
      requesterId: 9002,
      contacts: 'Fred Flintstone/Barney Rubble',
    });
    const partial = await runAdmin({ dataDir }, 'zendesk', 'set', 'acme', '--requester', '');
    assert.equal(partial.code, 0, partial.stderr);
    const shown = await runAdmin({ dataDir }, 'zendesk', 'show', 'acme');
    assert.equal(
      shown.stdout,
      'customer acme: Zendesk group 360001, organization 360002, requester (none)\ncontacts: Fred Flintstone/Barney Rubble\n',
    );
    const bad = await runAdmin({ dataDir }, 'zendesk', 'set', 'acme', '--group', 'sales');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--group must be a Zendesk id/);
    const unknown = await runAdmin({ dataDir }, 'zendesk', 'show', 'nobody');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no customer nobody/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
