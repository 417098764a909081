/**
 * The store tests' console: a fresh store on the fake host, in front of Acme. A console with several customers opens
 * on all of them in one queue; these tests are about one customer's, so they switch to it as an operator pressing 1.
 */
import { switchCustomer } from '../../renderer/state/customer-actions.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { resetConsoleStore } from '../../renderer/state/store.ts';
import { createFakeHost, type FakeHost } from './fake-host.ts';

/** The fake host's fixed clock in these tests (ages and times are repeatable). */
export const STORE_TEST_NOW = Date.parse('2025-03-04T11:20:00Z');

export async function startAcmeConsole(): Promise<{ fake: FakeHost; stop: () => void }> {
  resetConsoleStore();
  const fake = createFakeHost({ now: STORE_TEST_NOW });
  const stop = await startConsole(fake);
  await switchCustomer('acme');
  return { fake, stop };
}
