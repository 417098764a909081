/**
 * The console's copy of the role table's verdicts (shared/permissions.ts): a key the signed-in role may not use says
 * why instead of doing nothing, and dialogs offer only what the role may do. COSS refuses the same on its own.
 */
import { findCommandSpec } from '../../shared/commands/catalog.ts';
import type { CompletionResult } from '../../shared/commands/complete.ts';
import { can, canUseTarget, refusal, type Action, type TargetOwner } from '../../shared/permissions.ts';
import type { ConsoleState } from '../state/store.ts';

/** The right each role-gated console command needs. */
const COMMAND_RIGHTS: Readonly<Record<string, Action>> = {
  'alert.acknowledge': 'alert.acknowledge',
  'alert.resolve': 'alert.resolve',
  'alert.undo': 'alert.resolve',
  'alert.reopen': 'alert.reopen',
  'alert.reassign': 'alert.reassign',
  'alert.escalate': 'alert.escalate',
  'alert.note': 'alert.note',
  'alert.page': 'page.own-queue',
  'alert.ticket': 'ticket.create',
  'maintenance.new': 'maintenance.manage',
  'maintenance.list': 'maintenance.read',
  'heartbeats.list': 'heartbeats.read',
  'noise.report': 'noise.read',
  'triage.session': 'noise.read',
  'transforms.list': 'transforms.read',
  'alert.transform': 'transforms.manage',
  'room.switch': 'room.internal',
};

/** Why the signed-in role may not run command `id`, or null when it may (or nobody is known yet: COSS decides). */
export function commandRefusal(id: string, state: Pick<ConsoleState, 'user'>): string | null {
  const action = COMMAND_RIGHTS[id];
  return action === undefined ? null : actionRefusal(action, state);
}

/** Why the signed-in role may not act as `action` (a key inside a dialog), or null when it may or nobody is known. */
export function actionRefusal(action: Action, state: Pick<ConsoleState, 'user'>): string | null {
  const role = state.user?.role;
  if (role === undefined || can(role, action)) return null;
  return `${refusal(role, action)} Ask in the ops room (g r) instead.`;
}

/** Whether the signed-in role may act as `action` (true while nobody is known yet). */
export function userMay(state: Pick<ConsoleState, 'user'>, action: Action): boolean {
  const role = state.user?.role;
  return role === undefined || can(role, action);
}

/** Whether the signed-in role may page `target` from `customer`'s room (true while nobody is known yet). */
export function userMayPage(state: Pick<ConsoleState, 'user'>, target: TargetOwner, customer: string): boolean {
  const role = state.user?.role;
  return role === undefined || canUseTarget(role, target, customer);
}

/** Room-line completions without the command words the signed-in role may not use (COSS would answer with a refusal). */
export function usableCompletions(result: CompletionResult, state: Pick<ConsoleState, 'user'>): CompletionResult {
  if (result.kind !== 'command') return result;
  const candidates = result.candidates.filter((candidate) => {
    const spec = findCommandSpec(candidate.value.trim());
    return spec === undefined || userMay(state, spec.permission);
  });
  return { ...result, candidates };
}
