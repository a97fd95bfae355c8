import type { CellValue, FieldKey } from '../domain/person.js';
import type { Issue } from '../domain/issue.js';
import type { CodeLookup } from './code-tables.js';
import { cellText } from './cell.js';
import { cleanText, compactText } from './text.js';
import { fieldLabel } from '../template.js';

/**
 * Fields whose value comes from a code table. Excel's habits handled here: codes typed as numbers
 * lose their leading zeros (02 -> 2, 020201 -> 20201), 01.02 becomes the number 1.02, booleans
 * arrive as TRUE/FALSE, names are written where the code is wanted.
 */

export interface FieldResult {
  value: string;
  issues: Issue[];
}

/** "（中共预备党员）" where the table knows the code's name, else nothing. */
function nameNote(lookup: CodeLookup, code: string): string {
  const name = lookup.nameOf(code);
  return name && name !== code ? `（${name}）` : '';
}

const TEXT_CELL_HINT = '建议把该列设为“文本”格式，以免 Excel 再次去掉开头的 0。';

export function checkCodeField(field: FieldKey, raw: CellValue, lookup: CodeLookup): FieldResult {
  const label = fieldLabel(field);
  const text = typeof raw === 'string' ? cleanText(raw) : cellText(raw);
  const r = lookup.resolve(text);
  switch (r.kind) {
    case 'ok':
      return { value: r.value, issues: [] };
    case 'padded':
      return {
        value: r.value,
        issues: [{
          field, code: 'code.padded', severity: 'fixed', value: text, fixed: r.value,
          message: `${label}“${text}”丢了开头的 0（Excel 把代码当成了数字），已改为“${r.value}”${nameNote(lookup, r.value)}。${TEXT_CELL_HINT}`,
        }],
      };
    case 'normalized':
      return {
        value: r.value,
        issues: [{
          field, code: 'code.normalized', severity: 'fixed', value: text, fixed: r.value,
          message: `${label}“${text}”已按代码表改为规范写法“${r.value}”，请核对。`,
        }],
      };
    case 'invalid':
      return {
        value: text,
        issues: [{
          field, code: 'code.invalid', severity: 'error', value: text,
          message: `${label}“${text}”不在${lookup.table.title}代码表中，请改为表中的值，如 ${lookup.listForMessage()}。`,
        }],
      };
  }
}

/** 是/否 fields: also TRUE/FALSE (Excel booleans), 1/0, Y/N, √/×. */
export function checkYesNo(field: FieldKey, raw: CellValue, lookup: CodeLookup): FieldResult {
  const label = fieldLabel(field);
  const text = typeof raw === 'boolean' ? (raw ? '是' : '否') : typeof raw === 'string' ? cleanText(raw) : cellText(raw);
  const r = lookup.resolve(text);
  if (r.kind === 'invalid') {
    return {
      value: text,
      issues: [{ field, code: 'bool.invalid', severity: 'error', value: cellText(raw), message: `${label}只能填“是”或“否”，现在是“${cellText(raw)}”，请改正。` }],
    };
  }
  if (r.value === cellText(raw)) return { value: r.value, issues: [] };
  return {
    value: r.value,
    issues: [{
      field, code: 'code.normalized', severity: 'fixed', value: cellText(raw), fixed: r.value,
      message: `${label}“${cellText(raw)}”已改为“${r.value}”，请核对。`,
    }],
  };
}

/** Separators people type between several 执法岗位 codes. */
const POST_SEPARATORS = /[,，、;；/|｜\s.。]+/;

const CANONICAL_POSTS = /^\d+(,\d+)*$/;

function isCanonicalCodeList(text: string, lookup: CodeLookup): boolean {
  const codes = text.split(',');
  for (let i = 0; i < codes.length; i++) {
    if (lookup.resolve(codes[i]!).kind !== 'ok' || (i > 0 && codes[i]! <= codes[i - 1]!)) return false;
  }
  return true;
}

/**
 * 执法岗位: one or more codes. Stored as "01,02". A number cell is read back into codes: 1.02 (from
 * 01.02) -> 01,02; 102 (from 0102) -> 01,02; 2 -> 02.
 */
export function checkPosts(raw: CellValue, lookup: CodeLookup): FieldResult {
  const field: FieldKey = 'posts';
  const label = fieldLabel(field);
  const shown = typeof raw === 'string' ? cleanText(raw) : cellText(raw);
  const width = lookup.table.codeLength;
  // The common case, already canonical ("01" or "01,02"): nothing to split, pad or sort.
  if (typeof raw === 'string' && CANONICAL_POSTS.test(shown) && isCanonicalCodeList(shown, lookup)) return { value: shown, issues: [] };
  const tokens = compactText(shown.replace(POST_SEPARATORS, ' ')) === '' ? [] : shown.split(POST_SEPARATORS).filter((t) => t !== '');
  const codes: string[] = [];
  const bad: string[] = [];
  let padded = typeof raw === 'number';
  let renamed = false;
  for (const token of tokens) {
    const t = token.normalize('NFKC');
    // "0102" typed without a separator, or the number 102 that Excel made of it.
    if (/^\d+$/.test(t) && t.length > width) {
      const whole = t.padStart(Math.ceil(t.length / width) * width, '0');
      const chunks = whole.match(new RegExp(`\\d{${width}}`, 'g')) ?? [];
      if (chunks.every((c) => lookup.resolve(c).kind === 'ok')) {
        codes.push(...chunks);
        padded = true;
        continue;
      }
    }
    const r = lookup.resolve(t);
    if (r.kind === 'invalid') bad.push(t);
    else {
      if (r.kind === 'padded') padded = true;
      if (r.kind === 'normalized') renamed = true;
      codes.push(r.value);
    }
  }
  const value = [...new Set(codes)].sort().join(',');
  if (bad.length > 0) {
    return {
      value: shown,
      issues: [{
        field, code: 'code.invalid', severity: 'error', value: shown,
        message: `${label}“${bad.join('、')}”不是有效代码。只能填 ${lookup.listForMessage()}，多个用逗号分隔，如 01,02。`,
      }],
    };
  }
  if (padded) {
    return {
      value,
      issues: [{
        field, code: 'code.padded', severity: 'fixed', value: shown, fixed: value,
        message: `${label}“${shown}”被 Excel 当成了数字、丢了开头的 0，已还原为“${value}”。${TEXT_CELL_HINT}`,
      }],
    };
  }
  if (renamed) {
    return {
      value,
      issues: [{
        field, code: 'code.normalized', severity: 'fixed', value: shown, fixed: value,
        message: `${label}只需填代码，“${shown}”已改为代码“${value}”，请核对。`,
      }],
    };
  }
  return { value, issues: [] };
}
