import { FILE_FORMATS, savedExtension } from './file-type.js';
import type { PhotoSpec, PhotoSpecFormat } from './photo-spec.js';

/**
 * The words about photo file types that the clerk reads — the template's 照片 prompt and note ①, the
 * window's "选择此人的证件照（PNG）" — taken from the photo spec in force, so a Fujian clerk is never
 * told ".jpg" while the Fujian spec accepts only PNG. One helper, so the template and the window agree.
 */
export interface PhotoFileWords {
  /** The accepted formats as the clerk knows them: "PNG", "JPG", "JPG 或 PNG". */
  formats: string;
  /** The extension a photo is named with, with its dot: ".png". */
  extension: string;
  /** A file name as the spec wants it: "440308199901101512.png" (or both forms when either is fine). */
  example: string;
}

/** The ID number the template's examples use (a valid one: DOMAIN.md's test vector). */
export const EXAMPLE_ID_NUMBER = '440308199901101512';

/** What any photo spec accepts, for words written before a spec is known. */
const ANY_FORMATS: readonly PhotoSpecFormat[] = ['jpeg', 'png'];

export function photoFileWords(spec?: Pick<PhotoSpec, 'formats'>): PhotoFileWords {
  const formats = spec?.formats ?? ANY_FORMATS;
  const extensions = formats.map((f) => savedExtension(f));
  return {
    formats: formats.map((f) => FILE_FORMATS[f].label).join(' 或 '),
    extension: extensions[0]!,
    example: extensions.map((e) => `${EXAMPLE_ID_NUMBER}${e}`).join(' 或 '),
  };
}
