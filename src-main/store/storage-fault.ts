import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from './store-error.js';

/**
 * Faults of the data folder rather than of the program (issue 14): another process holding the store,
 * a full disk, a read-only folder (a write-protected USB stick, a read-only share), a folder the
 * user may not write. Each is told in Chinese — what happened, that nothing changed, what to do — and
 * never as SQLite's English, an internal error or a damaged database. The CLI exits 2 with it, the
 * window shows it (services/desktop-error.ts, for calls and for the backend worker's open failure).
 *
 * SQLite says little: an unwritable folder is SQLITE_CANTOPEN or SQLITE_READONLY_DIRECTORY, a
 * read-only mount SQLITE_CANTOPEN, without the OS's reason. So for those the folder itself is asked
 * (access(2) answers EROFS, EACCES or EPERM as the write would; statfs tells a full disk).
 */

const SECONDS = 5;

export function lockedMessage(): string {
  return `数据正被另一个程序使用（可能是打开着的报名助手窗口，或另一个正在进行的导入），等了 ${SECONDS} 秒仍未空出，这次操作没有执行，数据没有改变。请等它完成或关闭它，然后再试一次。`;
}

const MESSAGES = {
  locked: () => lockedMessage(),
  disk_full: (dir: string) => `数据文件夹“${dir}”所在的磁盘已满，这次操作没有保存，数据没有改变。请删除不需要的文件腾出空间，或把数据文件夹换到空间充足的磁盘，然后再试一次。`,
  read_only: (dir: string) => `数据文件夹“${dir}”是只读的（如写保护的 U 盘、光盘或只读的共享文件夹），无法保存，数据没有改变。请换一个可以写入的数据文件夹，或解除只读后再试一次。`,
  no_permission: (dir: string) => `当前用户没有写入数据文件夹“${dir}”的权限，无法保存，数据没有改变。请在文件夹的“属性 → 安全”中给当前用户“修改”权限，或换一个自己的数据文件夹，然后再试一次。`,
  not_writable: (dir: string) => `无法读写数据文件夹“${dir}”，这次操作没有保存，数据没有改变。请检查它是否还在（U 盘、网络盘是否连着）、能否写入、磁盘是否有空间，然后再试一次。`,
} as const;

type Fault = keyof typeof MESSAGES;

const codeOf = (e: unknown): string => {
  const c = (e as { code?: unknown } | null | undefined)?.code;
  return typeof c === 'string' ? c : '';
};

/** Within `dir` (or `dir` itself). */
function inside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function faultOfErrno(code: string): Fault | undefined {
  if (code === 'EROFS') return 'read_only';
  if (code === 'EACCES' || code === 'EPERM') return 'no_permission';
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  return undefined;
}

/** Asks the folder (and the store's files in it) why a write there fails. */
export function diagnoseFolder(dir: string, files: readonly string[] = []): Fault | undefined {
  for (const p of [dir, ...files]) {
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch (e) {
      const f = faultOfErrno(codeOf(e));
      if (f) return f;
    }
  }
  try {
    const s = fs.statfsSync(dir);
    if (s.bavail * s.bsize < 64 * 1024) return 'disk_full';
  } catch {
    // A folder that is gone is told by the generic message.
  }
  return undefined;
}

/**
 * The clerk's StoreError for a fault of the data folder `dataDir` (the store is `dbFile` in it), or
 * undefined when `e` is no such fault (then it is the caller's to tell).
 */
export function storageFault(e: unknown, dataDir: string | undefined, dbFile?: string): StoreError | undefined {
  if (e instanceof StoreError) return e;
  const code = codeOf(e);
  const dir = dataDir ?? '';
  const make = (f: Fault) => new StoreError(f, MESSAGES[f](dir));
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return make('locked');
  if (code === 'SQLITE_FULL') return make('disk_full');
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    if (!dataDir) return undefined;
    const files = dbFile ? [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter((f) => fs.existsSync(f)) : [];
    return make(diagnoseFolder(dataDir, files) ?? (code.startsWith('SQLITE_READONLY') ? 'read_only' : 'not_writable'));
  }
  // A file of ours in the data folder (photos, evidence, the sign-in): the OS says why.
  const file = (e as { path?: unknown } | null | undefined)?.path;
  if (!dataDir || typeof file !== 'string' || !inside(file, dataDir)) return undefined;
  const fault = faultOfErrno(code) ?? (code === 'ENOENT' ? diagnoseFolder(nearestExisting(file)) : undefined);
  return fault ? make(fault) : undefined;
}

/** Node's recursive mkdir says ENOENT where the folder refused (EROFS): the folder that exists is asked. */
function nearestExisting(file: string): string {
  let p = path.resolve(file);
  while (!fs.existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  return p;
}
