/**
 * Maintenance windows from the console (`m`, `g m`): make one, list a customer's, extend or end one. Each asks COSS
 * through the host and hands back what COSS answered, to the dialog that asked: a refusal is shown there, against
 * the field COSS named, instead of in a toast behind the dialog.
 */
import type { HostError, HostResponse } from '../../shared/host/contract.ts';
import type { MaintenanceInput, MaintenanceWindow } from '../../shared/maintenance.ts';
import { currentHost } from './host-binding.ts';

export type WindowAnswer = { ok: true; window: MaintenanceWindow } | { ok: false; error: HostError };

function answer(response: HostResponse<MaintenanceWindow>): WindowAnswer {
  return response.ok ? { ok: true, window: response.value } : { ok: false, error: response.error };
}

/** Makes a window for `customer`. */
export async function createWindow(customer: string, input: MaintenanceInput): Promise<WindowAnswer> {
  return answer(await currentHost().invoke('maintenance.create', { customer, window: input }));
}

/** The customer's windows as COSS lists them. */
export async function listWindows(
  customer: string,
): Promise<{ ok: true; windows: MaintenanceWindow[] } | { ok: false; error: HostError }> {
  const response = await currentHost().invoke('maintenance.list', { customer });
  return response.ok ? { ok: true, windows: response.value } : { ok: false, error: response.error };
}

/** Extends a window by a duration as typed (`1h`). */
export async function extendWindow(customer: string, id: number, extendBy: string): Promise<WindowAnswer> {
  return answer(await currentHost().invoke('maintenance.update', { customer, id, patch: { extendBy } }));
}

/** Ends a window now. */
export async function endWindow(customer: string, id: number): Promise<WindowAnswer> {
  return answer(await currentHost().invoke('maintenance.end', { customer, id }));
}
