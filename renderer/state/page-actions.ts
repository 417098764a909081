/** Paging a target from the console (the `p` dialog). */
import type { ActionOutcome, HostArgs, HostError } from '../../shared/host/contract.ts';
import { currentHost } from './host-binding.ts';
import { findAlert } from './queue-selectors.ts';
import { getState, setState } from './store.ts';
import { pushToast, toastError } from './ui-actions.ts';

export type PageRequest = HostArgs<'page.send'>;

/**
 * A target as people know it: "COSS oncall macro – Systems (casc/int/systems)". The name is what the operator picked
 * in the dialog; the path is what the room line and PagerDuty show, so both are worth seeing.
 */
export function pageTargetLabel(customer: string, path: string): string {
  const name = getState().targetsByCustomer[customer]?.find((target) => target.path === path)?.name;
  return name !== undefined && name !== '' && name !== path ? `${name} (${path})` : path;
}

/** What a forced page overrode, as far as the console's copy of the alert says. */
function overridden(number: number | null): string {
  const alert = number === null ? undefined : findAlert(getState(), number);
  return (alert?.suppressedBy ?? null) !== null && (alert?.maintenance ?? null) === null
    ? 'suppression'
    : 'maintenance window';
}

/**
 * The toast after a page. The host's outcome names the target by its path (it builds the room command); a direct
 * page's outcome already names it properly and says what happened in PagerDuty, so that one is shown as it is.
 */
export function pageToastMessage(
  outcome: ActionOutcome,
  request: Pick<PageRequest, 'number' | 'priority' | 'force'>,
  target: string,
): string {
  // An urgent or emergency page says so: it is the one toast worth a second look.
  const kind =
    request.priority === 'normal' ? 'Page' : `${request.priority[0]?.toUpperCase()}${request.priority.slice(1)} page`;
  const what = `${kind} to ${target}${request.number !== null ? ` about ${request.number}` : ''}${request.force === true ? ` (${overridden(request.number)} overridden)` : ''}`;
  switch (outcome.status) {
    case 'done':
      // COSS has the page; PagerDuty has it only when the bot says "I've successfully sent…".
      return `${what}: COSS is sending it to PagerDuty; the room says when PagerDuty has it.`;
    case 'queued':
      return `${what}: COSS is unreachable; queued and sent when it is back.`;
    case 'direct':
      return outcome.message;
  }
}

/** Keeps a transform's name COSS said, for the detail of the alerts it suppressed. */
function rememberTransformName(customer: string, id: number, name: string): void {
  setState((state) => ({
    transformNames: { ...state.transformNames, [customer]: { ...state.transformNames[customer], [id]: name } },
  }));
}

/** Refusals the operator may override with "Page anyway": a window, a Zenoss state, a transform's suppression. */
const HELD_CODES: ReadonlySet<HostError['code']> = new Set([
  'under_maintenance',
  'unpaged_prod_state',
  'suppressed_by_transform',
]);

/**
 * Sends a page; true when the host took it (done, queued or sent directly). A page COSS held back (a maintenance
 * window covers the alert, its device is in a Zenoss state the customer does not page, or a transform suppressed it) goes to `onHeld` when given
 * (the dialog shows why and offers the override) instead of a toast: it is not a failure to shrug off but a decision
 * to make.
 */
export async function sendPage(request: PageRequest, onHeld?: (refusal: HostError) => void): Promise<boolean> {
  const target = pageTargetLabel(request.customer, request.target);
  const response = await currentHost().invoke('page.send', request);
  if (!response.ok) {
    const held = HELD_CODES.has(response.error.code);
    const transform = response.error.hold?.transform;
    if (transform !== undefined) rememberTransformName(request.customer, transform.id, transform.name);
    if (held && onHeld !== undefined) onHeld(response.error);
    else toastError(`Page to ${target}`, response.error);
    return false;
  }
  pushToast(response.value.status, pageToastMessage(response.value, request, target));
  return true;
}
