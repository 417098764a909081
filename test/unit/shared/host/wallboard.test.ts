/**
 * The wallboard's request allowlist: only reads, and every read the wallboard's start-up makes (a request missing
 * here would be refused by its own host and leave a panel empty on the TV).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HOST_REQUEST_NAMES } from '../../../../shared/host/channels.ts';
import {
  isWallboardAddress,
  wallboardMay,
  wallboardRefusal,
  wallboardRefusalFor,
} from '../../../../shared/host/wallboard.ts';

const allowed = HOST_REQUEST_NAMES.filter((name) => wallboardMay(name));

test('a wallboard may only read: every allowed request gets or lists, no action is among them', () => {
  assert.ok(allowed.length > 0);
  for (const name of allowed) assert.match(name, /\.(get|list)$/, name);
  for (const name of ['alerts.acknowledge', 'alerts.resolve', 'page.send', 'room.send', 'maintenance.create'])
    assert.equal(wallboardMay(name), false, name);
  assert.equal(wallboardMay('settings.set'), false);
  assert.match(wallboardRefusal('alerts.acknowledge').message, /^alerts\.acknowledge refused: .*read-only wallboard/);
});

test("every request the wallboard's start-up and loaders make is allowed", () => {
  const root = new URL('../../../../', import.meta.url);
  const asked = new Set<string>();
  for (const file of [
    'renderer/state/wallboard-start.ts',
    'renderer/state/heartbeat-actions.ts',
    'renderer/state/customer-actions.ts',
  ]) {
    const source = readFileSync(new URL(file, root), 'utf8');
    // customer-actions.ts also loads the room for the console; the wallboard uses its loadAlerts only.
    const used = file.endsWith('customer-actions.ts')
      ? source.slice(0, source.indexOf('export async function loadRoom'))
      : source;
    for (const match of used.matchAll(/invoke\('([a-zA-Z.]+)'/g)) if (match[1] !== undefined) asked.add(match[1]);
  }
  assert.deepEqual([...asked].sort(), [
    'alerts.list',
    'customers.list',
    'heartbeats.list',
    'maintenance.list',
    'session.get',
  ]);
  for (const name of asked) assert.ok(wallboardMay(name), name);
});

test('the wallboard address is ?view=wallboard, in a search or a whole URL, whatever else it carries', () => {
  assert.equal(isWallboardAddress('?view=wallboard'), true);
  assert.equal(isWallboardAddress('app://console/index.html?view=wallboard'), true);
  assert.equal(isWallboardAddress('http://127.0.0.1:7410/?a=1&view=wallboard#token=x'), true);
  assert.equal(isWallboardAddress('app://console/index.html'), false);
  assert.equal(isWallboardAddress('app://console/index.html#view=wallboard'), false);
  assert.equal(isWallboardAddress('?view=console'), false);
  assert.equal(isWallboardAddress(''), false);
});

test('a wallboard window is refused actions whatever address its page shows; a console window is not', () => {
  const console = { fromWallboardWindow: false, frameUrl: 'app://console/index.html' };
  assert.equal(wallboardRefusalFor('alerts.acknowledge', console), null);
  // The kiosk's page dropped ?view=wallboard (history.replaceState): its window still says what it is.
  const kiosk = { fromWallboardWindow: true, frameUrl: 'app://console/index.html' };
  assert.match(wallboardRefusalFor('alerts.acknowledge', kiosk)?.message ?? '', /read-only wallboard/);
  assert.equal(wallboardRefusalFor('alerts.list', kiosk), null);
  // A wallboard page in the console's own window (its address asks for it) only reads too.
  const page = { fromWallboardWindow: false, frameUrl: 'app://console/index.html?view=wallboard' };
  assert.notEqual(wallboardRefusalFor('page.send', page), null);
});
