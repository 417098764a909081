/**
 * Transforms from the console: the customer's list (`g t`), a preview while one is written (`t` on an alert), saving
 * it, turning one off or on. The list also names the transforms behind suppressed alerts in the detail.
 */
import { errorMessage } from '../../shared/error-message.ts';
import type { HostArgs, HostError, HostRequestName, HostResponse, HostResult } from '../../shared/host/contract.ts';
import type { Transform } from '../../shared/transforms.ts';
import { currentHost } from './host-binding.ts';
import { setState } from './store.ts';

async function ask<N extends HostRequestName>(name: N, args: HostArgs<N>): Promise<HostResponse<HostResult<N>>> {
  try {
    return await currentHost().invoke(name, args);
  } catch (error) {
    // The host went away mid-request (a closed socket): as good as COSS not answering.
    return { ok: false, error: { code: 'unavailable', message: errorMessage(error) } };
  }
}

/** Puts transforms COSS answered into the store, the list replaced only when it is the whole list. */
function keep(customer: string, transforms: readonly Transform[], whole: boolean): void {
  setState((state) => {
    const names = { ...state.transformNames[customer] };
    for (const transform of transforms) names[transform.id] = transform.name;
    const before = state.transformsByCustomer[customer] ?? [];
    const list = whole
      ? transforms
      : [...before.filter((held) => !transforms.some((next) => next.id === held.id)), ...transforms].sort(
          (a, b) => a.position - b.position || a.id - b.id,
        );
    return {
      transformsByCustomer: { ...state.transformsByCustomer, [customer]: list },
      transformNames: { ...state.transformNames, [customer]: names },
    };
  });
}

/** Asks COSS for the customer's transforms into the store; the refusal when it did not answer. */
export async function loadTransforms(customer: string): Promise<HostError | null> {
  const answer = await ask('transforms.list', { customer });
  if (!answer.ok) return answer.error;
  keep(customer, answer.value, true);
  return null;
}

export function previewTransform(customer: string, transform: HostArgs<'transforms.preview'>['transform']) {
  return ask('transforms.preview', { customer, transform });
}

/** Saves a transform; the store has it at once. */
export async function createTransform(customer: string, transform: HostArgs<'transforms.create'>['transform']) {
  const answer = await ask('transforms.create', { customer, transform });
  if (answer.ok) keep(customer, [answer.value], false);
  return answer;
}

/** Turns a transform off or on; the store has the change at once. */
export async function setTransformEnabled(customer: string, id: number, enabled: boolean) {
  const answer = await ask('transforms.setEnabled', {
    customer,
    id,
    enabled,
    why: `${enabled ? 'enabled' : 'disabled'} from the console`,
  });
  if (answer.ok) keep(customer, [answer.value], false);
  return answer;
}
