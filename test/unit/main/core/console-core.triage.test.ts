/**
 * Triage sessions through the console core, against a real COSS: started over the customer's unclassified families,
 * a noise decision previewed then made (the family's new events are suppressed), an actionable one with notes, the
 * end posting the summary in the room; a customer user reads but may not start one; while COSS is away each request
 * is refused as unavailable and nothing is kept to send later.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

const LINK = { component: 'eth0', eventClass: '/Net/Link', summary: 'link down', severity: 4 };
const DISK = { device: 'db1.acme.com', component: 'disk', eventClass: '/Perf/FS', summary: 'disk 95% full' };

describe('console core: triage sessions', () => {
  let coss: RestartableCoss;
  let noc: TestConsole;

  before(async () => {
    coss = await startRestartableCoss();
    for (const device of ['web01.acme.com', 'web02.acme.com', 'web01.acme.com']) {
      await raise(coss, { device, ...LINK });
      await raise(coss, { device, ...LINK, summary: 'link up', severity: 0 });
    }
    await raise(coss, DISK);
    noc = await startConsole(coss.url, coss.tokens.noc);
    await noc.waitForState((state) => state.status === 'live');
  });
  after(async () => {
    await noc?.core.stop();
    await coss?.close();
  });

  test('start, preview, noise, actionable, end: the decisions take effect and the summary is in the room', async () => {
    const none = await noc.core.handlers['triage.current']({ customer: 'acme' });
    assert.equal(none.open, null);
    const session = await noc.core.handlers['triage.start']({ customer: 'acme' });
    assert.equal(session.items.length, 2, JSON.stringify(session.items));
    const link = session.items.find((item) => item.label.includes('Link'));
    const disk = session.items.find((item) => item.label.includes('FS'));
    assert.ok(link !== undefined && disk !== undefined);

    const all = await noc.core.handlers['triage.preview']({
      customer: 'acme',
      id: session.id,
      position: link.position,
    });
    assert.equal(all.alerts, 3);
    const one = await noc.core.handlers['triage.preview']({
      customer: 'acme',
      id: session.id,
      position: link.position,
      devices: ['web02.acme.com'],
    });
    assert.equal(one.alerts, 1);

    const noised = await noc.core.handlers['triage.decide']({
      customer: 'acme',
      id: session.id,
      position: link.position,
      decision: { decision: 'noise' },
    });
    assert.equal(noised.items.find((item) => item.position === link.position)?.decision, 'noise');
    const again = await dispatchHostRequest(noc.core.handlers, 'triage.decide', {
      customer: 'acme',
      id: session.id,
      position: link.position,
      decision: { decision: 'skip' },
    });
    assert.equal(again.ok ? null : again.error.code, 'conflict', 'a family is decided once');

    await noc.core.handlers['triage.decide']({
      customer: 'acme',
      id: session.id,
      position: disk.position,
      decision: { decision: 'actionable', tierNotes: 'Tier 1: grow the volume', deviceNotes: '' },
    });
    const ended = await noc.core.handlers['triage.end']({ customer: 'acme', id: session.id });
    assert.ok(ended.endedAt !== null && ended.summary !== null);
    await eventually(
      async () =>
        (await noc.core.handlers['room.list']({ customer: 'acme' })).some((line) =>
          line.body.includes(`#${session.id}`),
        ),
      15_000,
      'the summary in the room',
    );

    // A new flap of the link is suppressed: it reaches the console with suppressedBy, out of the default queue.
    const number = await raise(coss, { device: 'web03.acme.com', ...LINK });
    await eventually(
      async () =>
        ((await noc.core.handlers['alerts.list']({ customer: 'acme' })).find((alert) => alert.number === number)
          ?.suppressedBy ?? null) !== null,
      15_000,
      'the new link alert suppressed',
    );
  });

  test('a customer user reads sessions but may not start one', async () => {
    const fred = await startConsole(coss.url, coss.tokens.fred);
    try {
      await fred.waitForState((state) => state.status === 'live');
      const read = await dispatchHostRequest(fred.core.handlers, 'triage.current', { customer: 'acme' });
      assert.equal(read.ok, true, JSON.stringify(read));
      const start = await dispatchHostRequest(fred.core.handlers, 'triage.start', { customer: 'acme' });
      assert.equal(start.ok ? null : start.error.code, 'forbidden');
    } finally {
      await fred.core.stop();
    }
  });

  test('while COSS is away, starting is refused as unavailable and nothing waits to be sent', async () => {
    await coss.stop();
    await noc.waitForState((state) => state.status !== 'live');
    const start = await dispatchHostRequest(noc.core.handlers, 'triage.start', { customer: 'acme' });
    assert.equal(start.ok ? null : start.error.code, 'unavailable');
    assert.match(start.ok ? '' : start.error.message, /needs COSS live/);
    assert.equal(noc.core.outbox.pending.length, 0);
    await coss.restart();
  });
});
