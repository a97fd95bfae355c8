import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileDurablySync } from '../../src-node/durable-write.js';

/**
 * This installation's id, sent to the sync server as `x-install-id` with every update check so that
 * a staged rollout ("10 % of the PCs first") puts the same PC in the same group every time. A random
 * UUID made on first use and kept in the window's own folder (userData, beside the sign-in), which an
 * update keeps; it says nothing about the clerk or the PC. A missing or damaged file gets a new one.
 */
export const INSTALL_ID_FILE = 'install-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function loadOrCreateInstallId(dir: string, newId: () => string = randomUUID): string {
  const file = path.join(dir, INSTALL_ID_FILE);
  try {
    const kept = fs.readFileSync(file, 'utf8').trim().toLowerCase();
    if (UUID.test(kept)) return kept;
  } catch {
    // None yet: made below.
  }
  const id = newId().toLowerCase();
  fs.mkdirSync(dir, { recursive: true });
  writeFileDurablySync(file, `${id}\n`);
  return id;
}
