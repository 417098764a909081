/** Searching a customer's escalation notes, and opening what a hit points at. */
import type { HostError, HostResult } from '../../shared/host/contract.ts';
import { loadAlertDetail } from './alert-actions.ts';
import { switchCustomer } from './customer-actions.ts';
import { currentHost } from './host-binding.ts';
import { customerAlert, matchesFilter } from './queue-selectors.ts';
import { getState, setState } from './store.ts';
import { closeOverlay, pushToast } from './ui-actions.ts';

export type NotesHit = HostResult<'notes.search'>[number];
export type NotesSearchResult = { ok: true; hits: readonly NotesHit[] } | { ok: false; error: HostError };

/** Full-text search over the customer's notes bundle; the core answers from its cache, so it works offline. */
export async function searchCustomerNotes(customer: string, query: string): Promise<NotesSearchResult> {
  const response = await currentHost().invoke('notes.search', { customer, query });
  return response.ok ? { ok: true, hits: response.value } : { ok: false, error: response.error };
}

/**
 * Closes the overlay and opens an alert in the detail pane. An alert the queue filter hides (resolved, a search
 * in the box, a severity floor) would open nothing, so the filter is widened just enough and the operator told.
 */
export async function openAlertFromNotes(customer: string, number: number): Promise<void> {
  closeOverlay();
  if (getState().activeCustomer !== customer) await switchCustomer(customer);
  if (customerAlert(getState(), customer, number) === undefined) await loadAlertDetail(number);
  const alert = customerAlert(getState(), customer, number);
  if (alert === undefined)
    return pushToast('error', `Alert ${number} is not in this console's cache any more; search COSS for it.`);
  const { filter } = getState();
  if (
    !matchesFilter(
      alert,
      filter,
      filter.search
        .toLowerCase()
        .split(/\s+/)
        .filter((term) => term !== ''),
    )
  ) {
    setState({
      filter: {
        ...filter,
        search: '',
        minSeverity: 'debug',
        suppressed: (alert.suppressedBy ?? null) !== null,
        status:
          alert.status === 'resolved'
            ? 'all'
            : alert.status === 'acknowledged' && filter.status === 'unacknowledged'
              ? 'active'
              : filter.status,
      },
    });
    pushToast('info', `Queue filter widened to show ${number} (${alert.status}).`);
  }
  setState({ cursor: number, detailOpen: true });
  await loadAlertDetail(number);
}
