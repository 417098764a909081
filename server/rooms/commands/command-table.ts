/** Which handler carries out each room command: adding a command means adding its row here. */
import { formatHelp, type Command, type CommandName } from '../../../shared/commands/index.ts';
import type { CommandContext } from './command-context.ts';
import { reopenAlert, setAlertStatus } from './alert-status-commands.ts';
import { actOnIncidents } from './incident-commands.ts';
import { pageTarget, whoIsOnCall } from './target-commands.ts';
import { runTriage, showNoise } from './noise-commands.ts';
import { postInBothRooms } from './both-command.ts';
import { openTicket } from './ticket-command.ts';
import { trackTime } from './time-command.ts';

type CommandHandler<Name extends CommandName> = (
  context: CommandContext,
  command: Extract<Command, { name: Name }>,
) => Promise<void>;

const COMMAND_HANDLERS: { [Name in CommandName]: CommandHandler<Name> } = {
  help: async (context, command) => context.reply(formatHelp(command.topic)),
  page: pageTarget,
  who: whoIsOnCall,
  ack: setAlertStatus,
  resolve: setAlertStatus,
  reopen: reopenAlert,
  escalate: actOnIncidents,
  reassign: actOnIncidents,
  note: actOnIncidents,
  noise: showNoise,
  triage: runTriage,
  both: postInBothRooms,
  ticket: openTicket,
  time: trackTime,
};

/** Carries out a permitted command; its answers and events land in `context.result`. */
export async function runCommand(context: CommandContext, command: Command): Promise<void> {
  // The table is keyed by the command's own name, so the handler takes this command; TypeScript cannot follow that.
  const handler = COMMAND_HANDLERS[command.name] as (context: CommandContext, command: Command) => Promise<void>;
  await handler(context, command);
}
