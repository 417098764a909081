/**
 * Secrets at rest through Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet), in the core's file store
 * with an encrypting codec. Where Linux has no keyring, safeStorage falls back to a hard-coded key ("basic_text"):
 * that is obfuscation, not protection, so the store says so (`encrypted: false` and the description Settings
 * shows) instead of pretending.
 */
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { FileSecretStore } from '../core/secret-store.ts';

/** The console's secrets, encrypted with safeStorage in `<dataDir>/secrets.bin`. */
export function safeStorageSecretStore(dataDir: string): FileSecretStore {
  const path = join(dataDir, 'secrets.bin');
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const encrypted = safeStorage.isEncryptionAvailable() && backend !== 'basic_text';
  return new FileSecretStore(dataDir, {
    fileName: 'secrets.bin',
    codec: { encode: (text) => safeStorage.encryptString(text), decode: (bytes) => safeStorage.decryptString(bytes) },
    encrypted,
    description: encrypted
      ? `Tokens are encrypted with the OS keyring (${backend}) in ${path}.`
      : `No OS keyring is available: tokens in ${path} are encrypted with a fixed key, so only its file permissions (0600) protect them.`,
  });
}
