import fs from 'node:fs';
import path from 'node:path';
import { renderManual } from '../../src-web/manual/manual-markdown.js';

/**
 * What is wrong with one 使用说明 (docs/manual/*.md) as files: pictures it names that are not in its
 * images folder, pictures named other than `images/<name>.png`, and heading ids the screens rely on
 * (src-web/manual/manual-sections.ts) that it lacks. One readable line per problem; none when all is well.
 */
export interface ManualProblems {
  missingImages: string[];
  badImageNames: string[];
  missingSections: string[];
  /** Every picture it names, as written. */
  images: string[];
}

export function checkManual(markdown: string, dir: string, requiredIds: readonly string[]): ManualProblems {
  const manual = renderManual(markdown);
  const ids = new Set(manual.sections.map((s) => s.id));
  const badImageNames = manual.images.filter((src) => !/^images\/[a-z0-9-]+\.png$/.test(src));
  const missingImages = manual.images.filter((src) => !badImageNames.includes(src) && !fs.existsSync(path.join(dir, src)));
  return { missingImages, badImageNames, missingSections: requiredIds.filter((id) => !ids.has(id)), images: manual.images };
}
