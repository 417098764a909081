/**
 * Who is on call, through the console core against a real COSS: when COSS names no one, the customer's summary says
 * why in COSS's words (the wallboard and the side bar show it) instead of an empty list that reads as "nobody".
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startConsole, startRestartableCoss } from './support.ts';

async function acmeSummary(apiToken: string | undefined) {
  const coss = await startRestartableCoss(apiToken === undefined ? {} : { apiToken });
  const console = await startConsole(coss.url, coss.tokens.noc);
  try {
    await console.waitForState((state) => state.status === 'live');
    const customers = await console.core.handlers['customers.list']({});
    return customers.find((customer) => customer.slug === 'acme');
  } finally {
    await console.core.stop();
    await coss.close();
  }
}

describe('console core: on-call', () => {
  test("COSS without PagerDuty's REST token: the summary says so in COSS's words", async () => {
    const acme = await acmeSummary(undefined);
    assert.deepEqual(acme?.onCall, []);
    assert.match(acme?.onCallProblem ?? '', /^COSS could not say: on-call needs a PagerDuty REST API token/);
  });

  test('a customer with no paging target: the summary says that', async () => {
    const acme = await acmeSummary('u+oncalltesttoken');
    assert.deepEqual(acme?.onCall, []);
    assert.equal(acme?.onCallProblem, 'no paging target in this room');
  });
});
