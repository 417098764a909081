/** The operator's way back to the deployment's preferred COSS endpoint after the console failed over to another. */
import { currentHost } from './host-binding.ts';
import { pushToast } from './ui-actions.ts';

/** Asks the host to move back; the toast says what happened, or why nothing did. */
export async function moveToPreferredEndpoint(): Promise<void> {
  const response = await currentHost().invoke('connection.usePreferred', {});
  if (!response.ok) pushToast('error', `Not moved: ${response.error.message}`);
  else pushToast(response.value.moved ? 'done' : 'info', response.value.message);
}
