/** Paging a target from the console (the `p` dialog). */
import type { HostArgs } from '../../shared/host/contract.ts';
import { currentHost } from './host-binding.ts';
import { toastError, toastOutcome } from './ui-actions.ts';

export type PageRequest = HostArgs<'page.send'>;

/** Sends a page; true when the host took it (done, queued or sent directly). */
export async function sendPage(request: PageRequest): Promise<boolean> {
  const response = await currentHost().invoke('page.send', request);
  if (!response.ok) {
    toastError(`Page to ${request.target}`, response.error);
    return false;
  }
  toastOutcome(response.value);
  return true;
}
