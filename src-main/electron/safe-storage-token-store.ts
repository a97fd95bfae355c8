import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { writeFileDurablySync } from '../../src-node/durable-write.js';
import { storedTokenSchema, type StoredToken, type TokenStore } from '../sync/token-store.js';

/**
 * The login token encrypted with the operating system's key store (DPAPI on Windows) through
 * Electron's safeStorage, in a file only this user may read. Where encryption is not available
 * (a Linux desktop without a keyring), nothing is kept: the clerk signs in again next time rather
 * than the token lying on disk in clear.
 */
export class SafeStorageTokenStore implements TokenStore {
  constructor(private readonly file: string) {}

  static inUserData(userDataDir: string): SafeStorageTokenStore {
    return new SafeStorageTokenStore(path.join(userDataDir, 'sync-token.bin'));
  }

  load(): StoredToken | undefined {
    if (!safeStorage.isEncryptionAvailable()) return undefined;
    try {
      const parsed = storedTokenSchema.safeParse(JSON.parse(safeStorage.decryptString(fs.readFileSync(this.file))));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  save(token: StoredToken): void {
    if (!safeStorage.isEncryptionAvailable()) return;
    writeFileDurablySync(this.file, safeStorage.encryptString(JSON.stringify(token)), { mode: 0o600 });
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}
