import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HOST_EVENTS, HOST_REQUESTS } from '../../shared/host/contract.ts';
import { HOST_EVENT_NAMES, HOST_REQUEST_NAMES } from '../../shared/host/channels.ts';

test('the preload allowlist names exactly the contract channels', () => {
  assert.deepEqual([...HOST_REQUEST_NAMES].sort(), Object.keys(HOST_REQUESTS).sort());
  assert.deepEqual([...HOST_EVENT_NAMES].sort(), Object.keys(HOST_EVENTS).sort());
});
