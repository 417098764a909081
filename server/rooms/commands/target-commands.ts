/** `.oncall` (page a target, optionally about an event) and `.who` (who is on call for a target). */
import type { Command } from '../../../shared/commands/index.ts';
import { toAlert } from '../../alerts/row.ts';
import { createPage } from '../../paging/pages.ts';
import { forcedPageLine, pageHold } from '../../maintenance/page-guard.ts';
import type { CommandContext } from './command-context.ts';
import { findAlert, findTarget } from './lookups.ts';

/** Writes the page and its outbox row; the "successfully sent" line comes when PagerDuty accepts it. */
export async function pageTarget(context: CommandContext, command: Extract<Command, { name: 'page' }>): Promise<void> {
  const { tx, principal, customer, pagerduty, result } = context;
  const target = await findTarget(context, command.target);
  if (!target) return;
  const row = command.event ? await findAlert(context, command.event) : null;
  if (command.event && !row) return;
  const { force, message } = forceWord(command.message, context.force === true);
  const hold = row ? await pageHold(tx, customer, row, new Date()) : null;
  if (hold && row && !force) {
    const word = PAGE_WORD[command.priority];
    result.hold = hold;
    await context.refuse(
      `${hold.reason}, so I have not paged ${target.path}. To page anyway, put --force after the brackets: ` +
        `.${word} [${target.path}, ${Number(row.number)}] --force ${message ?? '<why>'}`,
    );
    return;
  }
  const alert = row ? toAlert(row, row.slug) : null;
  await createPage(
    tx,
    {
      customer,
      alert,
      target,
      priority: command.priority,
      message: message ?? `${alert?.summary ?? ''} (event ${alert?.number ?? ''})`,
      requester: { displayName: principal.displayName, userId: principal.userId, email: principal.pagerdutyEmail },
      requestMessageId: result.message.id,
    },
    pagerduty,
  );
  result.queuedForPagerDuty = true;
  // The override is the audit's: a line in the room, which the audit export keeps.
  if (hold) await context.reply(forcedPageLine(hold, target.path));
}

const PAGE_WORD = { normal: 'oncall', urgent: 'urgent', emergency: 'emergency' } as const;

/** `--force` as the first word of a page's message pages through a maintenance hold; the rest is the message. */
function forceWord(message: string | null, forced: boolean): { force: boolean; message: string | null } {
  const match = message === null ? null : /^--force(?:\s+|$)/.exec(message);
  if (message === null || match === null) return { force: forced, message };
  const rest = message.slice(match[0].length).trim();
  return { force: true, message: rest === '' ? null : rest };
}

/** Names the target; asking PagerDuty who is on call needs the network, so the route does it after commit. */
export async function whoIsOnCall(context: CommandContext, command: Extract<Command, { name: 'who' }>): Promise<void> {
  const target = await findTarget(context, command.target);
  if (!target) return;
  context.result.whoTarget = target;
}
