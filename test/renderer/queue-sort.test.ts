/**
 * Sorting the queue by any column from the keyboard (s, then a letter; again reverses) and by a header click, with
 * the cursor staying on its alert and live changes landing in their sorted place.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createKeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import { selectCursorAlert, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { getState } from '../../renderer/state/store.ts';
import { type FakeHost } from './fake-host.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';
import { startAcmeConsole } from './acme-console.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const press = (key: string) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false });
const devices = (): string[] => [...selectQueue(getState()).rows].map((alert) => alert.device);
const sortedCopy = (values: readonly string[]): string[] =>
  [...values].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));

describe('sorting the queue by a column', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('s d sorts by device, s d again reverses it, s s goes back to the queue order; the cursor keeps its alert', () => {
    const keys = createKeyDispatcher();
    moveCursor(2);
    const chosen = selectCursorAlert(getState())?.number;
    const queueOrder = [...selectQueue(getState()).rows].map((alert) => alert.number);
    keys.handle(press('s'), { typing: false }, 0);
    keys.handle(press('d'), { typing: false }, 10);
    // Acme's devices repeat (two alerts on fisheye, on x7…): the names' order is what is compared.
    const ascending = devices();
    assert.deepEqual(ascending, sortedCopy(ascending));
    assert.equal(selectCursorAlert(getState())?.number, chosen, 'the cursor stays on its alert');
    keys.handle(press('s'), { typing: false }, 20);
    keys.handle(press('d'), { typing: false }, 30);
    const descending = devices();
    assert.deepEqual(descending, sortedCopy(descending).reverse(), 'reversed');
    keys.handle(press('s'), { typing: false }, 40);
    keys.handle(press('s'), { typing: false }, 50);
    assert.deepEqual(
      [...selectQueue(getState()).rows].map((alert) => alert.number),
      queueOrder,
    );
  });

  it('a live alert lands in its sorted place', () => {
    const keys = createKeyDispatcher();
    keys.handle(press('s'), { typing: false }, 0);
    keys.handle(press('d'), { typing: false }, 10);
    fake.raise('acme', { number: 99_100, severity: 'info', summary: 'new', device: 'aaa-first.acme.com' });
    assert.equal([...selectQueue(getState()).rows][0]?.number, 99_100);
  });
});

const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('sorting in Chromium', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('keys sort by count with an arrow on its header, and a header click sorts by age', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('s');
    await page.keyboard.press('#');
    await page.locator('.queue-head .c-count[data-sorted="ascending"]').waitFor();
    // Rows keep a fixed DOM order and are placed by transform: read them in their shown order (aria-posinset).
    const shown = await page.evaluate<Array<[number, string]>>(
      `[...document.querySelectorAll('.arow')].map((row) => [Number(row.getAttribute('aria-posinset')), row.querySelector('.c-count').textContent])`,
    );
    const counts = shown.sort((a, b) => a[0] - b[0]).map(([, text]) => Number(text.replace('×', '') || '1'));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => a - b),
    );
    await page.screenshot({ path: `${ARTIFACTS}queue-sorted-by-count.png` });
    await page.locator('.queue-head .c-age').click();
    await page.locator('.queue-head .c-age[data-sorted="ascending"]').waitFor();
    assert.equal(await page.locator('.queue-head .c-age').innerText(), 'AGE ▲');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
