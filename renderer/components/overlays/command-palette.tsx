/** Ctrl+K / Cmd+K: every registry command, filtered as you type; Enter runs the highlighted one. */
import { useMemo, useState } from 'react';
import { paletteCommands, runCommand, type ConsoleCommand } from '../../commands/registry.ts';
import { getState } from '../../state/store.ts';
import { closeOverlay } from '../../state/ui-actions.ts';
import { KeyChips } from './cheat-sheet.tsx';
import { Dialog } from './dialog.tsx';

/** Every word typed must start a word of the title or group, in any order: "ack mark" finds "Acknowledge (marked…)". */
export function matchesQuery(command: Pick<ConsoleCommand, 'title' | 'group' | 'id'>, query: string): boolean {
  const words = `${command.title} ${command.group} ${command.id}`.toLowerCase().split(/[^a-z0-9]+/);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term !== '')
    .every((term) => words.some((word) => word.startsWith(term)));
}

export function CommandPalette() {
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  // Judged once when the palette opens: the state behind it does not change while it is open.
  const state = useMemo(() => getState(), []);
  const offered = useMemo(() => paletteCommands(state), [state]);
  const shown = useMemo(() => offered.filter((command) => matchesQuery(command, query)), [offered, query]);
  const active = Math.min(highlight, shown.length - 1);

  function run(command: ConsoleCommand | undefined): void {
    if (command === undefined || !command.when(state)) return;
    closeOverlay();
    runCommand(command.id);
  }

  return (
    <Dialog title="Command palette" className="palette">
      <input
        data-autofocus
        className="field palette-input"
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[active] !== undefined ? `palette-${shown[active].id}` : undefined}
        aria-label="Command"
        placeholder="Type a command…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setHighlight(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            const delta = event.key === 'ArrowDown' ? 1 : -1;
            setHighlight((active + delta + shown.length) % Math.max(1, shown.length));
            event.preventDefault();
          } else if (event.key === 'Enter') {
            run(shown[active]);
            event.preventDefault();
          }
        }}
      />
      <ul className="palette-list" id="palette-list" role="listbox" aria-label="Commands">
        {shown.length === 0 && <li className="palette-empty">No command matches.</li>}
        {shown.map((command, index) => {
          const enabled = command.when(state);
          return (
            <li
              key={command.id}
              id={`palette-${command.id}`}
              role="option"
              aria-selected={index === active}
              aria-disabled={!enabled}
              className={`palette-item${index === active ? ' is-active' : ''}${enabled ? '' : ' is-disabled'}`}
              onMouseDown={(event) => {
                event.preventDefault();
                run(command);
              }}
              ref={index === active ? (element) => element?.scrollIntoView({ block: 'nearest' }) : undefined}
            >
              <span className="palette-group">{command.group}</span>
              <span className="palette-title">{command.title}</span>
              {command.keys[0] !== undefined && <KeyChips keys={command.keys[0]} />}
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
