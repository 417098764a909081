/**
 * Waits until a JavaScript expression is truthy in the page. Playwright's `waitForFunction` compiles its predicate
 * with eval inside the page, which the web host's CSP (no 'unsafe-eval') refuses; `page.evaluate` goes through
 * the DevTools protocol, which CSP does not govern.
 */
import type { Page } from 'playwright-core';
import { sleep } from './stats.ts';

export async function waitInPage(page: Page, expression: string, timeoutMs = 30_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(`Boolean(${expression})`)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await sleep(pollMs);
  }
}
