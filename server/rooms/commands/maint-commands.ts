/**
 * `.maint` in a customer's room (shared/maintenance-command.ts): make, list, extend and end the customer's windows.
 * The change functions say what happened in the room themselves (the lines REST and the CLI also produce), so a
 * successful command adds no reply of its own; a refusal names the field and what to write.
 */
import { parseMaintCommand } from '../../../shared/maintenance-command.ts';
import { MaintenanceInputSchema } from '../../../shared/maintenance.ts';
import { can, refusal } from '../../../shared/permissions.ts';
import { DomainError } from '../../domain-error.ts';
import { createWindow, endWindow, patchWindow } from '../../maintenance/window-changes.ts';
import { describeScope } from '../../maintenance/window-lines.ts';
import { listWindowRows, toWindow } from '../../maintenance/window-rows.ts';
import { formatRoomTime } from '../bot-lines.ts';
import type { CommandContext } from './command-context.ts';

/** Runs a `.maint` line; its answers and events land in `context.result`. */
export async function runMaintCommand(context: CommandContext, line: string, now: Date): Promise<void> {
  const { tx, principal, customer, result } = context;
  const parsed = parseMaintCommand(line, customer.timeZone, now);
  if (!parsed.ok) {
    await context.refuse(`${parsed.error}. .help maint shows the grammar.`);
    return;
  }
  const command = parsed.command;
  const action = command.kind === 'list' ? 'maintenance.read' : 'maintenance.manage';
  if (!can(principal.role, action)) {
    await context.refuse(refusal(principal.role, action));
    return;
  }
  try {
    if (command.kind === 'list') {
      const windows = (await listWindowRows(tx, customer.id, 0, now))
        .map((row) => toWindow(row, customer, now))
        .filter((window) => window.state !== 'ended');
      const at = (iso: string | null) => (iso === null ? 'no end' : formatRoomTime(new Date(iso), customer.timeZone));
      await context.reply(
        windows.length === 0
          ? `no maintenance windows for ${customer.name} are active or scheduled.`
          : windows
              .map(
                (window) =>
                  `#${window.id} ${window.state === 'active' ? `active until ${at(window.activeUntil)}` : `from ${at(window.nextStart)}`}: ${describeScope(window.scope)} ("${window.reason}", by ${window.createdBy}${window.ticket ? `, ticket ${window.ticket}` : ''})`,
              )
              .join('; '),
      );
      return;
    }
    const actor = principal.displayName;
    if (command.kind === 'create') {
      const input = MaintenanceInputSchema.safeParse(command.input);
      if (!input.success) {
        const issue = input.error.issues[0];
        await context.refuse(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
        return;
      }
      const change = await createWindow(tx, customer, input.data, actor, now);
      result.events.push(...change.events);
    } else if (command.kind === 'extend') {
      const change = await patchWindow(tx, customer, command.id, { extendBy: command.extendBy }, actor, now);
      result.events.push(...change.events);
    } else {
      const change = await endWindow(tx, customer, command.id, actor, now);
      result.events.push(...change.events);
    }
  } catch (error) {
    if (error instanceof DomainError) {
      // The field is REST's name for it; in the room the word that was typed matters more.
      await context.refuse(`${error.message.replace(/^extendBy: /, '').replace(/^duration: /, '')}.`);
      return;
    }
    throw error;
  }
}
