import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writing a file so that it is either complete or absent, whatever happens part way (a crash, a full
 * disk, a killed process): the bytes go to a temporary file beside the target, are flushed to disk,
 * and the temporary file is renamed over the target. On any error the temporary file is removed and
 * the error (with its errno code) is thrown for the caller to explain.
 */

/** A temp name beside `target`, unique per process and call; `hidden` puts a dot in front of it. */
export function tempPathBeside(target: string, hidden = false): string {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  return hidden ? path.join(path.dirname(target), `.${path.basename(target)}.${suffix}`) : `${target}.${suffix}`;
}

/** How a durable write names and creates its temporary file. */
export interface DurableWriteOptions {
  /** The temporary file's path (default: tempPathBeside(target, hidden)). */
  tmp?: string;
  /** Put a dot in front of the default temp name, so a folder listing does not show it. */
  hidden?: boolean;
  /** The new file's permissions (e.g. 0o600 for a token); the umask applies as usual. */
  mode?: number;
}

export async function writeFileDurably(target: string, bytes: Uint8Array | string, opts: DurableWriteOptions = {}): Promise<void> {
  const tmp = opts.tmp ?? tempPathBeside(target, opts.hidden);
  let created = false;
  try {
    const handle = await fs.promises.open(tmp, 'wx', opts.mode);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, target);
  } catch (e) {
    if (created) await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

export function writeFileDurablySync(target: string, bytes: Uint8Array | string, opts: DurableWriteOptions = {}): void {
  const tmp = opts.tmp ?? tempPathBeside(target, opts.hidden);
  let created = false;
  try {
    const fd = fs.openSync(tmp, 'wx', opts.mode);
    created = true;
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    if (created) fs.rmSync(tmp, { force: true });
    throw e;
  }
}
