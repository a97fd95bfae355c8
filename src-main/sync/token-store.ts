import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileDurablySync } from '../../src-node/durable-write.js';

/**
 * Where the login token is kept between runs. The app keeps it encrypted with Electron's safeStorage
 * (src-main/electron); the CLI in a file in the data folder that only the user can read. The token
 * is tied to the server and the account it was issued for.
 */
export const storedTokenSchema = z.object({
  serverUrl: z.string(),
  username: z.string(),
  token: z.string(),
  /** ISO 8601 UTC. */
  expiresAt: z.string(),
});
export type StoredToken = z.infer<typeof storedTokenSchema>;

export interface TokenStore {
  load(): StoredToken | undefined;
  save(token: StoredToken): void;
  clear(): void;
}

/** A JSON file with mode 0600 (owner only), written atomically. */
export class FileTokenStore implements TokenStore {
  constructor(readonly file: string) {}

  static inDataDir(dataDir: string): FileTokenStore {
    return new FileTokenStore(path.join(dataDir, 'sync-token.json'));
  }

  load(): StoredToken | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = storedTokenSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  save(token: StoredToken): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileDurablySync(this.file, JSON.stringify(token), { mode: 0o600 });
    // rename keeps the temp file's mode; chmod again in case the umask or an old file interfered.
    fs.chmodSync(this.file, 0o600);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}

/** For tests and for the app before safeStorage is ready: nothing outlives the process. */
export class MemoryTokenStore implements TokenStore {
  private token: StoredToken | undefined;
  load(): StoredToken | undefined {
    return this.token;
  }
  save(token: StoredToken): void {
    this.token = token;
  }
  clear(): void {
    this.token = undefined;
  }
}
