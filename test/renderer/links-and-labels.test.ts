/**
 * Addresses in notes are links, and what Prometheus sent (labels, the runbook_url annotation, the generator URL)
 * is in the detail: keyboard only, in Chromium, with the fake host.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const NOW = Date.parse('2025-03-04T11:20:00Z');
const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('links and Prometheus details in the alert', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('shows labels, the runbook and the source as links, and links bare addresses in notes and operator notes', async () => {
    const { page, context, errors } = await harness.openConsole({ now: NOW });
    await page.keyboard.press('/');
    await page.keyboard.type('postfix');
    await page.waitForSelector('.arow[data-number="32940"]');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const detail = page.locator('.detail[data-number="32940"]');
    await detail.waitFor();

    const hrefs = async (selector: string) =>
      detail.locator(selector).evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    assert.deepEqual(await hrefs('.facts a'), [
      'https://wiki.acme.example/runbooks/mail-queue',
      'https://prometheus.acme.example/graph?g0.expr=postfix_showq_message_size_bytes_count',
    ]);
    assert.deepEqual(await detail.locator('.label-chip').allInnerTexts(), [
      'alertname=MailQueueHigh',
      'job=postfix',
      'instance=mail.acme.com:9154',
      'severity=error',
    ]);
    assert.deepEqual(await hrefs('.annotations a'), ['https://grafana.acme.example/d/postfix']);
    // The sentence's full stop stays out of the tier note's link.
    await detail.locator('.markdown a').first().waitFor();
    assert.deepEqual(await hrefs('.markdown a'), ['https://wiki.acme.example/mail-queue']);

    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.keyboard.type('Spam run from a relay, see https://tickets.acme.example/4821 (blocked).');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await detail.locator('.comment-body a').waitFor();
    assert.deepEqual(await hrefs('.comment-body a'), ['https://tickets.acme.example/4821']);
    assert.equal(
      await detail.locator('.comment-body').last().innerText(),
      'Spam run from a relay, see https://tickets.acme.example/4821 (blocked).',
    );
    await page.screenshot({ path: `${ARTIFACTS}links-and-labels.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
