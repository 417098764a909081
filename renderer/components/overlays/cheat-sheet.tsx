/** `?`: every key, from the registry, grouped. */
import { COMMANDS } from '../../commands/registry.ts';
import { commandRefusal } from '../../commands/role-gates.ts';
import { useConsoleStore } from '../../state/store.ts';
import { keyLabel } from '../../commands/key-names.ts';
import type { CommandGroup } from '../../../shared/console-commands.ts';
import { Dialog } from './dialog.tsx';

const GROUPS: readonly CommandGroup[] = ['Queue', 'Alert', 'Customer', 'Filter', 'Sort', 'Group', 'Go', 'Help'];
const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform);

/** Keys as <kbd> chips; sequences read "g then r". */
export function KeyChips({ keys }: { keys: string }) {
  const parts = keyLabel(keys, IS_MAC);
  const sequence = keys.includes(' ');
  return (
    <span className="keys">
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 && <span className="key-join">{sequence ? 'then' : '+'}</span>}
          <kbd>{part}</kbd>
        </span>
      ))}
    </span>
  );
}

export function CheatSheet() {
  // The keys of what this role may not do are left out (a customer user has no acknowledge or resolve).
  const user = useConsoleStore((state) => state.user);
  const customerKeys = COMMANDS.filter((command) => command.id.startsWith('customer.switch.'));
  return (
    <Dialog title="Keyboard" className="cheat-sheet">
      <div className="cheat-grid">
        {GROUPS.map((group) => (
          <section key={group} className="cheat-group">
            <h3>{group}</h3>
            <dl>
              {group === 'Customer' && customerKeys.length > 0 && (
                <div className="cheat-row">
                  <dt>
                    <KeyChips keys="1" /> … <KeyChips keys="9" />
                  </dt>
                  <dd>Switch to customer 1–9</dd>
                </div>
              )}
              {COMMANDS.filter(
                (command) =>
                  command.group === group &&
                  command.keys.length > 0 &&
                  !command.id.startsWith('customer.switch.') &&
                  commandRefusal(command.id, { user }) === null,
              ).map((command) => (
                <div key={command.id} className="cheat-row">
                  <dt>
                    {command.keys.map((keys, index) => (
                      <span key={keys}>
                        {index > 0 && <span className="key-or">or</span>}
                        <KeyChips keys={keys} />
                      </span>
                    ))}
                  </dt>
                  <dd>{command.title}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="hint">
        Keys do nothing while you type in a field; Esc leaves the field. Everything is also in the palette (Ctrl+K).
      </p>
    </Dialog>
  );
}
