import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleCore } from '../../../../main/core/console-core.ts';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import { MemorySecretStore } from '../../../../main/core/secret-store.ts';
import { SettingsStore } from '../../../../main/core/settings.ts';
import { isAllowedExternalLink } from '../../../../shared/external-links.ts';
import { tempDir } from './support.ts';

test('the console opens web and mail links outside itself, and nothing else', async () => {
  const dataDir = tempDir();
  const opened: string[] = [];
  const core = new ConsoleCore({
    dataDir,
    settings: new SettingsStore(dataDir),
    secrets: new MemorySecretStore(),
    resolveTarget: async () => null,
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
  });
  const open = (url: string) => dispatchHostRequest(core.handlers, 'app.openExternal', { url });
  for (const url of [
    'https://wiki.acme.com/runbooks/disk',
    'http://intranet.acme/',
    'mailto:it-oncall@acme.com?subject=32962',
  ]) {
    assert.deepEqual(await open(url), { ok: true, value: { opened: true } }, url);
  }
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ssh://root@db.acme.com']) {
    const answer = await open(url);
    assert.equal(answer.ok, false, url);
    assert.equal(!answer.ok && answer.error.code, 'forbidden', url);
  }
  assert.deepEqual(opened, [
    'https://wiki.acme.com/runbooks/disk',
    'http://intranet.acme/',
    'mailto:it-oncall@acme.com?subject=32962',
  ]);
  // The renderer and the Electron glue ask the same allowlist.
  assert.equal(isAllowedExternalLink('MAILTO:noc@example.com'), true);
  assert.equal(isAllowedExternalLink('file:///etc/passwd'), false);
});
