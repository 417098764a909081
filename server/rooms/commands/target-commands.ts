/** `.oncall` (page a target, optionally about an event) and `.who` (who is on call for a target). */
import type { Command } from '../../../shared/commands/index.ts';
import { toAlert } from '../../alerts/row.ts';
import { createPage } from '../../paging/pages.ts';
import type { CommandContext } from './command-context.ts';
import { findAlert, findTarget } from './lookups.ts';

/** Writes the page and its outbox row; the "successfully sent" line comes when PagerDuty accepts it. */
export async function pageTarget(context: CommandContext, command: Extract<Command, { name: 'page' }>): Promise<void> {
  const { tx, principal, customer, pagerduty, result } = context;
  const target = await findTarget(context, command.target);
  if (!target) return;
  const row = command.event ? await findAlert(context, command.event) : null;
  if (command.event && !row) return;
  const alert = row ? toAlert(row, row.slug) : null;
  await createPage(
    tx,
    {
      customer,
      alert,
      target,
      priority: command.priority,
      message: command.message ?? `${alert?.summary ?? ''} (event ${alert?.number ?? ''})`,
      requester: { displayName: principal.displayName, userId: principal.userId, email: principal.pagerdutyEmail },
      requestMessageId: result.message.id,
    },
    pagerduty,
  );
  result.queuedForPagerDuty = true;
}

/** Names the target; asking PagerDuty who is on call needs the network, so the route does it after commit. */
export async function whoIsOnCall(context: CommandContext, command: Extract<Command, { name: 'who' }>): Promise<void> {
  const target = await findTarget(context, command.target);
  if (!target) return;
  context.result.whoTarget = target;
}
