/**
 * `g N` opens the noise view of the customer in front as a keyboard delivers it: g, then Shift's own keydown, then N.
 * Shift's keydown once ended the sequence (it read as the key "Shift+Shift"), so no two-key sequence could end in a
 * capital; a customer user, who may read the noise report, is let in too.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createKeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import { createFakeHost, type FakeHostOptions } from './fake-host.ts';

const press = (key: string, shiftKey = false) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey });

describe('g N', () => {
  let stop: () => void = () => undefined;
  afterEach(() => stop());

  async function consoleFor(options: FakeHostOptions = {}) {
    resetConsoleStore();
    stop = await startConsole(createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z'), ...options }));
  }

  it('opens the noise view with Shift pressed between g and N', async () => {
    await consoleFor();
    const keys = createKeyDispatcher();
    keys.handle(press('1'), { typing: false }, 0);
    keys.handle(press('g'), { typing: false }, 10);
    keys.handle(press('Shift', true), { typing: false }, 20);
    assert.equal(keys.handle(press('N', true), { typing: false }, 30), true);
    assert.deepEqual(getState().overlay, { kind: 'noise', customer: 'acme' });
  });

  it('opens it for a customer user, who may read the report', async () => {
    await consoleFor({ user: { name: 'fred', displayName: 'Fred', role: 'customer', customer: 'acme' } });
    const keys = createKeyDispatcher();
    keys.handle(press('g'), { typing: false }, 10);
    keys.handle(press('Shift', true), { typing: false }, 20);
    keys.handle(press('N', true), { typing: false }, 30);
    assert.equal(getState().overlay?.kind, 'noise');
  });
});
