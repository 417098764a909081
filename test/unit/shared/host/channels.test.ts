import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_EVENTS, HOST_REQUESTS } from '../../../../shared/host/contract.ts';
import { HOST_EVENT_NAMES, HOST_REQUEST_NAMES } from '../../../../shared/host/channels.ts';

test('the preload allowlist names exactly the contract channels', () => {
  assert.deepEqual([...HOST_REQUEST_NAMES].sort(), Object.keys(HOST_REQUESTS).sort());
  assert.deepEqual([...HOST_EVENT_NAMES].sort(), Object.keys(HOST_EVENTS).sort());
});

test('only the preload and the IPC host name the raw IPC channels, so every event passes the allowlist', () => {
  const root = new URL('../../../../', import.meta.url).pathname;
  const files = (folder: string): string[] =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.tsx?$/.test(name))
      .map((name) => join(folder, name));
  const naming = [...files('main'), ...files('preload'), ...files('renderer'), ...files('shared')].filter((file) =>
    /['"`]coss:(event|request)['"`]/.test(readFileSync(join(root, file), 'utf8')),
  );
  assert.deepEqual(naming, ['shared/host/channels.ts']);
});
