import type { FieldKey } from './domain/person.js';
import { RENEWAL_COLUMNS, fieldForHeader, normalizeHeader, SEQ_HEADER } from './template.js';

/**
 * Finding the template's header row in a filled workbook: clerks add title rows, blank rows, a
 * second title, or paste the table lower down, and retype headers with spaces or garbled words.
 */

export interface HeaderColumn {
  /** 1-based column number. */
  col: number;
  key: FieldKey;
  header: string;
}

export interface HeaderMatch {
  columns: HeaderColumn[];
  /** 1-based column of 序号, if present. */
  seqCol?: number;
  /** The header names the renewal columns (原证件号码, 原发证单位). */
  hasRenewalColumns: boolean;
}

/** At least this many template headers must be recognised for a row to count as the header. */
const MIN_RECOGNISED = 5;

/** `texts[i]` is the text of column i+1. Returns undefined when the row is not the template header. */
export function matchHeaderRow(texts: readonly string[]): HeaderMatch | undefined {
  const columns: HeaderColumn[] = [];
  const seen = new Set<FieldKey>();
  let seqCol: number | undefined;
  texts.forEach((text, i) => {
    if (!text) return;
    if (normalizeHeader(text) === SEQ_HEADER) {
      seqCol ??= i + 1;
      return;
    }
    const key = fieldForHeader(text);
    if (key && !seen.has(key)) {
      seen.add(key);
      columns.push({ col: i + 1, key, header: text });
    }
  });
  if (columns.length < MIN_RECOGNISED || !seen.has('idNumber') || !seen.has('name')) return undefined;
  return {
    columns,
    ...(seqCol !== undefined ? { seqCol } : {}),
    hasRenewalColumns: RENEWAL_COLUMNS.some((c) => seen.has(c.key)),
  };
}
