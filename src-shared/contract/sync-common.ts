import { z } from 'zod';
import { CONTROL_CHARS, FORMAT_CHARS_IN_NAMES } from '../file-names.js';

/** Pieces several parts of the sync contract share. */

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const sha256Schema = z.string({ error: '文件编号缺失。' }).regex(SHA256_PATTERN, '文件编号应为 64 位小写十六进制的 SHA-256，请升级报名助手到最新版本后重试。');

/** A UUID as the desktop makes them (crypto.randomUUID), any version; compared in lower case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ISO 8601 date-time with a zone (Z or ±hh:mm). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: '时间格式不对，应为 ISO 8601（如 2026-01-16T13:08:56+08:00）。' });

/** The review levels (a judicial bureau's level, and the level a reviewer reviews at). */
export const reviewLevelSchema = z.enum(['county', 'city']);
export type ReviewLevel = z.infer<typeof reviewLevelSchema>;
/** How a person reads a level: 县级审核, 市级司法局. */
export const REVIEW_LEVEL_NAME: Record<ReviewLevel, string> = { county: '县级', city: '市级' };

/**
 * A file name a person chose, kept for their eyes only: the server never uses one as a path, and
 * refuses anything that looks like one so that nothing downstream is tempted to.
 */
export const displayFileNameSchema = z
  .string({ error: '文件名缺失。' })
  // Format characters (bidi overrides, isolates and marks, zero-width spaces) are removed: a right-to-left
  // override can make "gpj.exe" read as "exe.jpg" (src-shared/file-names.ts). Controls are refused below.
  .transform((s) => s.normalize('NFC').replace(FORMAT_CHARS_IN_NAMES, '').trim())
  .pipe(
    z
      .string()
      .min(1, '文件名不能为空（或只有看不见的字符），请给文件起个名字后重试。')
      .max(255, '文件名太长（最多 255 个字符），请改短后重试。')
      .refine((s) => !/[/\\]/.test(s) && s !== '.' && s !== '..' && !s.startsWith('..'), '文件名不能含有路径（/ 或 \\ 或 ..），请只写文件名本身，例如 110101199001011234.jpg。')
      .refine((s) => !CONTROL_CHARS.test(s), '文件名含有看不见的控制字符（如换行、制表符），请把文件改名（只用文字、数字和常见标点）后重新添加。'),
  );
