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
 * Where a jurisdiction sits in the tree: a city judicial bureau, a county bureau under one, the
 * province's judicial bureau, or a department directly under the province (厅、局, 南宁铁路局, 农垦局)
 * whose legal office reviews its units' people first. A department reviews at the lower tier ('county'),
 * the province at the upper ('city'): the review level stays two-valued on the wire and in the feed, so
 * desktops that know only 县级/市级 keep working; `kind` (optional where older servers omit it) says
 * how to name the step.
 */
export const jurisdictionKindSchema = z.enum(['city', 'county', 'province', 'department']);
export type JurisdictionKind = z.infer<typeof jurisdictionKindSchema>;
/** The review tier of each kind. */
export const KIND_LEVEL: Record<JurisdictionKind, ReviewLevel> = { city: 'city', county: 'county', province: 'city', department: 'county' };
/** How a person reads a kind in a list of bureaus. */
export const JURISDICTION_KIND_NAME: Record<JurisdictionKind, string> = { city: '市级司法局', county: '县级司法局', province: '省级司法厅', department: '省直部门' };
const STEP_NAME: Record<JurisdictionKind, string> = { city: '市级', county: '县级', province: '省级', department: '部门法制机构' };
/**
 * `{ kind }` for the province and its departments, `{}` for a city or county bureau: answers carry the
 * kind only where the level alone would name the step wrongly, so they stay as they were elsewhere.
 */
export function provinceKind(kind: JurisdictionKind | null | undefined): { kind?: 'province' | 'department' } {
  return kind === 'province' || kind === 'department' ? { kind } : {};
}
/** A review step as answers name it: where a person waits, where an approval sends them. */
export const reviewStepSchema = z.object({ level: reviewLevelSchema, jurisdiction: z.string(), kind: jurisdictionKindSchema.optional() });
export type ReviewStep = z.infer<typeof reviewStepSchema>;
/** How a review step reads before 审核 or in brackets: 县级, 市级, 部门法制机构, 省级 (by the level alone when the kind is not known). */
export function reviewStepName(level: ReviewLevel, kind?: JurisdictionKind | null): string {
  return kind ? STEP_NAME[kind] : REVIEW_LEVEL_NAME[level];
}

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
