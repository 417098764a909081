/**
 * Triage sessions from the console (`g T`): read the customer's open one, start one, decide a family, preview a noise
 * decision, end it. Each asks COSS through the host and answers the host's response as it came: the view says a
 * refusal in place (a family someone else decided, COSS away) rather than in a toast, since the session goes on.
 */
import { errorMessage } from '../../shared/error-message.ts';
import type { HostArgs, HostRequestName, HostResponse, HostResult } from '../../shared/host/contract.ts';
import type { TriageDecision } from '../../shared/triage.ts';
import { currentHost } from './host-binding.ts';

async function ask<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>> {
  try {
    return await currentHost().invoke(name, args);
  } catch (error) {
    // The host went away mid-request (a closed socket): as good as COSS not answering.
    return { ok: false, error: { code: 'unavailable', message: errorMessage(error) } };
  }
}

export function currentTriage(customer: string) {
  return ask('triage.current', { customer });
}

export function startTriage(customer: string) {
  return ask('triage.start', { customer });
}

export function decideFamily(customer: string, id: number, position: number, decision: TriageDecision) {
  return ask('triage.decide', { customer, id, position, decision });
}

export function previewNoise(customer: string, id: number, position: number, devices?: readonly string[]) {
  return ask('triage.preview', { customer, id, position, ...(devices !== undefined ? { devices: [...devices] } : {}) });
}

export function endTriage(customer: string, id: number) {
  return ask('triage.end', { customer, id });
}
