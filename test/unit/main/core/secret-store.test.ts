import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecretStore } from '../../../../main/core/secret-store.ts';

test('the file secret store keeps tokens in a 0600 file and says it is not encrypted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coss-secrets-'));
  const store = new FileSecretStore(dir);
  await store.set('coss.token', 'coss_u_secret');
  await store.set('other', 'x');
  await store.delete('other');
  assert.equal(await store.get('coss.token'), 'coss_u_secret');
  assert.equal(await store.get('other'), null);
  assert.equal(statSync(join(dir, 'secrets.json')).mode & 0o777, 0o600);
  assert.equal(store.encrypted, false);
  assert.match(store.description, /unencrypted/);
});

test('with a codec, what reaches the disk is the codec’s bytes, never the token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coss-secrets-'));
  const codec = {
    encode: (text: string) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
    decode: (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0x5a)).toString('utf8'),
  };
  const store = new FileSecretStore(dir, {
    fileName: 'secrets.bin',
    codec,
    encrypted: true,
    description: 'test keyring',
  });
  await store.set('coss.token', 'coss_u_secret');
  assert.ok(!readFileSync(join(dir, 'secrets.bin')).toString('latin1').includes('coss_u_secret'));
  assert.equal(await new FileSecretStore(dir, { fileName: 'secrets.bin', codec }).get('coss.token'), 'coss_u_secret');
});
