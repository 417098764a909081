import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HostFailure, dispatchHostRequest } from '../../../../main/core/host-dispatch.ts';
import { CossError } from '../../../../main/core/coss-client.ts';
import type { HostHandlers } from '../../../../shared/host/contract.ts';

function handlers(overrides: Partial<HostHandlers>): HostHandlers {
  return new Proxy(overrides as HostHandlers, {
    get: (target, name: string) =>
      target[name as keyof HostHandlers] ?? (async () => assert.fail(`${name} should not be called`)),
  });
}

describe('host dispatch', () => {
  test('valid arguments reach the handler and the value comes back', async () => {
    const answer = await dispatchHostRequest(
      handlers({ 'alerts.list': async ({ customer }) => (customer === 'acme' ? [] : assert.fail()) }),
      'alerts.list',
      { customer: 'acme' },
    );
    assert.deepEqual(answer, { ok: true, value: [] });
  });

  test('invalid arguments are answered as data naming the field, without calling the handler', async () => {
    const answer = await dispatchHostRequest(handlers({}), 'alerts.acknowledge', { numbers: [] });
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'invalid_arguments');
    assert.match(!answer.ok ? answer.error.message : '', /alerts\.acknowledge: numbers/);
    const wrongType = await dispatchHostRequest(handlers({}), 'page.send', {
      customer: 'acme',
      target: 'casc/int/systems',
      number: 'x',
      priority: 'normal',
      message: '',
    });
    assert.match(!wrongType.ok ? wrongType.error.message : '', /number/);
  });

  test('an unknown channel is refused as data', async () => {
    const answer = await dispatchHostRequest(handlers({}), 'shell.exec', {});
    assert.deepEqual(answer, {
      ok: false,
      error: { code: 'unknown_channel', message: 'There is no request channel "shell.exec".' },
    });
  });

  test('handler failures become HostErrors: operator failures, COSS errors and surprises', async () => {
    const failing = handlers({
      'customers.list': async () => {
        throw new HostFailure('not_found', 'There is no customer "x".');
      },
      'session.get': async () => {
        throw new CossError('unavailable', 'COSS could not be reached', null, true);
      },
      'settings.get': async () => {
        throw new TypeError('boom');
      },
    });
    assert.deepEqual(await dispatchHostRequest(failing, 'customers.list', {}), {
      ok: false,
      error: { code: 'not_found', message: 'There is no customer "x".' },
    });
    assert.deepEqual(await dispatchHostRequest(failing, 'session.get', {}), {
      ok: false,
      error: { code: 'unavailable', message: 'COSS could not be reached' },
    });
    const surprise = await dispatchHostRequest(failing, 'settings.get', undefined);
    assert.equal(!surprise.ok && surprise.error.code, 'internal');
  });
});
