/**
 * The embedded-COSS child as Electron runs it: over `process.parentPort`, here a fake with the same shape (messages
 * wrapped in `{ data }`, replies through postMessage), running COSS on PGlite in this process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveEmbeddedCoss } from '../../../../../main/core/embedded-coss/child.ts';
import {
  ChildMessageSchema,
  EMBEDDED_COSS_PROTOCOL,
  parentPortChannel,
  type ChildMessage,
  type ParentPortLike,
} from '../../../../../main/core/embedded-coss/protocol.ts';
import { tempDir } from '../support.ts';

/** A stand-in for Electron's ParentPort: `deliver` is the parent's postMessage, `received` what the child posted. */
function fakeParentPort(): ParentPortLike & {
  deliver(message: unknown): void;
  received: ChildMessage[];
  next(type: ChildMessage['type']): Promise<ChildMessage>;
  listeners(): number;
} {
  const events = new EventEmitter();
  const received: ChildMessage[] = [];
  const posted = new EventEmitter();
  return {
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    postMessage(message) {
      // What crosses the port must be plain data the parent's schema accepts.
      const parsed = ChildMessageSchema.parse(structuredClone(message));
      received.push(parsed);
      posted.emit('message', parsed);
    },
    deliver: (data) => events.emit('message', { data, ports: [] }),
    received,
    next: (type) =>
      new Promise((resolve) => {
        const seen = received.find((message) => message.type === type);
        if (seen) return resolve(seen);
        const listener = (message: ChildMessage) => {
          if (message.type !== type) return;
          posted.off('message', listener);
          resolve(message);
        };
        posted.on('message', listener);
      }),
    listeners: () => events.listenerCount('message'),
  };
}

test(
  'over a parentPort the child says hello, starts COSS with the samples on start, answers ready, and drains on stop',
  { timeout: 180_000 },
  async () => {
    const dataDir = tempDir();
    const port = fakeParentPort();
    const child = serveEmbeddedCoss(parentPortChannel(port));
    assert.deepEqual(await port.next('hello'), { type: 'hello', protocol: EMBEDDED_COSS_PROTOCOL });

    port.deliver({ type: 'launch the missiles' });
    const refused = await port.next('failed');
    assert.match(refused.type === 'failed' ? refused.message : '', /does not understand/);

    port.deliver({
      type: 'start',
      dataDir,
      pagerDuty: { eventsUrl: 'http://127.0.0.1:9/v2/enqueue', apiUrl: 'http://127.0.0.1:9' },
    });
    const ready = await port.next('ready');
    assert.equal(ready.type, 'ready');
    if (ready.type !== 'ready') return;
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${ready.url}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const customers = (await (
      await fetch(`${ready.url}/api/v1/customers`, { headers: { authorization: `Bearer ${ready.token}` } })
    ).json()) as { customers: Array<{ slug: string; number: number }> };
    assert.deepEqual(
      customers.customers.map((c) => [c.slug, c.number]),
      [['acme', 102]],
    );
    const alerts = (await (
      await fetch(`${ready.url}/api/v1/alerts?customer=acme`, { headers: { authorization: `Bearer ${ready.token}` } })
    ).json()) as { alerts: Array<{ device: string; number: number }> };
    assert.equal(alerts.alerts.length, 4);
    assert.equal(alerts.alerts.find((alert) => alert.device === 'x7.acme.com')?.number, 32962);
    assert.ok(existsSync(join(dataDir, 'embedded-coss', 'coss.pid')), 'the PGlite directory is locked while COSS runs');

    port.deliver({ type: 'stop' });
    assert.equal(await child.exited, 0);
    assert.equal(existsSync(join(dataDir, 'embedded-coss', 'coss.pid')), false, 'the lock is released after the drain');
    assert.equal(port.listeners(), 0, 'the child stops listening, so a utility process can exit');
    await assert.rejects(fetch(`${ready.url}/healthz`), 'nothing listens any more');
  },
);

test('a child stopped before it was told to start exits cleanly without touching any data directory', async () => {
  const port = fakeParentPort();
  const child = serveEmbeddedCoss(parentPortChannel(port));
  await port.next('hello');
  child.stop();
  assert.equal(await child.exited, 0);
  assert.deepEqual(
    port.received.map((message) => message.type),
    ['hello'],
  );
});

test('a start the child cannot carry out comes back as failed, with the reason', { timeout: 60_000 }, async () => {
  const port = fakeParentPort();
  const child = serveEmbeddedCoss(parentPortChannel(port));
  // A data directory beneath a regular file cannot be created.
  const file = join(tempDir(), 'not-a-directory');
  writeFileSync(file, 'x');
  port.deliver({
    type: 'start',
    dataDir: join(file, 'data'),
    pagerDuty: { eventsUrl: 'http://127.0.0.1:9/v2/enqueue', apiUrl: 'http://127.0.0.1:9' },
  });
  const failed = await port.next('failed');
  assert.match(failed.type === 'failed' ? failed.message : '', /ENOTDIR|not a directory/);
  assert.equal(await child.exited, 1);
});
