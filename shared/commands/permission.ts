/** The right a parsed room command needs, read from the catalog so `.help`, the docs and the server agree. */
import type { Action } from '../permissions.ts';
import { findCommandSpec, PAGE_WORD_BY_PRIORITY } from './catalog.ts';
import type { Command } from './schema.ts';

/** The least right `command` needs; a command naming a target may need `page.noc-target` too (`targetAction`). */
export function commandPermission(command: Command): Action {
  const word = command.name === 'page' ? PAGE_WORD_BY_PRIORITY[command.priority] : command.name;
  const spec = findCommandSpec(word);
  if (spec === undefined) throw new Error(`no catalog entry for .${word}`);
  return spec.permission;
}
