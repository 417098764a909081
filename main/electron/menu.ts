/**
 * The application menu, built from the same command list as the keybindings and the palette. Choosing an item
 * sends the command id to the renderer, which runs it exactly as if its key had been pressed.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { menuEntries } from '../../shared/console-commands.ts';

/** The menu; `run` receives a command id, `openWallboard` opens the read-only kiosk window. */
export function applicationMenu(run: (id: string) => void, openWallboard: () => void): Menu {
  const groups = new Map<string, MenuItemConstructorOptions[]>();
  for (const entry of menuEntries()) {
    const item: MenuItemConstructorOptions = {
      label: entry.label,
      click: () => run(entry.id),
      // Single-key shortcuts belong to the renderer (they must not fire while typing), so the menu only shows them.
      ...(entry.accelerator ? { accelerator: entry.accelerator, registerAccelerator: entry.registerAccelerator } : {}),
    };
    groups.set(entry.group, [...(groups.get(entry.group) ?? []), item]);
  }
  return Menu.buildFromTemplate([
    { role: 'fileMenu' },
    { role: 'editMenu' },
    ...[...groups].map(([label, submenu]) => ({ label, submenu })),
    { label: 'Window', submenu: [{ label: 'Open Wallboard (kiosk)', click: openWallboard }, { role: 'minimize' }] },
  ]);
}
