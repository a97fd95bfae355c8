import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped data files live: the directory named by ZFBM_RESOURCES (the packaged app sets it
 * to process.resourcesPath), else the nearest `resources/` above this module. Searching upwards
 * keeps it right from source (src-node/reference/) and from a bundle (out/cli/) alike.
 */
export function resourcesDir(): string {
  const fromEnv = process.env.ZFBM_RESOURCES;
  if (fromEnv) return fromEnv;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, 'code-tables'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('找不到程序的数据文件夹 resources（代码表等），安装可能不完整，请重新安装。');
    dir = parent;
  }
}
