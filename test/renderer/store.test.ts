/**
 * The renderer's store, actions, keybindings and web-host client, run in Node against the in-memory fake host
 * (no browser): what the operator's keys and the host's events do to the console's state.
 *
 * Long on purpose: one start-up of the fake host serves every describe; each describe is one feature of the store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { severityRank } from '../../shared/alert.ts';
import { menuEntries } from '../../shared/console-commands.ts';
import { createKeyDispatcher } from '../../renderer/commands/keybindings.ts';
import { COMMANDS, paletteCommands, runCommand } from '../../renderer/commands/registry.ts';
import { createWebHostClient, readTokenFromHash, type SocketLike } from '../../renderer/host/web-host-client.ts';
import { acknowledgeAlerts, openDetail, toggleMarkAtCursor } from '../../renderer/state/alert-actions.ts';
import { moveCursor } from '../../renderer/state/cursor-actions.ts';
import { showAllCustomers, switchCustomer, switchCustomerByIndex } from '../../renderer/state/customer-actions.ts';
import { selectCursorAlert, selectQueue } from '../../renderer/state/queue-selectors.ts';
import { startConsole } from '../../renderer/state/start-console.ts';
import { getState, resetConsoleStore } from '../../renderer/state/store.ts';
import { updateFilter } from '../../renderer/state/ui-actions.ts';
import type { ConnectionState } from '../../shared/host/connection.ts';
import { createFakeHost, type FakeHost } from './fake-host.ts';
import { startAcmeConsole } from './acme-console.ts';

const settle = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const press = (
  key: string,
  modifiers: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('console store with the fake host', () => {
  let fake: FakeHost;
  let stop: () => void;
  beforeEach(async () => {
    ({ fake, stop } = await startAcmeConsole());
  });
  afterEach(() => stop());

  it('starts on all customers in one queue, worst and newest first across them, with a customer column', async () => {
    resetConsoleStore();
    const fresh = createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z') });
    const stopFresh = await startConsole(fresh);
    try {
      const state = getState();
      assert.equal(state.allCustomers, true);
      const rows = [...selectQueue(state).rows];
      assert.deepEqual(
        new Set(rows.map((alert) => alert.customer)),
        new Set(['acme', 'globex', 'initech', 'umbrella', 'hooli']),
      );
      const ranks = rows.map((alert) => severityRank(alert.severity));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
        'worst first across customers',
      );
      // The room and page targets beside the queue are the cursor alert's customer's.
      assert.equal(state.activeCustomer, rows[0]?.customer);
      moveCursor(rows.findIndex((alert) => alert.customer !== rows[0]?.customer));
      await settle();
      assert.equal(getState().activeCustomer, selectCursorAlert(getState())?.customer);
      assert.ok(getState().roomByCustomer[getState().activeCustomer ?? ''] !== undefined, 'its room is loaded');
      // A stream change of one customer reaches the all-customers queue.
      fresh.raise('globex', {
        number: 99_001,
        severity: 'critical',
        summary: 'core router down',
        device: 'core9.globex.net',
      });
      assert.ok([...selectQueue(getState()).rows].some((alert) => alert.number === 99_001));
      // 1 goes to one customer, 0 back to all.
      await switchCustomer('acme');
      assert.equal(getState().allCustomers, false);
      assert.ok([...selectQueue(getState()).rows].every((alert) => alert.customer === 'acme'));
      await showAllCustomers();
      assert.equal(getState().allCustomers, true);
      assert.ok([...selectQueue(getState()).rows].some((alert) => alert.number === 99_001));
    } finally {
      stopFresh();
    }
  });

  it('shows a customer’s queue worst-first, then newest-first', () => {
    const state = getState();
    assert.equal(state.ready, true);
    assert.equal(state.activeCustomer, 'acme');
    const rows = [...selectQueue(state).rows];
    assert.deepEqual(
      rows.slice(0, 3).map((alert) => alert.number),
      [32981, 32977, 32962],
    );
    assert.ok(
      rows.every((alert) => alert.status !== 'resolved'),
      'resolved alerts are hidden by default',
    );
    assert.equal(state.connection?.status, 'live');
  });

  it('moves the cursor with j/k and stops at the ends', () => {
    moveCursor(-1);
    assert.equal(selectCursorAlert(getState())?.number, 32981);
    moveCursor(1);
    assert.equal(selectCursorAlert(getState())?.number, 32977);
    moveCursor(10_000);
    const rows = [...selectQueue(getState()).rows];
    assert.equal(selectCursorAlert(getState())?.number, rows[rows.length - 1]?.number);
  });

  it('acknowledges the alert under the cursor and keeps the cursor on it', async () => {
    moveCursor(1);
    assert.equal(await acknowledgeAlerts([32977]), true);
    assert.equal(getState().alertsByCustomer.acme?.get(32977)?.status, 'acknowledged');
    assert.equal(selectCursorAlert(getState())?.number, 32977);
    assert.equal(getState().toasts.at(-1)?.tone, 'done');
    await settle();
    assert.equal(getState().customers.find((customer) => customer.slug === 'acme')?.unacknowledged.critical, 1);
  });

  it('marks alerts with x and acknowledges them with one note, in one request', async () => {
    toggleMarkAtCursor();
    moveCursor(1);
    toggleMarkAtCursor();
    assert.deepEqual([...getState().marked], [32981, 32977]);
    runCommand('alert.acknowledge');
    const overlay = getState().overlay;
    assert.equal(overlay?.kind, 'bulk');
    assert.ok(overlay?.kind === 'bulk');
    await acknowledgeAlerts(overlay.numbers, 'INC-7');
    const call = fake.calls.find((entry) => entry.name === 'alerts.acknowledge');
    assert.deepEqual(call?.args, { numbers: [32981, 32977], note: 'INC-7' });
    assert.equal(getState().marked.size, 0);
  });

  it('shows actions queued offline until COSS confirms them', async () => {
    fake.setOutcome('queued');
    await acknowledgeAlerts([32981]);
    assert.deepEqual(getState().pending.get(32981), { action: 'acknowledge', via: 'queued' });
    assert.equal(getState().toasts.at(-1)?.tone, 'queued');
    const alert = getState().alertsByCustomer.acme?.get(32981);
    assert.ok(alert !== undefined);
    fake.emit('alerts.changed', {
      customer: 'acme',
      alerts: [{ ...alert, status: 'acknowledged', acknowledgedBy: 'NOC' }],
      removed: [],
    });
    assert.equal(getState().pending.has(32981), false);
  });

  it('filters by search and status', () => {
    updateFilter({ search: 'fisheye' });
    assert.deepEqual(
      [...selectQueue(getState()).rows].map((alert) => alert.device),
      ['fisheye.acme.com', 'fisheye.acme.com'],
    );
    updateFilter({ search: '', status: 'unacknowledged' });
    assert.ok([...selectQueue(getState()).rows].every((alert) => alert.status === 'open'));
    updateFilter({ status: 'all' });
    assert.ok([...selectQueue(getState()).rows].some((alert) => alert.status === 'resolved'));
  });

  it('switches customer by number and loads its room', async () => {
    switchCustomerByIndex(1);
    await settle();
    assert.equal(getState().activeCustomer, 'globex');
    assert.equal([...selectQueue(getState()).rows][0]?.number, 32901);
    assert.ok((getState().roomByCustomer.globex?.length ?? 0) > 0);
  });

  it('takes room lines from host events once each', async () => {
    const before = getState().roomByCustomer.acme?.length ?? 0;
    await fake.invoke('room.send', { customer: 'acme', body: 'looking at db01' });
    const lines = getState().roomByCustomer.acme ?? [];
    assert.equal(lines.length, before + 1);
    const last = lines.at(-1);
    assert.ok(last !== undefined);
    fake.emit('room.message', last);
    assert.equal(getState().roomByCustomer.acme?.length, before + 1);
  });

  it('follows connection changes and reloads when COSS comes back', async () => {
    fake.setConnection({ status: 'reconnecting', attempt: 2 });
    assert.equal(getState().connection?.attempt, 2);
    const loadsBefore = fake.calls.filter((entry) => entry.name === 'alerts.list').length;
    fake.setConnection({ status: 'live', attempt: 0 });
    await settle();
    assert.equal(fake.calls.filter((entry) => entry.name === 'alerts.list').length, loadsBefore + 1);
  });

  it('shows the alert a desktop notification was clicked for', async () => {
    fake.emit('alerts.focus', { customer: 'initech', number: 32921 });
    await settle(20);
    assert.equal(getState().activeCustomer, 'initech');
    assert.equal(getState().detailOpen, true);
    assert.equal(selectCursorAlert(getState())?.number, 32921);
    assert.ok(getState().details[32921] !== undefined);
  });

  it('opens the detail with its history', async () => {
    openDetail();
    await settle();
    assert.equal(getState().detailOpen, true);
    assert.ok((getState().details[32981]?.history.length ?? 0) > 0);
  });
});

describe('keybindings', () => {
  let stop: () => void;
  beforeEach(async () => {
    resetConsoleStore();
    stop = await startConsole(createFakeHost());
  });
  afterEach(() => stop());

  it('ignores keys typed into a field, except Esc which leaves it', () => {
    const keys = createKeyDispatcher();
    assert.equal(keys.handle(press('j'), { typing: true }, 0), false);
    assert.equal(getState().cursor, null, 'the cursor did not move');
    const serial = getState().focusRequest.serial;
    assert.equal(keys.handle(press('Escape'), { typing: true }, 0), true);
    assert.deepEqual(getState().focusRequest, { target: 'queue', serial: serial + 1 });
  });

  it('runs two-key sequences and single keys', () => {
    const keys = createKeyDispatcher();
    keys.handle(press('g'), { typing: false }, 0);
    keys.handle(press('r'), { typing: false }, 100);
    assert.equal(getState().focusRequest.target, 'room');
    keys.handle(press('j'), { typing: false }, 200);
    assert.equal(selectCursorAlert(getState())?.number, [...selectQueue(getState()).rows][1]?.number);
    keys.handle(press('k', { ctrlKey: true }), { typing: false }, 300);
    assert.equal(getState().overlay?.kind, 'palette');
  });

  it('runs held-key cursor moves at the next frame, together, and nothing else late', () => {
    const frame: (() => void)[] = [];
    const keys = createKeyDispatcher((work) => frame.push(work));
    const rows = [...selectQueue(getState()).rows];
    const at = () => selectCursorAlert(getState())?.number;
    keys.handle(press('j'), { typing: false }, 0);
    assert.equal(at(), rows[1]?.number, 'the first press moves at once');
    keys.handle({ ...press('j'), repeat: true }, { typing: false }, 30);
    keys.handle({ ...press('j'), repeat: true }, { typing: false }, 40);
    assert.equal(at(), rows[1]?.number, 'repeats wait for the frame');
    for (const work of frame.splice(0)) work();
    assert.equal(at(), rows[3]?.number, 'both repeats ran in that frame');
    // A dialog opened before the frame runs: the held move does not act behind it.
    keys.handle({ ...press('j'), repeat: true }, { typing: false }, 50);
    keys.handle(press('p'), { typing: false }, 55);
    for (const work of frame.splice(0)) work();
    assert.equal(at(), rows[3]?.number);
    assert.equal(getState().overlay?.kind, 'page');
    keys.handle(press('Escape'), { typing: false }, 60);
    // Other held keys are not deferred.
    keys.handle({ ...press('x'), repeat: true }, { typing: false }, 70);
    assert.equal(frame.length, 0);
    assert.equal(getState().marked.has(rows[3]?.number ?? -1), true);
  });

  it('keeps queue keys from acting behind an open dialog', () => {
    const keys = createKeyDispatcher();
    keys.handle(press('p'), { typing: false }, 0);
    assert.equal(getState().overlay?.kind, 'page');
    assert.equal(keys.handle(press('a'), { typing: false }, 10), false);
    keys.handle(press('Escape'), { typing: false }, 20);
    assert.equal(getState().overlay, null);
  });
});

describe('command registry', () => {
  it('gives every command a title and unique keys', () => {
    const seen = new Set<string>();
    for (const command of COMMANDS) {
      assert.ok(command.title.length > 0);
      for (const key of command.keys) {
        assert.ok(!seen.has(key), `key ${key} bound twice`);
        seen.add(key);
      }
    }
  });

  it('offers in the palette only the customers there are, by name', () => {
    const customers = [
      {
        slug: 'acme',
        name: 'Acme',
        number: 102,
        timeZone: 'UTC',
        unacknowledged: { clear: 0, debug: 0, info: 0, warning: 0, error: 0, critical: 0 },
        onCall: [],
      },
      {
        slug: 'globex',
        name: 'Globex',
        number: 103,
        timeZone: 'UTC',
        unacknowledged: { clear: 0, debug: 0, info: 0, warning: 0, error: 0, critical: 0 },
        onCall: [],
      },
    ];
    const switches = paletteCommands({ ...getState(), customers }).filter((command) =>
      command.id.startsWith('customer.switch.'),
    );
    assert.deepEqual(
      switches.map((command) => [command.title, command.keys[0]]),
      [
        ['Switch to Acme', '1'],
        ['Switch to Globex', '2'],
      ],
    );
    assert.ok(!paletteCommands(getState()).some((command) => command.id === 'app.palette'));
  });

  it('feeds the Electron menu, registering only chords so typing never triggers them', () => {
    const entries = menuEntries();
    assert.equal(entries.length, COMMANDS.length);
    const palette = entries.find((entry) => entry.id === 'app.palette');
    assert.deepEqual([palette?.accelerator, palette?.registerAccelerator], ['CmdOrCtrl+K', true]);
    const ack = entries.find((entry) => entry.id === 'alert.acknowledge');
    assert.deepEqual([ack?.accelerator, ack?.registerAccelerator], ['a', false]);
  });
});

describe('web-host client', () => {
  class FakeSocket implements SocketLike {
    readyState = 0;
    sent: string[] = [];
    listeners = new Map<string, ((event: { data?: unknown; code?: number }) => void)[]>();
    send(data: string): void {
      this.sent.push(data);
    }
    close(): void {}
    addEventListener(type: string, listener: (event: { data?: unknown; code?: number }) => void): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }
    fire(type: string, event: { data?: unknown; code?: number } = {}): void {
      if (type === 'open') this.readyState = 1;
      if (type === 'close') this.readyState = 3;
      for (const listener of this.listeners.get(type) ?? []) listener(event);
    }
  }

  const connection: ConnectionState = {
    status: 'live',
    attempt: 0,
    cossUrl: 'http://127.0.0.1:7400',
    local: true,
    lastSeq: 1,
    syncedAt: null,
    pendingActions: 0,
    lastError: null,
  };

  it('reads the token from the page hash', () => {
    assert.equal(readTokenFromHash('#token=abc123'), 'abc123');
    assert.equal(readTokenFromHash(''), null);
  });

  it('sends requests as frames, answers from response frames, and passes events on', async () => {
    const sockets: FakeSocket[] = [];
    const client = createWebHostClient({
      url: 'ws://127.0.0.1:1/host?token=t',
      createSocket: () => sockets[sockets.push(new FakeSocket()) - 1] as FakeSocket,
    });
    const socket = sockets[0];
    assert.ok(socket !== undefined);
    const answer = client.invoke('app.openExternal', { url: 'https://example.com/' });
    socket.fire('open');
    const frame = JSON.parse(socket.sent[0] ?? '{}') as { id: number; name: string; type: string };
    assert.equal(frame.type, 'request');
    assert.equal(frame.name, 'app.openExternal');
    socket.fire('message', {
      data: JSON.stringify({ type: 'response', id: frame.id, response: { ok: true, value: { opened: true } } }),
    });
    assert.deepEqual(await answer, { ok: true, value: { opened: true } });

    const seen: ConnectionState[] = [];
    client.on('connection.changed', (state) => seen.push(state));
    socket.fire('message', {
      data: JSON.stringify({ type: 'event', name: 'connection.changed', payload: connection }),
    });
    socket.fire('message', {
      data: JSON.stringify({ type: 'event', name: 'connection.changed', payload: { status: 'bogus' } }),
    });
    assert.equal(seen.length, 1, 'malformed payloads are dropped');
  });

  it('reports a dropped link as reconnecting with the attempt number, then reconnects', async () => {
    const sockets: FakeSocket[] = [];
    const timers: (() => void)[] = [];
    const client = createWebHostClient({
      url: 'ws://x/host',
      createSocket: () => sockets[sockets.push(new FakeSocket()) - 1] as FakeSocket,
      // Request timeouts (15 s) never fire here; reconnect backoffs run when the test says.
      setTimer: (fn, ms) => (ms >= 15_000 ? 0 : timers.push(fn)),
      clearTimer: () => {},
    });
    const seen: ConnectionState[] = [];
    client.on('connection.changed', (state) => seen.push(state));
    sockets[0]?.fire('open');
    sockets[0]?.fire('message', {
      data: JSON.stringify({ type: 'event', name: 'connection.changed', payload: connection }),
    });
    sockets[0]?.fire('close', { code: 1006 });
    assert.deepEqual([seen.at(-1)?.status, seen.at(-1)?.attempt, seen.at(-1)?.local], ['reconnecting', 1, true]);
    timers.shift()?.();
    assert.equal(sockets.length, 2, 'a new socket after the backoff');
    sockets[1]?.fire('open');
    const frame = JSON.parse(sockets[1]?.sent[0] ?? '{}') as { id: number; name: string };
    assert.equal(frame.name, 'session.get', 'asks where things stand after a gap');
    sockets[1]?.fire('message', {
      data: JSON.stringify({
        type: 'response',
        id: frame.id,
        response: { ok: true, value: { connection, user: null } },
      }),
    });
    await settle();
    assert.equal(seen.at(-1)?.status, 'live');
  });
});

describe('a first run, with no customers known at start-up', () => {
  afterEach(() => resetConsoleStore());

  it('opens the all-customers view when the customer list arrives', async () => {
    resetConsoleStore();
    const fake = createFakeHost({ now: Date.parse('2025-03-04T11:20:00Z') });
    let known = false;
    // The core's cache is empty until its first snapshot: customers.list answers none, then the list is announced.
    const host: typeof fake = {
      ...fake,
      invoke: (async (name: string, args: unknown) => {
        if (name === 'customers.list' && !known) return { ok: true, value: [] };
        return fake.invoke(name as never, args as never);
      }) as typeof fake.invoke,
    };
    const stop = await startConsole(host);
    try {
      assert.equal(getState().activeCustomer, null);
      known = true;
      const customers = await fake.invoke('customers.list', {});
      assert.ok(customers.ok);
      fake.emit('customers.changed', customers.value);
      await settle(20);
      assert.equal(getState().allCustomers, true);
      assert.ok(selectQueue(getState()).rows.length > 0);
    } finally {
      stop();
    }
  });
});
