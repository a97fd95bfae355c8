import { z } from 'zod';
import type { CodeTableName } from '../template.js';
import { cleanText } from './text.js';

/**
 * Code tables are data (resources/code-tables/*.json, later also sent down by the sync server), so a
 * province can replace one without a new release. The rules receive them as a parameter.
 */
export const codeEntrySchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
});
export type CodeEntry = z.infer<typeof codeEntrySchema>;

export const codeTableSchema = z.object({
  table: z.string(),
  title: z.string(),
  source: z.string().optional(),
  /** What the template cell holds: the code (政治面貌, 职级代码, 执法岗位) or the name (民族, 学历). */
  valueForm: z.enum(['code', 'name']),
  codeLength: z.number().int().positive(),
  /** Codes not in `entries` are still accepted when they match this (职级代码 until the real table is known). */
  acceptPattern: z.string().optional(),
  /** The cell may hold several codes (执法岗位). */
  multiple: z.boolean().optional(),
  entries: z.array(codeEntrySchema),
});
export type CodeTable = z.infer<typeof codeTableSchema>;

export type CodeTables = Record<CodeTableName, CodeTable>;
export const codeTablesSchema = z.object({
  ethnicity: codeTableSchema,
  political: codeTableSchema,
  education: codeTableSchema,
  rank: codeTableSchema,
  posts: codeTableSchema,
  examCategory: codeTableSchema,
  yesNo: codeTableSchema,
});

/** How one value relates to its table. */
/** Shared between calls (see `memo`), hence read-only. */
export type CodeResolution =
  | { readonly kind: 'ok'; readonly value: string }
  /** A code that lost its leading zeros and was padded back. */
  | { readonly kind: 'padded'; readonly value: string }
  /** Another accepted form (name for code, alias, code for name) rewritten to the template's form. */
  | { readonly kind: 'normalized'; readonly value: string }
  | { readonly kind: 'invalid' };

function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Precomputed lookups for one table; build once per table, not per row. */
export class CodeLookup {
  private readonly byCode = new Map<string, CodeEntry>();
  private readonly byName = new Map<string, CodeEntry>();
  private readonly byAlias = new Map<string, CodeEntry>();
  private readonly exactNames = new Set<string>();
  private readonly accept: RegExp | undefined;

  constructor(readonly table: CodeTable) {
    for (const e of table.entries) {
      this.byCode.set(e.code, e);
      this.byName.set(comparable(e.name), e);
      this.exactNames.add(e.name);
      for (const a of e.aliases ?? []) this.byAlias.set(comparable(a), e);
    }
    this.accept = table.acceptPattern ? new RegExp(table.acceptPattern) : undefined;
  }

  private formOf(e: CodeEntry): string {
    return this.table.valueForm === 'code' ? e.code : e.name;
  }

  private isKnownCode(code: string): boolean {
    return this.byCode.has(code) || (this.accept?.test(code) ?? false);
  }

  /**
   * Results by input text. A file repeats the same few values (汉族, 01, 大学本科) tens of thousands of
   * times; resolving each once saves the normalising and the allocations. Bounded, so a file of
   * random junk cannot grow it without limit.
   */
  private readonly memo = new Map<string, CodeResolution>();
  private static readonly MEMO_LIMIT = 2_000;

  /** One value (not empty). */
  resolve(text: string): CodeResolution {
    const known = this.memo.get(text);
    if (known) return known;
    const result = this.resolveUncached(text);
    if (this.memo.size < CodeLookup.MEMO_LIMIT) this.memo.set(text, result);
    return result;
  }

  private resolveUncached(text: string): CodeResolution {
    const t = cleanText(text);
    const { valueForm, codeLength } = this.table;
    if (valueForm === 'code' && this.isKnownCode(t)) return { kind: 'ok', value: t };
    if (valueForm === 'name' && this.exactNames.has(t)) return { kind: 'ok', value: t };

    if (/^\d+$/.test(t) && t.length < codeLength) {
      const padded = t.padStart(codeLength, '0');
      if (this.isKnownCode(padded)) {
        const entry = this.byCode.get(padded);
        if (valueForm === 'code') return { kind: 'padded', value: padded };
        if (entry) return { kind: 'normalized', value: entry.name };
      }
    }
    if (valueForm === 'name' && this.byCode.has(t)) return { kind: 'normalized', value: this.byCode.get(t)!.name };
    const named = this.byName.get(comparable(t)) ?? this.byAlias.get(comparable(t));
    if (named) return { kind: 'normalized', value: this.formOf(named) };
    return { kind: 'invalid' };
  }

  /** The name of a code ("02" -> "中共预备党员"), for messages. */
  nameOf(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }

  /** "01 中共党员、02 中共预备党员…" for messages; long tables are shortened. */
  listForMessage(max = 6): string {
    const items = this.table.entries.slice(0, max).map((e) => (this.table.valueForm === 'code' ? `${e.code} ${e.name}` : e.name));
    if (items.length === 0) return this.table.acceptPattern ? `${this.table.codeLength} 位数字代码` : '';
    return items.join('、') + (this.table.entries.length > max ? ' 等' : '');
  }
}

export type CodeLookups = Record<CodeTableName, CodeLookup>;

export function buildLookups(tables: CodeTables): CodeLookups {
  return {
    ethnicity: new CodeLookup(tables.ethnicity),
    political: new CodeLookup(tables.political),
    education: new CodeLookup(tables.education),
    rank: new CodeLookup(tables.rank),
    posts: new CodeLookup(tables.posts),
    examCategory: new CodeLookup(tables.examCategory),
    yesNo: new CodeLookup(tables.yesNo),
  };
}
