import { photoSpecTarget, type PhotoSpec } from '../../src-shared/photo-spec.js';
import type { PhotoInspection } from './inspect-photo.js';

/**
 * Whether 一键修正 (fix-photo.ts) can make this photo fit the spec, for the photo import's advice: it
 * re-encodes (format, file size, DPI), turns, crops and scales down, and fills a transparent
 * background; it cannot invent pixels a small photo lacks, nor change a greyscale photo or a wrong
 * background colour — those need a new photo.
 */
export function oneClickFixable(inspection: PhotoInspection | undefined, spec: PhotoSpec): boolean {
  if (!inspection?.readable || inspection.width === undefined || inspection.height === undefined) return false;
  const target = photoSpecTarget(spec);
  if (inspection.width < target.width || inspection.height < target.height) return false;
  const transparent = inspection.background?.name === 'transparent';
  return !inspection.issues.some((i) => i.severity === 'error' && (i.code === 'photo.color' || (i.code === 'photo.background' && !transparent)));
}
