import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secret values (API keys, environment secrets) kept out of SQLite, events and
 * logs: a 0600 JSON file in the data dir for the CLI and serve mode.
 */
export class SecretStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'secrets.json');
  }

  get(key: string): string | undefined {
    return this.read()[key];
  }

  set(key: string, value: string): void {
    const all = this.read();
    all[key] = value;
    this.write(all);
  }

  delete(key: string): void {
    const all = this.read();
    if (!(key in all)) return;
    this.write(Object.fromEntries(Object.entries(all).filter(([name]) => name !== key)));
  }

  /** Every value under a prefix, keyed by the rest of the key. */
  withPrefix(prefix: string): Record<string, string> {
    const found: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.read())) {
      if (key.startsWith(prefix)) found[key.slice(prefix.length)] = value;
    }
    return found;
  }

  deletePrefix(prefix: string): void {
    const all = this.read();
    const kept = Object.fromEntries(Object.entries(all).filter(([key]) => !key.startsWith(prefix)));
    if (Object.keys(kept).length !== Object.keys(all).length) this.write(kept);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch (error) {
      throw new Error(`the secrets file ${this.file} is unreadable (${(error as Error).message}); fix or delete it and set the secrets again`);
    }
  }

  private write(all: Record<string, string>): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, this.file);
  }
}

export const envSecretPrefix = (environmentId: string): string => `env:${environmentId}:`;
export const providerKeyName = (providerId: string): string => `provider:${providerId}`;
