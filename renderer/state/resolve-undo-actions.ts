/**
 * `r` on one alert, `u` and `O`: a resolve is held for a few seconds in the console core before it goes to COSS,
 * `u` takes it back within them, and reopening undoes a resolve that has gone. Each toast says what happened, and
 * only that: "Resolving … (not sent yet)", then what COSS answered when the window ended.
 */
import type { HeldActionSettled } from '../../shared/host/contract.ts';
import { currentHost } from './host-binding.ts';
import { getState, setState } from './store.ts';
import { pushToast, toastError, toastOutcome } from './ui-actions.ts';

/** How long a single `r` waits before it is sent: long enough to see the toast and press `u`. */
export const UNDO_WINDOW_MS = 5000;

function withPending(number: number, mark: 'held' | 'queued' | null): void {
  setState((state) => {
    const pending = new Map(state.pending);
    if (mark === null) pending.delete(number);
    else pending.set(number, { action: 'resolve', via: mark });
    return { pending };
  });
}

/** Resolves `number` after the undo window; the row says "resolving" meanwhile. */
export async function resolveWithUndo(number: number): Promise<void> {
  const response = await currentHost().invoke('alerts.resolveLater', { number, delayMs: UNDO_WINDOW_MS });
  if (!response.ok) return toastError(`Resolve ${number}`, response.error);
  withPending(number, 'held');
  setState({ undoable: { number, sendsAt: response.value.sendsAt } });
  pushToast('info', response.value.message);
}

/** `u`: takes back the resolve still in its window; after it, says so and points to reopening. */
export async function undoLastResolve(): Promise<void> {
  const { undoable, lastResolved } = getState();
  if (undoable === null) {
    const hint = lastResolved !== null ? ` ${lastResolved} has gone to COSS: reopen it with O.` : '';
    return pushToast('info', `Nothing to undo: no resolve is waiting to be sent.${hint}`);
  }
  const { number } = undoable;
  const response = await currentHost().invoke('alerts.undoResolve', { number });
  if (!response.ok) return toastError(`Undo of the resolve of ${number}`, response.error);
  if (getState().undoable?.number === number) setState({ undoable: null });
  if (response.value.undone) withPending(number, null);
  pushToast(response.value.undone ? 'done' : 'info', response.value.message);
}

/** The core ended a held resolve's window: what COSS answered (or that it was taken back, already shown). */
export function applyHeldSettled(event: HeldActionSettled): void {
  if (getState().undoable?.number === event.number) setState({ undoable: null });
  switch (event.status) {
    case 'undone':
      withPending(event.number, null);
      return;
    case 'done':
      withPending(event.number, null);
      setState({ lastResolved: event.number });
      return pushToast('done', event.message);
    case 'queued':
      withPending(event.number, 'queued');
      setState({ lastResolved: event.number });
      return pushToast('queued', event.message);
    case 'failed':
      withPending(event.number, null);
      return pushToast('error', event.message);
  }
}

/** `O`: opens a resolved alert again; true when the host took it. */
export async function reopenAlert(number: number): Promise<boolean> {
  const response = await currentHost().invoke('alerts.reopen', { number });
  if (!response.ok) {
    toastError(`Reopen ${number}`, response.error);
    return false;
  }
  if (getState().lastResolved === number) setState({ lastResolved: null });
  toastOutcome(response.value);
  return true;
}

/** `R`: hands the alert's PagerDuty incidents to `target`; true when the host took it. */
export async function reassignAlert(number: number, target: string): Promise<boolean> {
  const response = await currentHost().invoke('alerts.reassign', { number, target });
  if (!response.ok) {
    toastError(`Reassign ${number} to ${target}`, response.error);
    return false;
  }
  toastOutcome(response.value);
  return true;
}
