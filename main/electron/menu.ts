/**
 * The application menu, built from the same command list as the keybindings and the palette. Choosing an item
 * sends the command id to the renderer, which runs it exactly as if its key had been pressed.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { COMMAND_DEFINITIONS, type CommandDefinition } from '../../shared/console-commands.ts';

/** Electron's form of a key as the list writes it ('Mod+k' → 'CommandOrControl+K'); sequences have none. */
function accelerator(keys: readonly string[]): string | undefined {
  const key = keys[0];
  if (!key || key.includes(' ')) return undefined;
  return key
    .split('+')
    .map((part) => (part === 'Mod' ? 'CommandOrControl' : part.length === 1 ? part.toUpperCase() : part === 'Escape' ? 'Esc' : part))
    .join('+');
}

/** The menu; `run` receives a command id. */
export function applicationMenu(run: (id: string) => void): Menu {
  const groups = new Map<string, CommandDefinition[]>();
  for (const command of COMMAND_DEFINITIONS) groups.set(command.group, [...(groups.get(command.group) ?? []), command]);
  const template: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    ...[...groups].map(([group, commands]) => ({
      label: group,
      submenu: commands.map((command): MenuItemConstructorOptions => {
        const shortcut = accelerator(command.keys);
        return {
          label: command.title,
          click: () => run(command.id),
          // Single-key shortcuts belong to the renderer (they must not fire while typing), so the menu only shows them.
          ...(shortcut ? { accelerator: shortcut, registerAccelerator: command.keys[0]?.startsWith('Mod+') ?? false } : {}),
        };
      }),
    })),
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
