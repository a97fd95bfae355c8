import fs from 'node:fs';
import os from 'node:os';
import type { Issue } from '../../src-shared/domain/issue.js';
import type { PhotoSpec } from '../../src-shared/photo-spec.js';
import { inspectPhoto, type PhotoInspection } from './inspect-photo.js';
import { matchPhotos, missingPhotoIssue, type PersonForMatch } from './match-photos.js';
import { mapLimit, type PhotoFile } from './photo-files.js';
import { photoFileWords } from '../../src-shared/photo-file-words.js';

/**
 * Photos for a set of people: match each file to a person, inspect the matched ones against the
 * spec (bounded by the cores), and say who has no photo and which files belong to nobody. Used by
 * `validate --photos` and by the photo import.
 */

/** Read no more than this into memory for one photo; a bigger "photo" is refused unread. */
export const MAX_PHOTO_FILE_BYTES = 50 * 1024 * 1024;

export interface CheckedPhoto<K> {
  key: K;
  file: PhotoFile;
  by: 'photoColumn' | 'idNumber';
  /** The bytes, kept only when `keepBytes` was asked for (the import stores them). */
  bytes?: Buffer;
  inspection: PhotoInspection | undefined;
  issues: Issue[];
}

export interface PhotoCheck<K> {
  photos: Array<CheckedPhoto<K>>;
  unmatched: Array<{ file: PhotoFile; issue: Issue }>;
  missing: Array<{ key: K; issue: Issue }>;
}

export async function checkPhotos<K>(
  files: readonly PhotoFile[],
  persons: ReadonlyArray<PersonForMatch<K>>,
  spec: PhotoSpec,
  opts: { keepBytes?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<PhotoCheck<K>> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const words = photoFileWords(spec);
  const m = matchPhotos(
    files.map((f) => f.name),
    persons,
    words,
  );
  const personByKey = new Map(persons.map((p) => [p.key, p]));
  let done = 0;
  const photos = await mapLimit(m.matches, os.availableParallelism(), async (match) => {
    const file = byName.get(match.fileName)!;
    let checked: CheckedPhoto<K>;
    if (file.size > MAX_PHOTO_FILE_BYTES) {
      const issue: Issue = {
        field: 'photo', code: 'photo.filesize', severity: 'error', value: file.name,
        message: `照片“${file.name}”有 ${(file.size / 1024 / 1024).toFixed(0)} MB，不像一张证件照。请换成正确的照片文件。`,
      };
      checked = { key: match.key, file, by: match.by, inspection: undefined, issues: [issue] };
    } else {
      const bytes = await fs.promises.readFile(file.path);
      const inspection = await inspectPhoto({ bytes, fileName: file.name }, spec);
      checked = { key: match.key, file, by: match.by, inspection, issues: inspection.issues, ...(opts.keepBytes ? { bytes } : {}) };
    }
    opts.onProgress?.(++done, m.matches.length);
    return checked;
  });
  return {
    photos,
    unmatched: m.unmatched.map((u) => ({ file: byName.get(u.fileName)!, issue: u.issue })),
    missing: m.withoutPhoto.map((key) => {
      const p = personByKey.get(key)!;
      return { key, issue: missingPhotoIssue(p.idNumber, p.photo, words) };
    }),
  };
}
