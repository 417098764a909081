/**
 * The layout from a 1280×720 laptop to a 2560×1440 wallboard, with thousands of alerts: every queue column shows
 * whole within the queue, headers are never cut, and a customer's name is never hidden by its counts. Screenshots
 * of both sizes go to test-artifacts/ for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

interface Measured {
  queueRight: number;
  headers: Array<{ text: string; cut: boolean; right: number }>;
  names: Array<{ text: string; cut: boolean }>;
}

// A string, not a function: the test runner's transpiler adds helpers to functions that the page does not have.
const MEASURE = `(() => {
  const cut = (element) => element.scrollWidth > element.clientWidth + 1;
  return {
    queueRight: document.querySelector('.queue').getBoundingClientRect().right,
    headers: [...document.querySelectorAll('.queue-head > span')].filter((cell) => cell.textContent !== '')
      .map((cell) => ({ text: cell.textContent, cut: cut(cell), right: cell.getBoundingClientRect().right })),
    names: [...document.querySelectorAll('.customer-name')].map((name) => ({ text: name.textContent, cut: cut(name) })),
  };
})()`;

describe('layout from 1280×720 to 2560×1440', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  for (const [width, height] of [
    [1280, 720],
    [2560, 1440],
  ] as const) {
    it(`shows every column and every customer name whole at ${width}×${height} with 5,000 alerts`, async () => {
      const { page, context, errors } = await harness.openConsole({ now: NOW, bulkAlerts: 5000 }, { width, height });
      await page.screenshot({ path: `${ARTIFACTS}layout-${width}x${height}.png` });
      const measured = await page.evaluate<Measured>(MEASURE);
      assert.deepEqual(
        measured.headers.filter((header) => header.cut).map((header) => header.text),
        [],
        'no header is cut',
      );
      for (const header of measured.headers)
        assert.ok(header.right <= measured.queueRight + 1, `${header.text} lies inside the queue`);
      assert.deepEqual(
        ['Notes', 'PagerDuty'].filter((text) => !measured.headers.some((header) => header.text === text)),
        [],
      );
      assert.deepEqual(
        measured.names.filter((name) => name.cut).map((name) => name.text),
        [],
        'no customer name is hidden by its counts',
      );
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
