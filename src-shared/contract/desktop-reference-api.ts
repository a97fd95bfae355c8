import { z } from 'zod';
import { codeEntrySchema, codeTableSchema } from '../rules/code-tables.js';

/**
 * The code tables in force (the server's last copy, else the shipped files) for the person form's
 * drop-downs. Each entry carries the pinyin initials of its name and aliases (大学本科 → dxbk), made
 * in main, so the clerk can find 维吾尔族 by typing "wwe" and the window needs no pinyin dictionary.
 * Spread into DESKTOP_API; implemented in src-main/services/reference-handlers.ts.
 */

export const codeChoiceSchema = codeEntrySchema.extend({
  /** Lower-case initials of the name, then of each alias, in that order. */
  initials: z.array(z.string()),
});
export type CodeChoice = z.infer<typeof codeChoiceSchema>;

export const codeChoicesSchema = codeTableSchema.extend({ entries: z.array(codeChoiceSchema) });
export type CodeChoices = z.infer<typeof codeChoicesSchema>;

export const codeChoiceTablesSchema = z.object({
  ethnicity: codeChoicesSchema,
  political: codeChoicesSchema,
  education: codeChoicesSchema,
  rank: codeChoicesSchema,
  posts: codeChoicesSchema,
  examCategory: codeChoicesSchema,
  yesNo: codeChoicesSchema,
});
export type CodeChoiceTables = z.infer<typeof codeChoiceTablesSchema>;

export const DESKTOP_REFERENCE_API = {
  /** The code tables the rules use now, with pinyin initials, for the form's choices. */
  'reference.codeTables': { input: z.object({}).strict().optional(), output: codeChoiceTablesSchema },
} satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
