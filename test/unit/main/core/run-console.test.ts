/** Settings says which COSS the console uses and where its address came from, also when the URL field is empty. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConsole } from '../../../../main/core/run-console.ts';
import { SettingsStore } from '../../../../main/core/settings.ts';
import { eventually, startRestartableCoss, tempDir, type RestartableCoss } from './support.ts';

describe('where the connection comes from', () => {
  let coss: RestartableCoss;
  before(async () => {
    coss = await startRestartableCoss();
  });
  after(() => coss.close());

  test('a COSS given on the command line shows in Settings as that, with its address', async () => {
    const running = await runConsole({ dataDir: tempDir(), coss: { url: coss.url, token: coss.tokens.noc } });
    try {
      const settings = await running.core.handlers['settings.get']({});
      assert.equal(settings.cossUrl, '', 'nothing is saved in Settings');
      assert.deepEqual(settings.connectedTo, {
        url: coss.url,
        origin: 'command-line',
        endpoints: [coss.url],
        endpointIndex: 0,
      });
    } finally {
      await running.stop();
    }
  });

  test('a URL saved in Settings takes over, and Settings says so', async () => {
    const running = await runConsole({
      dataDir: tempDir(),
      coss: { url: 'http://127.0.0.1:9', token: 'coss_u_unused' },
    });
    try {
      await running.core.handlers['settings.set']({ cossUrl: coss.url, token: coss.tokens.noc });
      // Saving reconnects in the background; Settings follows once the new address is in use.
      await eventually(
        async () => (await running.core.handlers['settings.get']({})).connectedTo?.origin === 'settings',
        10_000,
        'the saved URL in use',
      );
      assert.deepEqual((await running.core.handlers['settings.get']({})).connectedTo, {
        url: coss.url,
        origin: 'settings',
        endpoints: [coss.url],
        endpointIndex: 0,
      });
    } finally {
      await running.stop();
    }
  });

  test('several endpoints saved in Settings are kept in order, shown as typed, and the first is used', async () => {
    const running = await runConsole({
      dataDir: tempDir(),
      coss: { url: 'http://127.0.0.1:9', token: 'coss_u_unused' },
    });
    try {
      await assert.rejects(
        running.core.handlers['settings.set']({ cossUrl: `${coss.url}, coss-b.example` }),
        /coss-b\.example is not a COSS URL/,
      );
      const saved = await running.core.handlers['settings.set']({
        cossUrl: `${coss.url}/, http://127.0.0.1:9`,
        token: coss.tokens.noc,
      });
      assert.equal(saved.cossUrl, `${coss.url}, http://127.0.0.1:9`);
      await eventually(
        async () => (await running.core.handlers['settings.get']({})).connectedTo?.origin === 'settings',
        10_000,
        'the saved URLs in use',
      );
      assert.deepEqual((await running.core.handlers['settings.get']({})).connectedTo, {
        url: coss.url,
        origin: 'settings',
        endpoints: [coss.url, 'http://127.0.0.1:9'],
        endpointIndex: 0,
      });
    } finally {
      await running.stop();
    }
  });

  test('a settings file from before the list keeps its one COSS URL', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ cossUrl: 'https://coss.noc.example' }));
    assert.deepEqual(new SettingsStore(dataDir).value.cossUrls, ['https://coss.noc.example']);
  });
});
