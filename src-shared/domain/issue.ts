import { z } from 'zod';

/**
 * One validation finding. The codes are a contract (DESIGN.md): the CLI's JSON, the server and the
 * acceptance checks match on them, so a code is never renamed; new ones may be added.
 */
export const ISSUE_CODES = [
  'required',
  'id.format',
  'id.checksum',
  'id.birthdate',
  'id.region',
  'id.excel_precision',
  'id.duplicate',
  'birthdate.mismatch',
  'gender.mismatch',
  'age.range',
  'date.format',
  'code.invalid',
  'code.padded',
  // A code-table value written in another accepted form (the name where the template wants the code,
  // 汉 for 汉族, Y for 是) and rewritten into the form the template asks for. Always severity `fixed`.
  'code.normalized',
  'bool.invalid',
  'name.invalid',
  'validity.range',
  'renewal.missing',
  'photo.missing',
  'photo.format',
  'photo.dimensions',
  'photo.filesize',
  'photo.dpi',
  'photo.background',
  'photo.color',
  'photo.unmatched',
  // The person's 考试类别 is not the 考试类别 of the exam the batch registers for (issue 19).
  'exam.category_mismatch',
] as const;

export const issueCodeSchema = z.enum(ISSUE_CODES);
export type IssueCode = z.infer<typeof issueCodeSchema>;

export const severitySchema = z.enum(['error', 'warning', 'fixed']);
export type Severity = z.infer<typeof severitySchema>;
/** The word for each severity, as the lists, the review console and the CLI show it. */
export const SEVERITY_LABEL: Record<Severity, string> = { error: '错误', warning: '提醒', fixed: '已修正' };

export const issueSchema = z.object({
  field: z.string(),
  code: issueCodeSchema,
  severity: severitySchema,
  /** Chinese, says what is wrong and what to do next. */
  message: z.string(),
  /** The value as it was found, for the clerk to recognise. */
  value: z.string().optional(),
  /** With severity `fixed`: the value the app put in its place. */
  fixed: z.string().optional(),
});
export type Issue = z.infer<typeof issueSchema>;

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
