/**
 * `npm run web --coss URL`: the API token comes from COSS_TOKEN or --token-file, so it is not in `ps`; --token still
 * works and says why it should not be used.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../core/support.ts';

const CLI = fileURLToPath(new URL('../../../../main/web-host/cli.ts', import.meta.url));

/** Stands in for COSS: records the Authorization header of every request and WebSocket upgrade. */
function startRecordingCoss(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers.authorization ?? '');
    response
      .writeHead(503, { 'content-type': 'application/json' })
      .end('{"error":{"code":"unavailable","message":"test"}}');
  });
  server.on('upgrade', (request, socket) => {
    seen.push(request.headers.authorization ?? '');
    socket.destroy();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, seen });
    }),
  );
}

/** Runs the web host's command line until it has used a token on COSS (or exited); returns what it printed. */
async function runWeb(
  args: string[],
  env: Record<string, string>,
  seen: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.NODE_TEST_CONTEXT;
  delete childEnv.COSS_TOKEN;
  Object.assign(childEnv, env);
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>COSS Console</title>');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--data-dir', tempDir(), '--renderer', renderer, ...args],
    {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const before = seen.length;
  const used = new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (seen.length > before && stdout.includes('COSS Console web host:')) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    void exited.then(() => {
      clearInterval(check);
      resolve();
    });
  });
  await used;
  if (child.exitCode === null) child.kill('SIGTERM');
  return { code: await exited, stdout, stderr };
}

describe('npm run web with a real COSS', () => {
  let coss: Awaited<ReturnType<typeof startRecordingCoss>>;
  before(async () => {
    coss = await startRecordingCoss();
  });
  after(() => coss.server.close());

  test('takes the token from COSS_TOKEN, keeps it off the command line, and warns about nothing', async () => {
    const run = await runWeb(['--coss', coss.url], { COSS_TOKEN: 'coss_u_from_env' }, coss.seen);
    assert.ok(coss.seen.includes('Bearer coss_u_from_env'), `${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /warning/);
  });

  test('takes the token from --token-file (its trailing newline ignored)', async () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, 'coss_u_from_file\n', { mode: 0o600 });
    const run = await runWeb(['--coss', coss.url, '--token-file', file], {}, coss.seen);
    assert.ok(coss.seen.includes('Bearer coss_u_from_file'), `${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stderr, /warning/);
  });

  test('a token file other users can read works, with a warning to chmod it', async () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, 'coss_u_shared_file\n', { mode: 0o644 });
    const run = await runWeb(['--coss', coss.url, '--token-file', file], {}, coss.seen);
    assert.ok(coss.seen.includes('Bearer coss_u_shared_file'));
    assert.match(run.stderr, /can be read by other users of this machine \(mode 0644\); chmod 600/);
  });

  test('--token still works and warns that every local user can see it', async () => {
    const run = await runWeb(['--coss', coss.url, '--token', 'coss_u_on_the_command_line'], {}, coss.seen);
    assert.ok(coss.seen.includes('Bearer coss_u_on_the_command_line'));
    assert.match(
      run.stderr,
      /warning: a token given with --token is visible to every user of this machine \(ps\); put it in COSS_TOKEN or a file read with --token-file/,
    );
  });

  test('--coss without any token, or an unreadable token file, is refused before anything starts', async () => {
    const none = await runWeb(['--coss', coss.url], {}, coss.seen);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--coss needs your API token: in COSS_TOKEN, or a file given with --token-file/);
    const missing = await runWeb(['--coss', coss.url, '--token-file', join(tempDir(), 'absent')], {}, coss.seen);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--token-file: cannot read .*absent: ENOENT/);
  });
});
