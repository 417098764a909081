/**
 * The Settings and notes-search commands without a browser: their keys reach the registry, and the Electron menu
 * registers their chords (so they work from the menu bar too).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { menuEntries } from '../../shared/console-commands.ts';
import { keyString } from '../../renderer/commands/key-names.ts';
import { createKeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import { closeOverlay } from '../../renderer/state/ui-actions.ts';
import { createFakeHost } from './fake-host.ts';

const press = (
  key: string,
  modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('settings and notes-search commands', () => {
  let stop: () => void;
  beforeEach(async () => {
    resetConsoleStore();
    stop = await startConsole(createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z') }));
  });
  afterEach(() => stop());

  it('names Shift in chords, so Ctrl+Shift+F is not Ctrl+F', () => {
    assert.equal(keyString(press('F', { ctrlKey: true, shiftKey: true })), 'Mod+Shift+f');
    assert.equal(keyString(press('f', { metaKey: true })), 'Mod+f');
    assert.equal(keyString(press('k', { ctrlKey: true })), 'Mod+k');
    assert.equal(keyString(press('G', { shiftKey: true })), 'G', 'plain Shift stays in the character');
  });

  it('opens notes search with Ctrl+Shift+F or g n, and Settings with Ctrl+, or ,', () => {
    const keys = createKeyDispatcher();
    assert.equal(keys.handle(press('F', { ctrlKey: true, shiftKey: true }), { typing: false }, 0), true);
    assert.equal(getState().overlay?.kind, 'notes-search');
    closeOverlay();
    keys.handle(press('g'), { typing: false }, 10);
    keys.handle(press('n'), { typing: false }, 20);
    assert.equal(getState().overlay?.kind, 'notes-search');
    closeOverlay();
    keys.handle(press(',', { ctrlKey: true }), { typing: false }, 30);
    assert.equal(getState().overlay?.kind, 'settings');
    closeOverlay();
    keys.handle(press(','), { typing: false }, 40);
    assert.equal(getState().overlay?.kind, 'settings');
    closeOverlay();
    keys.handle(press(','), { typing: true }, 50);
    assert.equal(getState().overlay, null, 'a comma typed in a field stays a comma');
  });

  it('registers both chords in the Electron menu', () => {
    const entries = menuEntries();
    const notes = entries.find((entry) => entry.id === 'notes.search');
    const settings = entries.find((entry) => entry.id === 'app.settings');
    assert.deepEqual(
      [notes?.accelerator, notes?.registerAccelerator, notes?.group],
      ['CmdOrCtrl+Shift+F', true, 'Customer'],
    );
    assert.deepEqual(
      [settings?.accelerator, settings?.registerAccelerator, settings?.group],
      ['CmdOrCtrl+,', true, 'Help'],
    );
  });
});
