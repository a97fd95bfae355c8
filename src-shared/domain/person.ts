import { z } from 'zod';

/** Field keys of DESIGN.md, in template order. Renewal batches add the two `original*` fields. */
export const BASE_FIELD_KEYS = [
  'county',
  'name',
  'photo',
  'agency',
  'certNo',
  'certExpiry',
  'idNumber',
  'gender',
  'ethnicity',
  'birthDate',
  'political',
  'validFrom',
  'education',
  'major',
  'rankCode',
  'isLawMajor',
  'hasLegalQualification',
  'posts',
  'examCategory',
] as const;
export const RENEWAL_FIELD_KEYS = ['originalCertNo', 'originalAgency'] as const;
export const FIELD_KEYS = [...BASE_FIELD_KEYS, ...RENEWAL_FIELD_KEYS] as const;

export const fieldKeySchema = z.enum(FIELD_KEYS);
export type FieldKey = z.infer<typeof fieldKeySchema>;

export const batchKindSchema = z.enum(['new', 'renewal']);
export type BatchKind = z.infer<typeof batchKindSchema>;

/**
 * A cell as the workbook reader hands it over, before any rule has looked at it. Dates that Excel
 * itself stored as dates arrive as `{ date: 'YYYY-MM-DD' }`; everything else keeps its real type so
 * the rules can tell "Excel turned this into a number" from "the clerk typed text".
 */
export const excelDateSchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export type ExcelDate = z.infer<typeof excelDateSchema>;
export const cellValueSchema = z.union([z.null(), z.string(), z.number(), z.boolean(), excelDateSchema]);
export type CellValue = z.infer<typeof cellValueSchema>;

export const rawRowSchema = z.partialRecord(fieldKeySchema, cellValueSchema);
export type RawRow = z.infer<typeof rawRowSchema>;

export const genderSchema = z.enum(['男', '女']);
export type Gender = z.infer<typeof genderSchema>;

/** A person after normalisation: every field a string in the form the template asks for, '' if empty. */
export const personFieldsSchema = z.object({
  county: z.string(),
  name: z.string(),
  photo: z.string(),
  agency: z.string(),
  certNo: z.string(),
  certExpiry: z.string(),
  idNumber: z.string(),
  gender: z.string(),
  ethnicity: z.string(),
  birthDate: z.string(),
  political: z.string(),
  validFrom: z.string(),
  education: z.string(),
  major: z.string(),
  rankCode: z.string(),
  isLawMajor: z.string(),
  hasLegalQualification: z.string(),
  /** Canonical form: two-digit codes joined by ',' ("01,02"). */
  posts: z.string(),
  examCategory: z.string(),
  originalCertNo: z.string(),
  originalAgency: z.string(),
});
export type PersonFields = z.infer<typeof personFieldsSchema>;

/** A literal rather than a loop: one object shape, made once per row of large files. */
export function emptyPersonFields(): PersonFields {
  return {
    county: '', name: '', photo: '', agency: '', certNo: '', certExpiry: '', idNumber: '', gender: '', ethnicity: '',
    birthDate: '', political: '', validFrom: '', education: '', major: '', rankCode: '', isLawMajor: '',
    hasLegalQualification: '', posts: '', examCategory: '', originalCertNo: '', originalAgency: '',
  };
}
