/**
 * Tokens at rest through Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Where Linux has no keyring,
 * safeStorage falls back to a hard-coded key ("basic_text"): that is obfuscation, not protection, so this store
 * reports it instead of pretending (Settings shows the warning).
 */
import { safeStorage } from 'electron';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface StoredSecretStatus {
  /** "os-keyring" when the OS protects the key; "basic-text" when it does not */
  protection: 'os-keyring' | 'basic-text';
  detail: string;
}

/** Reads and writes one secret (the COSS token) in `path`, encrypted with safeStorage. */
export class SafeStorageSecret {
  constructor(private readonly path: string) {}

  status(): StoredSecretStatus {
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
      return {
        protection: 'basic-text',
        detail: 'No OS keyring is available: the token is stored with a fixed key and only file permissions (0600) protect it.',
      };
    }
    return { protection: 'os-keyring', detail: `Encrypted with the OS keyring (${backend}).` };
  }

  async get(): Promise<string | null> {
    if (!existsSync(this.path)) return null;
    return safeStorage.decryptString(readFileSync(this.path));
  }

  async set(secret: string): Promise<void> {
    writeFileSync(this.path, safeStorage.encryptString(secret), { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
}
