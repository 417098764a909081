/**
 * The console's side of the embedded-COSS protocol, against a scripted fake process (no PGlite): what it sends,
 * and that every way a child can go wrong becomes a rejected start naming the cause, with the process stopped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { startEmbeddedCoss, type EmbeddedCossLauncher } from '../../../../../main/core/embedded-coss/launcher.ts';
import { EMBEDDED_COSS_PROTOCOL, type ParentMessage } from '../../../../../main/core/embedded-coss/protocol.ts';
import { tempDir } from '../support.ts';

interface FakeChild {
  launch: EmbeddedCossLauncher;
  sent: ParentMessage[];
  killed: () => boolean;
}

/** A fake process that answers each message the parent sends with `script(message)`, asynchronously. */
function fakeChild(
  script: (
    message: ParentMessage | 'launched',
    child: { reply(message: unknown): void; exit(code: number): void },
  ) => void,
): FakeChild {
  const events = new EventEmitter();
  const sent: ParentMessage[] = [];
  let killed = false;
  let exited = false;
  const handle = {
    reply: (message: unknown) => setImmediate(() => events.emit('message', message)),
    exit: (code: number) => {
      if (exited) return;
      exited = true;
      setImmediate(() => events.emit('exit', code));
    },
  };
  return {
    sent,
    killed: () => killed,
    launch: () => {
      setImmediate(() => script('launched', handle));
      return {
        send(message) {
          sent.push(message);
          script(message, handle);
        },
        onMessage: (listener) => void events.on('message', listener),
        onExit: (listener) => void events.once('exit', listener),
        kill() {
          killed = true;
          handle.exit(137);
        },
        output: () => 'last words on stderr',
      };
    },
  };
}

const hello = { type: 'hello', protocol: EMBEDDED_COSS_PROTOCOL };

test('hello → start with the data directory and a closed PagerDuty; ready resolves; stop asks the child to drain', async () => {
  const dataDir = tempDir();
  const child = fakeChild((message, process) => {
    if (message === 'launched') process.reply(hello);
    else if (message.type === 'start')
      process.reply({ type: 'ready', url: 'http://127.0.0.1:4567', token: 'coss_u_x' });
    else if (message.type === 'stop') process.exit(0);
  });
  const coss = await startEmbeddedCoss({ dataDir, launch: child.launch });
  assert.deepEqual(
    { url: coss.url, token: coss.token, local: coss.local },
    { url: 'http://127.0.0.1:4567', token: 'coss_u_x', local: true },
  );
  const start = child.sent[0];
  assert.equal(start?.type, 'start');
  assert.equal(start.type === 'start' && start.dataDir, dataDir);
  assert.match(start.type === 'start' ? start.pagerDuty.eventsUrl : '', /^http:\/\/127\.0\.0\.1:9\//);
  await coss.stop();
  assert.deepEqual(
    child.sent.map((message) => message.type),
    ['start', 'stop'],
  );
  assert.equal(child.killed(), false, 'a child that drains is not killed');
});

test('a child that reports failure rejects the start with its reason', async () => {
  const child = fakeChild((message, process) => {
    if (message === 'launched') process.reply(hello);
    else if (message.type === 'start') {
      process.reply({ type: 'failed', message: 'the data directory is in use by coss serve (pid 4242)' });
      process.exit(1);
    }
  });
  await assert.rejects(
    startEmbeddedCoss({ dataDir: tempDir(), launch: child.launch }),
    /failed to start: the data directory is in use by coss serve \(pid 4242\)/,
  );
});

test('a child that dies before it is ready rejects the start with its output', async () => {
  const child = fakeChild((message, process) => {
    if (message === 'launched') process.exit(1);
  });
  await assert.rejects(
    startEmbeddedCoss({ dataDir: tempDir(), launch: child.launch }),
    /exited before it was ready \(code 1\): last words on stderr/,
  );
  assert.deepEqual(child.sent, []);
});

test('a child from another build (protocol mismatch) or speaking nonsense is stopped, not trusted', async () => {
  const stale = fakeChild((message, process) => {
    if (message === 'launched') process.reply({ type: 'hello', protocol: EMBEDDED_COSS_PROTOCOL + 1 });
    else if (message.type === 'stop') process.exit(0);
  });
  await assert.rejects(
    startEmbeddedCoss({ dataDir: tempDir(), launch: stale.launch }),
    /speaks protocol 2, this console 1/,
  );
  assert.deepEqual(
    stale.sent.map((message) => message.type),
    ['stop'],
  );

  const garbled = fakeChild((message, process) => {
    if (message === 'launched') process.reply({ type: 'ready', url: 'not a url', token: '' });
    else if (message.type === 'stop') process.exit(0);
  });
  await assert.rejects(startEmbeddedCoss({ dataDir: tempDir(), launch: garbled.launch }), /does not understand/);
});

test(
  'a child that never answers is stopped at the deadline, and killed when it ignores the stop',
  { timeout: 30_000 },
  async () => {
    const child = fakeChild(() => undefined);
    const started = Date.now();
    await assert.rejects(
      startEmbeddedCoss({ dataDir: tempDir(), launch: child.launch, readyTimeoutMs: 200, stopGraceMs: 100 }),
      /was not ready in time/,
    );
    assert.ok(Date.now() - started >= 200);
    assert.equal(child.killed(), true);
  },
);
