import path from 'node:path';

/** Bumped whenever generate.ts makes different photos: the cached ones are then made again. */
export const GENERATOR_VERSION = '1';

/** Photo paths 0..count-1 in dir (whether or not they exist yet). */
export function photoPaths(dir: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => path.join(dir, `phone-${String(i).padStart(4, '0')}.jpg`));
}
