/**
 * Grouping the queue by device or event class (v d, v e, v n): a header per group with its counts, collapse and
 * expand from the keyboard (← →, Enter, - and =), x on a header marks the group, and alert keys on a header say why
 * they do nothing. Store tests on the fake host, then the same in Chromium with screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createKeyDispatcher, type KeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { resolveAlerts } from '../../renderer/state/alert-actions.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import {
  groupRows,
  selectCursorGroup,
  selectCursorRow,
  selectQueueLayout,
  type QueueLayout,
} from '../../renderer/state/queue-groups.ts';
import { selectCursorAlert, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { getState } from '../../renderer/state/store.ts';
import type { AlertView } from '../../shared/host/contract.ts';
import { startAcmeConsole } from './acme-console.ts';
import { type FakeHost } from './fake-host.ts';
import { chromiumAvailable, startHarness, type Harness } from './renderer-harness.ts';

const NOW = Date.parse('2025-03-04T11:20:00Z');
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const press = (key: string) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false });

/** What the list shows, as text: "# device (n)" for headers, the event number for alerts. */
function shown(layout: QueueLayout): string[] {
  const lines: string[] = [];
  for (let index = 0; index < layout.rowCount; index++) {
    const entry = layout.entryAt(index);
    if (entry?.kind === 'group')
      lines.push(
        `# ${entry.group.value} (${entry.group.alerts.length}: ${entry.group.severities.join(' ')}, ${entry.group.unacknowledged} open)`,
      );
    else if (entry !== undefined) lines.push(String(entry.alert.number));
  }
  return lines;
}

describe('grouping the queue', () => {
  let fake: FakeHost;
  let stop: () => void;
  let keys: KeyDispatcher;
  let clock: number;
  const type = (...sequence: string[]) => {
    for (const key of sequence) keys.handle(press(key), { typing: false }, (clock += 10));
  };
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
    keys = createKeyDispatcher();
    clock = 0;
  });
  afterEach(() => stop());

  it('v d puts each device under a header with its counts, groups in the order of their worst alert', () => {
    moveCursor(3);
    const chosen = selectCursorAlert(getState())?.number;
    const rows = [...selectQueue(getState()).rows];
    type('v', 'd');
    const layout = selectQueueLayout(getState());
    assert.equal(layout.grouping, 'device');
    // Every alert once, under the header of its device; groups ordered by their first alert in the queue order.
    const devices = [...new Set(rows.map((alert) => alert.device))];
    assert.deepEqual(
      layout.groups.map((group) => group.value),
      devices,
    );
    assert.equal(layout.rowCount, rows.length + devices.length);
    for (const group of layout.groups) {
      const header = layout.indexOfGroup(group.key) as number;
      group.alerts.forEach((alert, offset) => {
        assert.equal(alert.device, group.value);
        assert.equal(layout.indexOfAlert(alert.number), header + 1 + offset);
      });
      assert.equal(
        group.severities.reduce((sum, [, count]) => sum + count, 0),
        group.alerts.length,
      );
      assert.equal(group.unacknowledged, group.alerts.filter((alert) => alert.status === 'open').length);
    }
    const fisheye = layout.groups.find((group) => group.value === 'fisheye.acme.com');
    assert.deepEqual(fisheye?.severities, [
      ['critical', 1],
      ['info', 1],
    ]);
    assert.equal(selectCursorAlert(getState())?.number, chosen, 'the cursor stays on the alert it was on');
    assert.match(getState().toasts.at(-1)?.message ?? '', /Grouped by device/);
  });

  it('← folds the cursor alert’s group onto its header; alert keys there say why they do nothing; → and Enter unfold', () => {
    type('v', 'd');
    // fisheye has two alerts (a critical and an info).
    while (selectCursorAlert(getState())?.device !== 'fisheye.acme.com') type('j');
    const alert = selectCursorAlert(getState()) as AlertView;
    const group = selectQueueLayout(getState()).groupOf(alert.number);
    assert.ok(group !== undefined);
    type('h');
    assert.equal(selectCursorGroup(getState())?.key, group.key, 'the cursor is on the header');
    assert.equal(selectCursorAlert(getState()), null, 'no alert is under the cursor');
    assert.equal(selectQueueLayout(getState()).indexOfAlert(alert.number), undefined, 'its alerts are folded away');
    const calls = fake.calls.length;
    type('a');
    assert.equal(fake.calls.length, calls, 'a on a header sends nothing');
    assert.match(getState().toasts.at(-1)?.message ?? '', /Not done: the cursor is on the group .* not an alert/);
    type('n');
    assert.equal(getState().overlay, null, 'n on a header opens no note dialog');
    type('l');
    assert.equal(selectQueueLayout(getState()).indexOfAlert(alert.number) !== undefined, true, '→ unfolds');
    assert.equal(selectCursorGroup(getState())?.key, group.key, 'the cursor stays on the header');
    type('Enter');
    assert.equal(selectQueueLayout(getState()).indexOfAlert(alert.number), undefined, 'Enter folds again');
    type('Enter');
    type('j');
    assert.equal(
      selectCursorAlert(getState())?.number,
      group.alerts[0]?.number,
      'j from the header goes to its first alert',
    );
  });

  it('x on a header marks the group’s alerts and a then acknowledges them together', () => {
    // The cursor stays on the top alert; k goes to its header, the device with the worst, newest alert.
    type('v', 'd');
    assert.equal(selectCursorRow(getState()), 1);
    type('k');
    assert.equal(selectCursorRow(getState()), 0);
    const group = selectCursorGroup(getState());
    assert.ok(group !== null);
    type('x');
    assert.deepEqual([...getState().marked].sort(), group.alerts.map((alert) => alert.number).sort());
    type('a');
    const overlay = getState().overlay;
    assert.equal(overlay?.kind, 'bulk');
    assert.deepEqual(
      overlay?.kind === 'bulk' ? [...overlay.numbers].sort() : [],
      group.alerts.map((alert) => alert.number).sort(),
    );
    type('Escape', 'x');
    assert.equal(getState().marked.size, 0, 'x again unmarks them');
  });

  it('- folds every group, = unfolds them; v e groups by event class and v n goes back to one flat queue', () => {
    type('v', 'd', 'j', 'j');
    const alert = selectCursorAlert(getState()) as AlertView;
    type('-');
    const folded = selectQueueLayout(getState());
    assert.equal(folded.rowCount, folded.groups.length, 'only headers');
    assert.equal(
      selectCursorGroup(getState())?.key,
      folded.groupOf(alert.number)?.key,
      'the cursor is on its alert’s header',
    );
    type('=');
    assert.equal(selectQueueLayout(getState()).rowCount, folded.groups.length + selectQueue(getState()).rows.length);
    type('v', 'e');
    const byClass = selectQueueLayout(getState());
    assert.equal(byClass.grouping, 'eventClass');
    assert.ok(byClass.groups.some((group) => group.value === '/Status/DNS'));
    for (const group of byClass.groups) for (const each of group.alerts) assert.equal(each.eventClass, group.value);
    type('v', 'n');
    assert.equal(selectQueueLayout(getState()).grouping, 'none');
    assert.equal(selectQueueLayout(getState()).rowCount, selectQueue(getState()).rows.length);
  });

  it('live alerts join their group and its counts; a new worst device takes the top; a header whose alerts all leave gives way', async () => {
    type('v', 'd');
    fake.raise('acme', { number: 99_001, severity: 'warning', summary: 'second on lb2', device: 'lb2.acme.com' });
    const lb2 = selectQueueLayout(getState()).groups.find((group) => group.value === 'lb2.acme.com');
    assert.equal(lb2?.alerts.length, 2);
    assert.deepEqual(lb2?.severities, [
      ['error', 1],
      ['warning', 1],
    ]);
    fake.raise('acme', { number: 99_002, severity: 'critical', summary: 'brand new', device: 'aaa-new.acme.com' });
    assert.equal(
      selectQueueLayout(getState()).groups[0]?.value,
      'aaa-new.acme.com',
      'the newest critical’s device is on top',
    );
    // The cursor on the backup server's header, whose one alert is then resolved elsewhere.
    const backup = selectQueueLayout(getState()).groups.find((group) => group.value === 'backup.acme.com');
    assert.ok(backup !== undefined);
    while (selectCursorGroup(getState())?.key !== backup.key) type('j');
    const at = selectCursorRow(getState());
    await resolveAlerts(backup.alerts.map((alert) => alert.number));
    assert.equal(selectQueueLayout(getState()).indexOfGroup(backup.key), undefined, 'the group is gone');
    assert.equal(selectCursorRow(getState()), at, 'the cursor stays on the row where the header was');
    const landed = selectQueueLayout(getState()).entryAt(at);
    if (landed?.kind === 'alert') {
      const calls = fake.calls.length;
      type('a');
      assert.equal(fake.calls.length, calls, 'a key just after landing on an alert waits');
      assert.match(getState().toasts.at(-1)?.message ?? '', /group under the cursor emptied/);
    } else assert.equal(landed?.kind, 'group');
  });

  it('a grouped queue patched by 300 random stream changes lays out exactly as one built from scratch', () => {
    type('v', 'd', '-');
    type('=');
    const devices = ['lb2.acme.com', 'x7.acme.com', 'web03.acme.com', 'new-a.acme.com', 'new-b.acme.com'];
    const severities = ['critical', 'error', 'warning', 'info'] as const;
    const statuses = ['open', 'acknowledged', 'resolved'] as const;
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const numbers: number[] = [];
    for (let step = 0; step < 300; step++) {
      const queue = selectQueue(getState());
      const existing = queue.rows.get(random(Math.max(1, queue.rows.length)));
      const roll = random(10);
      if (roll < 4 || existing === undefined) {
        const number = 98_000 + step;
        numbers.push(number);
        fake.raise('acme', {
          number,
          severity: severities[random(4)] ?? 'info',
          summary: `step ${step}`,
          device: devices[random(devices.length)] ?? 'x',
        });
      } else if (roll < 8) {
        fake.emit('alerts.changed', {
          customer: existing.customer,
          alerts: [
            {
              ...existing,
              severity: severities[random(4)] ?? 'info',
              status: statuses[random(3)] ?? 'open',
              count: existing.count + 1,
            },
          ],
          removed: [],
        });
      } else fake.emit('alerts.changed', { customer: existing.customer, alerts: [], removed: [existing.number] });
      if (step % 50 === 0) type(step % 100 === 0 ? '-' : '=');
      const state = getState();
      const queue2 = selectQueue(state);
      const patched = selectQueueLayout(state);
      const byNumber = new Map([...queue2.rows].map((alert) => [alert.number, alert]));
      const built = groupRows(
        queue2.rows,
        'device',
        state.collapsed,
        (a, b) => queue2.indexOf(a.number)! - queue2.indexOf(b.number)!,
        (number) => byNumber.get(number),
      );
      assert.deepEqual(shown(patched), shown(built), `after step ${step}`);
      for (const group of built.groups) assert.equal(patched.indexOfGroup(group.key), built.indexOfGroup(group.key));
      for (const alert of queue2.rows)
        assert.equal(patched.indexOfAlert(alert.number), built.indexOfAlert(alert.number));
    }
  });

  it('groupRows keeps the sort order inside groups and keys groups per customer', () => {
    const alert = (number: number, customer: string, device: string): AlertView =>
      ({ number, customer, device, eventClass: '/X', severity: 'warning', status: 'open' }) as AlertView;
    const rows = [alert(3, 'a', 'db'), alert(2, 'b', 'db'), alert(1, 'a', 'db')];
    const byNumber = new Map(rows.map((each) => [each.number, each]));
    // Sorted by number, descending: the order the rows are in.
    const layout = groupRows(
      rows,
      'device',
      new Set(),
      (x, y) => y.number - x.number,
      (number) => byNumber.get(number),
    );
    assert.deepEqual(shown(layout), ['# db (2: warning,2, 2 open)', '3', '1', '# db (1: warning,1, 1 open)', '2']);
    assert.equal(layout.indexOfAlert(1), 2);
    assert.equal(layout.indexOfAlert(2), 4);
    assert.equal(layout.groupOf(2)?.customer, 'b');
    const folded = groupRows(
      rows,
      'device',
      new Set([layout.groups[0]?.key ?? '']),
      (x, y) => y.number - x.number,
      (number) => byNumber.get(number),
    );
    assert.deepEqual(shown(folded), ['# db (2: warning,2, 2 open)', '# db (1: warning,1, 1 open)', '2']);
    assert.equal(folded.indexOfAlert(3), undefined, 'folded away');
    assert.equal(folded.indexOfAlert(2), 2);
    assert.deepEqual(
      layout.groups.map((group) => group.customer),
      ['a', 'b'],
    );
  });
});

const skip = chromiumAvailable() ? false : 'Chromium is not installed at /usr/bin/chromium';

describe('grouping in Chromium', { skip }, () => {
  let harness: Harness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness();
  });
  after(async () => harness?.close());

  it('v d shows headers with counts in the all-customers queue; - folds them all, → unfolds one, keyboard only', async () => {
    const { page, context, errors } = await harness.openConsole(
      { now: NOW, view: 'all-customers' },
      { width: 1280, height: 720 },
    );
    await page.keyboard.press('v');
    await page.keyboard.press('d');
    await page.locator('.toolbar-grouping').waitFor();
    const headers = page.locator('.grow');
    assert.ok((await headers.count()) > 3);
    const first = await page.evaluate<string[]>(
      `(() => { const rows = [...document.querySelectorAll('.vrow > *')].sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset'))); return rows.slice(0, 3).map((row) => row.className.split(' ')[0] + ':' + (row.getAttribute('data-group') ?? row.getAttribute('data-number'))); })()`,
    );
    assert.match(first[0] ?? '', /^grow:/, 'the list starts with a header');
    assert.match(first[1] ?? '', /^arow:/, 'its alerts follow it');
    assert.match(await page.locator('.grow').first().innerText(), /alert/);
    await page.screenshot({ path: `${ARTIFACTS}queue-grouped-by-device-1280x720.png` });
    await page.keyboard.press('-');
    await page.waitForFunction(`document.querySelectorAll('.arow').length === 0`);
    assert.equal(await page.locator('.grow[aria-expanded="false"]').count(), await page.locator('.grow').count());
    await page.keyboard.press('ArrowRight');
    await page.locator('.grow[aria-expanded="true"]').first().waitFor();
    assert.ok((await page.locator('.arow').count()) > 0, '→ shows the group’s alerts');
    await page.screenshot({ path: `${ARTIFACTS}queue-grouped-folded-1280x720.png` });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
