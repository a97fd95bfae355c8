import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shipped data files live: `resources/` at the repository root when run from source, or
 * the directory named by ZFBM_RESOURCES (the packaged app sets it to process.resourcesPath).
 */
export function resourcesDir(): string {
  const fromEnv = process.env.ZFBM_RESOURCES;
  if (fromEnv) return fromEnv;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');
}
