import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../src-shared/coded-error.js';

/**
 * The files a clerk points at: a folder (not its sub-folders) or a list of files. Only regular files;
 * the system's own clutter (Thumbs.db, desktop.ini, .DS_Store, Office lock files) is left out, the
 * rest is reported if it matches nobody.
 */
const SYSTEM_FILES = /^(thumbs\.db|desktop\.ini|\.ds_store|~\$.*|\._.*)$/i;

export interface PhotoFile {
  /** Full path, for reading. */
  path: string;
  /** The name only: what messages show and matching uses. Never used to build a path. */
  name: string;
  size: number;
}

export class PhotoFolderError extends CodedError<'photo'> {
  override name = 'PhotoFolderError';
  constructor(message: string) {
    super('photo', message, { userFacing: true });
  }
}

export function listPhotoFiles(inputs: readonly string[]): PhotoFile[] {
  const out: PhotoFile[] = [];
  const add = (p: string) => {
    const st = fs.lstatSync(p);
    if (!st.isFile()) return; // links, sockets, folders: never followed
    const name = path.basename(p);
    if (SYSTEM_FILES.test(name)) return;
    out.push({ path: p, name, size: st.size });
  };
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch {
      throw new PhotoFolderError(`找不到照片文件夹或文件“${input}”，请检查路径。`);
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(input, { withFileTypes: true })) if (e.isFile()) add(path.join(input, e.name));
    } else add(input);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
