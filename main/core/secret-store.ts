/**
 * Where tokens live. Electron's glue provides a safeStorage-backed store (main/); plain Node has no keyring, so
 * the file store below keeps secrets in a 0600 file and says so in `description` — the settings screen shows it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** true when secrets are encrypted by the OS keyring */
  readonly encrypted: boolean;
  /** one honest sentence for the settings screen: where the token is and how it is protected */
  readonly description: string;
}

const FileSchema = z.record(z.string(), z.string());

/** How the secrets file is turned into bytes and back: plain JSON here, safeStorage encryption in Electron. */
export interface SecretCodec {
  encode(text: string): Buffer;
  decode(bytes: Buffer): string;
}

const PLAIN_JSON: SecretCodec = {
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes) => bytes.toString('utf8'),
};

/**
 * All secrets in one file of the data directory, written 0600 and replaced atomically. With the plain codec this is
 * the honest fallback: readable only by this user, not encrypted.
 */
export class FileSecretStore implements SecretStore {
  readonly encrypted: boolean;
  readonly description: string;
  private readonly path: string;
  private readonly codec: SecretCodec;

  constructor(
    dataDir: string,
    options: { fileName?: string; codec?: SecretCodec; encrypted?: boolean; description?: string } = {},
  ) {
    this.path = join(dataDir, options.fileName ?? 'secrets.json');
    this.codec = options.codec ?? PLAIN_JSON;
    this.encrypted = options.encrypted ?? false;
    this.description =
      options.description ??
      `No OS keyring is available here: tokens are stored unencrypted in ${this.path}, readable only by your user (mode 0600).`;
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    const parsed = FileSchema.safeParse(JSON.parse(this.codec.decode(readFileSync(this.path))));
    return parsed.success ? parsed.data : {};
  }

  private write(values: Record<string, string>): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    // Created 0600 before any byte is written, then renamed over: the token is never world-readable.
    writeFileSync(temporary, this.codec.encode(JSON.stringify(values)), { mode: 0o600 });
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

/** Secrets held in memory only (a token given on the command line is not written anywhere). */
export class MemorySecretStore implements SecretStore {
  readonly encrypted = false;
  readonly description = 'The token was given on the command line and is kept in memory only.';
  private readonly values = new Map<string, string>();

  async get(name: string): Promise<string | null> {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.values.delete(name);
  }
}
