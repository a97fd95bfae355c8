import path from 'node:path';
import { photoFileWords, type PhotoFileWords } from '../../src-shared/photo-file-words.js';
import type { Issue } from '../../src-shared/domain/issue.js';

/**
 * Which photo file belongs to whom. First the 照片 column (the manual: the cell holds the file's
 * name, which must equal the file's name), then the ID number in the file name (the manual: photos
 * are named by ID number and matched automatically) — X in either case, any extension, with or
 * without the person's name beside it ("440308199901101512 张三.jpg").
 */

export interface PersonForMatch<K> {
  key: K;
  /** What the clerk wrote in 照片 ('' if nothing). */
  photo: string;
  idNumber: string;
}

export interface PhotoMatch<K> {
  fileName: string;
  key: K;
  by: 'photoColumn' | 'idNumber';
}

export interface MatchResult<K> {
  matches: Array<PhotoMatch<K>>;
  /** Files that belong to nobody, with the reason as a photo.unmatched issue. */
  unmatched: Array<{ fileName: string; issue: Issue }>;
  /** People no file was found for. */
  withoutPhoto: K[];
}

/** Windows file names ignore case; full-width characters and stray spaces come from input methods. */
function comparableName(name: string): string {
  return path.basename(name.replace(/\\/g, '/')).normalize('NFKC').trim().toLowerCase();
}

const ID_IN_NAME = /(?<![0-9])([0-9]{17}[0-9xX]|[0-9]{15})(?![0-9])/g;

/** `words`: the file type of the spec in force, for the messages (photo-file-words.ts). */
export function matchPhotos<K>(fileNames: readonly string[], persons: ReadonlyArray<PersonForMatch<K>>, words: PhotoFileWords = photoFileWords()): MatchResult<K> {
  const byPhotoName = new Map<string, PersonForMatch<K>>();
  const byId = new Map<string, PersonForMatch<K>>();
  for (const p of persons) {
    if (p.photo) byPhotoName.set(comparableName(p.photo), p);
    if (p.idNumber) byId.set(p.idNumber.toUpperCase(), p);
  }
  const taken = new Map<K, string>();
  const result: MatchResult<K> = { matches: [], unmatched: [], withoutPhoto: [] };
  // The 照片 column first, for every file, so that an ID-named file cannot take a person whose
  // photo the column names explicitly.
  const rest: string[] = [];
  for (const f of [...fileNames].sort()) {
    const p = byPhotoName.get(comparableName(f));
    if (p && !taken.has(p.key)) {
      taken.set(p.key, f);
      result.matches.push({ fileName: f, key: p.key, by: 'photoColumn' });
    } else rest.push(f);
  }
  for (const f of rest) {
    const stem = path.basename(f, path.extname(f)).normalize('NFKC');
    const ids = [...stem.matchAll(ID_IN_NAME)].map((m) => m[1]!.toUpperCase());
    const p = ids.map((id) => byId.get(id)).find((x) => x !== undefined);
    if (p && !taken.has(p.key)) {
      taken.set(p.key, f);
      result.matches.push({ fileName: f, key: p.key, by: 'idNumber' });
      continue;
    }
    const message = p
      ? `照片“${f}”和“${taken.get(p.key)}”都属于身份证号 ${p.idNumber} 的人员，只用了后者。请删除多余的照片。`
      : `照片“${f}”找不到对应的人员：文件名应为身份证号（如 ${words.example}），或与采集表“照片”列填写的名称一致。请改名后重新导入。`;
    result.unmatched.push({ fileName: f, issue: { field: 'photo', code: 'photo.unmatched', severity: 'error', value: f, message } });
  }
  for (const p of persons) if (!taken.has(p.key)) result.withoutPhoto.push(p.key);
  return result;
}

export function missingPhotoIssue(idNumber: string, photoColumn: string, words: PhotoFileWords = photoFileWords()): Issue {
  const expected = photoColumn || `${idNumber || '身份证号'}${words.extension}`;
  return {
    field: 'photo',
    code: 'photo.missing',
    severity: 'error',
    value: photoColumn,
    message: `没有找到此人的照片（应为“${expected}”）。请把照片按身份证号命名后导入。`,
  };
}
