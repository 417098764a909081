/**
 * Secrets at rest through Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Where Linux has no keyring,
 * safeStorage falls back to a hard-coded key ("basic_text"): that is obfuscation, not protection, so the store
 * says so (`encrypted: false` and the description Settings shows) instead of pretending.
 */
import { safeStorage } from 'electron';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../core/secret-store.ts';

/** All secrets in one safeStorage-encrypted file in the app's data directory. */
export class SafeStorageSecretStore implements SecretStore {
  readonly encrypted: boolean;
  readonly description: string;
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'secrets.bin');
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    this.encrypted = safeStorage.isEncryptionAvailable() && backend !== 'basic_text';
    this.description = this.encrypted
      ? `Tokens are encrypted with the OS keyring (${backend}) in ${this.path}.`
      : `No OS keyring is available: tokens in ${this.path} are encrypted with a fixed key, so only its file permissions (0600) protect them.`;
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const parsed: unknown = JSON.parse(safeStorage.decryptString(readFileSync(this.path)));
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }

  private write(values: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, safeStorage.encryptString(JSON.stringify(values)), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }

  async get(name: string): Promise<string | null> {
    return this.read()[name] ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    this.write({ ...this.read(), [name]: value });
  }

  async delete(name: string): Promise<void> {
    const values = this.read();
    delete values[name];
    this.write(values);
  }
}
