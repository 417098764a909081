/**
 * Dispatches key presses to the registry. Keys never fire while the operator types in a field (Esc excepted,
 * which leaves the field); two-key sequences ('g r') wait briefly for their second key.
 */
import { getState } from '../state/store.ts';
import { requestFocus } from '../state/ui-actions.ts';
import { keyString, type KeyPress } from './key-names.ts';
import { COMMANDS_BY_KEY, SEQUENCE_PREFIXES, runCommand } from './registry.ts';

const SEQUENCE_TIMEOUT_MS = 1500;
const MODIFIERS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'Meta']);

/**
 * Cursor moves that a held key repeats 25–40 times a second. A repeat runs at the start of the next animation frame
 * instead of whenever the event arrives, so its render, layout and paint share one frame instead of pushing the
 * frame that was due; repeats that arrive within one frame run together, in one render.
 */
const FRAME_ALIGNED_REPEATS = new Set(['queue.down', 'queue.up', 'queue.pageDown', 'queue.pageUp']);

/** Keys that work even inside a field or an open dialog. */
const ALWAYS_KEYS = new Set(['Escape', 'Mod+k']);

export interface KeyTarget {
  /** true when the press happened in a text field, select or editable element */
  typing: boolean;
}

/** Runs work at the start of the next frame (the DOM's requestAnimationFrame); in Node tests, at once. */
export type FrameScheduler = (work: () => void) => void;

export interface KeyDispatcher {
  /** Handles one key press; true when it ran a command (the caller then prevents the default). */
  handle(press: KeyPress & { repeat?: boolean }, target: KeyTarget, now: number): boolean;
}

/** A dispatcher with its own sequence state. */
export function createKeyDispatcher(nextFrame: FrameScheduler = (work) => work()): KeyDispatcher {
  let prefix: { key: string; at: number } | null = null;
  return {
    handle(press, target, now) {
      // A modifier's own keydown (Shift before the N of `g N`) is no key: it must not end a sequence. Named by the
      // event's key, since keyString calls Shift held with Shift "Shift+Shift".
      if (MODIFIERS.has(press.key)) return false;
      const key = keyString(press);
      const overlay = getState().overlay;
      // Esc in a field (search, room input) leaves the field and keeps what was typed: a search stays applied.
      if (key === 'Escape' && target.typing && overlay === null) {
        prefix = null;
        requestFocus('queue');
        return true;
      }
      const blocked = target.typing || (overlay !== null && overlay.kind !== 'cheat-sheet');
      if (blocked && !ALWAYS_KEYS.has(key)) {
        prefix = null;
        return false;
      }
      if (prefix !== null && now - prefix.at <= SEQUENCE_TIMEOUT_MS) {
        const sequence = COMMANDS_BY_KEY.get(`${prefix.key} ${key}`);
        prefix = null;
        if (sequence !== undefined) return runCommand(sequence.id) || true;
      }
      prefix = null;
      if (SEQUENCE_PREFIXES.has(key)) {
        prefix = { key, at: now };
        return true;
      }
      // With the cheat sheet open only Esc and ? (to close it) apply; other keys would act unseen behind it.
      if (overlay?.kind === 'cheat-sheet' && key !== '?' && !ALWAYS_KEYS.has(key)) return false;
      const command = COMMANDS_BY_KEY.get(key);
      if (command === undefined) return false;
      if (press.repeat === true && FRAME_ALIGNED_REPEATS.has(command.id)) {
        // A dialog opened in the meantime takes the keys; the held move must not act behind it.
        nextFrame(() => getState().overlay === null && runCommand(command.id));
      } else runCommand(command.id);
      return true;
    },
  };
}

/** True for elements where keys are text: inputs, textareas, selects, contenteditable. */
export function isTypingTarget(element: EventTarget | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

/** Installs the window keydown listener; returns its removal. */
export function installKeybindings(): () => void {
  // Work for the coming frame, run by one requestAnimationFrame callback.
  let queued: (() => void)[] = [];
  const nextFrame: FrameScheduler = (work) => {
    queued.push(work);
    if (queued.length > 1) return;
    requestAnimationFrame(() => {
      const run = queued;
      queued = [];
      for (const work of run) work();
    });
  };
  const dispatcher = createKeyDispatcher(nextFrame);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return;
    if (dispatcher.handle(event, { typing: isTypingTarget(event.target) }, performance.now())) event.preventDefault();
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}
