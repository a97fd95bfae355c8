import path from 'node:path';
import { UsageError } from './usage-error.js';
import { openStore, type Db } from '../store/open-store.js';
import { osUserActor, type Actor } from '../store/clock.js';

/** The `--data <dir>` every store command takes. */
export function requireDataDir(value: string | undefined, usage: string): string {
  if (!value) throw new UsageError(`请用 --data 指定数据文件夹（报名助手保存数据的位置）。${usage}`);
  return path.resolve(value);
}

export function openDataDir(dir: string): Db {
  return openStore(dir);
}

/** The person at the keyboard, for the audit log. */
export function cliActor(): Actor {
  return osUserActor('cli');
}
