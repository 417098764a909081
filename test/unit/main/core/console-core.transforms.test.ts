/**
 * Transforms through the console core, against a real COSS: a preview of one made from an alert counts the alerts it
 * would have matched; saved, the family's next event arrives suppressed and a page about it is held (409
 * `suppressed_by_transform`, the transform named) unless forced; listed; turned off, the next one does not;
 * a customer user lists but may not make one; while COSS is away making one is refused as unavailable.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import { familyOf } from '../../../../shared/noise-family.ts';
import {
  eventually,
  raise,
  startConsole,
  startRestartableCoss,
  type RestartableCoss,
  type TestConsole,
} from './support.ts';

const LINK = { component: 'eth0', eventClass: '/Net/Link', summary: 'link down', severity: 4 };

describe('console core: transforms', () => {
  let coss: RestartableCoss;
  let noc: TestConsole;
  let family = '';

  before(async () => {
    coss = await startRestartableCoss();
    for (const device of ['web01.acme.com', 'web02.acme.com']) await raise(coss, { device, ...LINK });
    await raise(coss, { device: 'db1.acme.com', component: 'disk', eventClass: '/Perf/FS', summary: 'disk full' });
    const target = await coss.request('POST', '/api/v1/paging-targets', coss.tokens.admin, {
      path: 'casc/int/systems',
      name: 'COSS oncall macro – Systems',
      routingKey: 'r0utingkey0000000000000000000000',
    });
    assert.equal(target.status, 201, JSON.stringify(target.body));
    noc = await startConsole(coss.url, coss.tokens.noc);
    await noc.waitForState((state) => state.status === 'live');
    await eventually(
      async () => (await noc.core.handlers['alerts.list']({ customer: 'acme' })).length >= 3,
      15_000,
      'alerts cached',
    );
    // The key the noise report and the editor use: COSS's stored family, by the shared rule.
    const web01 = (await noc.core.handlers['alerts.list']({ customer: 'acme' })).find(
      (alert) => alert.device === 'web01.acme.com',
    );
    assert.ok(web01 !== undefined);
    family = familyOf(web01);
  });
  after(async () => {
    await noc?.core.stop();
    await coss?.close();
  });

  const suppressedBy = async (number: number) => {
    let value: number | null | undefined;
    await eventually(async () => {
      value = (await noc.core.handlers['alerts.list']({ customer: 'acme' })).find(
        (alert) => alert.number === number,
      )?.suppressedBy;
      return value !== undefined;
    });
    return value ?? null;
  };

  test('preview, save, list, and turn off: new events of the family are suppressed while it is on', async () => {
    const input = {
      name: 'web link flaps',
      position: 100,
      enabled: true,
      match: { family },
      actions: [{ type: 'suppress' as const }],
    };
    const preview = await noc.core.handlers['transforms.preview']({
      customer: 'acme',
      transform: { ...input, days: 7 },
    });
    assert.deepEqual([preview.matched.alerts, preview.changes.suppress?.alerts], [2, 2]);

    const saved = await noc.core.handlers['transforms.create']({
      customer: 'acme',
      transform: { ...input, why: 'made in the console from alert 1' },
    });
    assert.equal(saved.enabled, true);
    const listed = await noc.core.handlers['transforms.list']({ customer: 'acme' });
    assert.deepEqual(
      listed.map((transform) => transform.name),
      ['web link flaps'],
    );
    const web03 = await raise(coss, { device: 'web03.acme.com', ...LINK });
    assert.equal(await suppressedBy(web03), saved.id);

    // Paging it is held as COSS holds it, the transform named for the dialog; forced, it goes.
    const page = { customer: 'acme', target: 'casc/int/systems', number: web03, priority: 'normal', message: '' };
    const held = await dispatchHostRequest(noc.core.handlers, 'page.send', page);
    assert.deepEqual(held.ok ? null : [held.error.code, held.error.hold?.transform], [
      'suppressed_by_transform',
      { id: saved.id, name: 'web link flaps' },
    ]);
    const forced = await dispatchHostRequest(noc.core.handlers, 'page.send', { ...page, force: true });
    assert.equal(forced.ok, true, JSON.stringify(forced));

    const off = await noc.core.handlers['transforms.setEnabled']({
      customer: 'acme',
      id: saved.id,
      enabled: false,
      why: 'disabled from the console',
    });
    assert.deepEqual([off.enabled, off.version], [false, 2]);
    assert.equal(await suppressedBy(await raise(coss, { device: 'web04.acme.com', ...LINK })), null);
  });

  test('a bad summary pattern is refused naming the field', async () => {
    const refused = await dispatchHostRequest(noc.core.handlers, 'transforms.create', {
      customer: 'acme',
      transform: { name: 'bad', match: { summary: '(' }, actions: [{ type: 'suppress' }] },
    });
    assert.equal(refused.ok ? null : refused.error.code, 'invalid_arguments');
    assert.match(refused.ok ? '' : `${refused.error.field ?? ''} ${refused.error.message}`, /summary/);
  });

  test('a customer user lists the transforms but may not make one', async () => {
    const fred = await startConsole(coss.url, coss.tokens.fred);
    try {
      await fred.waitForState((state) => state.status === 'live');
      const listed = await dispatchHostRequest(fred.core.handlers, 'transforms.list', { customer: 'acme' });
      assert.equal(listed.ok, true, JSON.stringify(listed));
      const made = await dispatchHostRequest(fred.core.handlers, 'transforms.create', {
        customer: 'acme',
        transform: { name: 'mine', match: { device: 'x*' }, actions: [{ type: 'suppress' }] },
      });
      assert.equal(made.ok ? null : made.error.code, 'forbidden');
    } finally {
      await fred.core.stop();
    }
  });

  test('while COSS is away, making one is refused as unavailable', async () => {
    await coss.stop();
    await noc.waitForState((state) => state.status !== 'live');
    const made = await dispatchHostRequest(noc.core.handlers, 'transforms.create', {
      customer: 'acme',
      transform: { name: 'later', match: { device: 'x*' }, actions: [{ type: 'suppress' }] },
    });
    assert.equal(made.ok ? null : made.error.code, 'unavailable');
    assert.equal(noc.core.outbox.pending.length, 0);
    await coss.restart();
  });
});
