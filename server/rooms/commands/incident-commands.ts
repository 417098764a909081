/** `.escalate`, `.reassign` and `.note`: PagerDuty REST calls on the incidents an alert was paged as. */
import type { Command } from '../../../shared/commands/index.ts';
import { canUseTarget } from '../../../shared/permissions.ts';
import type { OutboxOperation } from '../../paging/outbox-operations.ts';
import { enqueue, pagesOfAlert, type PagedIncident } from '../../paging/incident-actions.ts';
import { incidentList } from '../bot-lines.ts';
import { actorOf, type CommandContext } from './command-context.ts';
import { changeAlert, findAlert, findTarget, hasRestToken } from './lookups.ts';

type IncidentCommand = Extract<Command, { name: 'escalate' | 'reassign' | 'note' }>;

/** Queues the command's REST call on each incident of the alert this person may touch, and says so. */
export async function actOnIncidents(context: CommandContext, command: IncidentCommand): Promise<void> {
  const { tx, principal, customer } = context;
  const row = await findAlert(context, command.event);
  if (!row) return;
  const paged = await pagesOfAlert(tx, Number(row.id));
  // Only the incidents of targets this person may page: a customer's note stays off the NOC's incidents.
  const pages = paged.filter((page) => canUseTarget(principal.role, { customer: page.target_customer }, customer.slug));
  if (command.name === 'note') await changeAlert(context, row, { kind: 'note', text: command.text }, 'alert.noted');
  if (pages.length === 0) {
    // A note is kept in COSS either way; an escalation or reassignment of nothing is not done.
    await (command.name === 'note' ? context.reply : context.refuse)(
      command.name !== 'note'
        ? `event ${row.number} was not paged; page it first with .oncall [target, ${row.number}].`
        : paged.length > 0
          ? `noted on event ${row.number} in COSS; its PagerDuty incidents are the NOC's, so the note stays in COSS.`
          : `noted on event ${row.number}; it was not paged, so PagerDuty has no incident to annotate.`,
    );
    return;
  }
  if (!(await hasRestToken(context, `.${command.name}`, command.name === 'note'))) return;
  const policy = command.name === 'reassign' ? await reassignPolicy(context, command.target) : undefined;
  if (policy === null) return;
  for (const page of pages) {
    await enqueue(tx, page, actorOf(context), incidentOperation(command, page, policy, principal.displayName));
    context.result.queuedForPagerDuty = true;
    if (command.name === 'escalate') {
      await tx.query('UPDATE pages SET escalation_level = $2, updated_at = now() WHERE id = $1', [
        page.id,
        nextLevel(command, page),
      ]);
    }
  }
  await context.reply(`${doingLine(command, incidentList(pages))} in PagerDuty.`);
}

/** The escalation policy of the target to reassign to, or null after saying why there is none. */
async function reassignPolicy(context: CommandContext, path: string): Promise<string | null> {
  const target = await findTarget(context, path);
  if (!target) return null;
  if (!target.escalationPolicyId) {
    await context.refuse(
      `${target.path} has no escalation policy in the paging directory, so incidents cannot be reassigned to it.`,
    );
    return null;
  }
  return target.escalationPolicyId;
}

/** The level an escalation goes to: the one typed, or the next. */
function nextLevel(command: Extract<Command, { name: 'escalate' }>, page: PagedIncident): number {
  return command.level ?? Number(page.escalation_level) + 1;
}

function incidentOperation(
  command: IncidentCommand,
  page: PagedIncident,
  escalationPolicyId: string | undefined,
  author: string,
): OutboxOperation {
  if (command.name === 'note') {
    return {
      operation: 'rest.incident.note',
      note: { dedupKey: page.dedup_key, content: `${command.text} — ${author}` },
    };
  }
  return {
    operation: 'rest.incident.update',
    update: {
      dedupKey: page.dedup_key,
      ...(command.name === 'escalate' ? { escalationLevel: nextLevel(command, page) } : {}),
      ...(escalationPolicyId ? { escalationPolicyId } : {}),
    },
  };
}

function doingLine(command: IncidentCommand, keys: string): string {
  switch (command.name) {
    case 'escalate':
      return `escalating ${keys}${command.level === null ? ' to the next level' : ` to level ${command.level}`}`;
    case 'reassign':
      return `reassigning ${keys} to ${command.target}`;
    case 'note':
      return `adding your note to ${keys}`;
  }
}
