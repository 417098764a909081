/** Overlays, toasts, focus and the queue filter. */
import type { ActionOutcome, HostError } from '../../shared/host/contract.ts';
import { selectCursorAlert } from './queue-selectors.ts';
import { nextSort, type SortColumn } from './queue-sort.ts';
import type { QueueFilter } from './selection-slice.ts';
import { getState, setState } from './store.ts';
import type { FocusRequest, Overlay, ToastTone } from './ui-slice.ts';

let toastSerial = 0;
const MAX_TOASTS = 5;

export function openOverlay(overlay: Overlay): void {
  setState({ overlay });
}

export function closeOverlay(): void {
  setState({ overlay: null, focusRequest: nextFocus('queue') });
}

/** Shows a short message; the toast list keeps the newest few. */
export function pushToast(tone: ToastTone, message: string): void {
  const toast = { id: ++toastSerial, tone, message };
  setState((state) => ({ toasts: [...state.toasts, toast].slice(-MAX_TOASTS) }));
}

export function dismissToast(id: number): void {
  setState((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) }));
}

/** Tells the operator how an action went: done, waiting offline, or sent straight to PagerDuty. */
export function toastOutcome(outcome: ActionOutcome): void {
  pushToast(outcome.status, outcome.message);
}

/** Tells the operator what failed and, through the host's message, what to do. */
export function toastError(what: string, error: HostError): void {
  pushToast('error', `${what} failed: ${error.message}`);
}

/** Asks a place to take keyboard focus (the component owning it acts on the request). */
export function requestFocus(target: FocusRequest['target']): void {
  setState({ focusRequest: nextFocus(target) });
}

function nextFocus(target: FocusRequest['target']): FocusRequest {
  return { target, serial: getState().focusRequest.serial + 1 };
}

/**
 * Changes part of the queue filter. The cursor stays on the alert it shows when the new view has it (clearing a
 * search leaves the operator on what they found); otherwise the top row shows the cursor.
 */
export function updateFilter(change: Partial<QueueFilter>): void {
  setState((state) => ({
    filter: { ...state.filter, ...change },
    cursor: selectCursorAlert(state)?.number ?? null,
    cursorIndex: 0,
  }));
}

/** Sorts the queue by `column` (the same column again reverses it); the cursor stays on its alert. */
export function sortQueueBy(column: SortColumn): void {
  updateFilter({ sort: nextSort(getState().filter.sort, column) });
}
