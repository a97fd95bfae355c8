import type { CellValue, Gender } from '../domain/person.js';
import type { Issue } from '../domain/issue.js';
import { cellText, numberText } from './cell.js';
import { compactText } from './text.js';
import { isValidYmd, toIso } from './dates.js';

/**
 * ID numbers (GB 11643-1999 and the residence-permit and permanent-residence IDs that follow its
 * layout). An ID is text from the first moment: a JS number cannot hold 18 digits, and Excel keeps
 * only 15 significant ones.
 */

export type IdKind =
  /** 18-digit resident ID card. */
  | 'citizen'
  /** 15-digit card issued before 1999, upgraded to 18 digits on import. */
  | 'legacy15'
  /** Residence permit for residents of Hong Kong, Macau, Taiwan (address code 810000 / 820000 / 830000). */
  | 'hkmotw'
  /** Foreigner's permanent-residence ID card, 2023 design, starts with 9. */
  | 'foreignPermanent';

export interface IdAnalysis {
  /** The ID in its normal form (18 characters, upper-case X) or as close to it as could be read. */
  value: string;
  kind?: IdKind;
  /** Present only when the ID's birth date is a real, past date. */
  birthDate?: string;
  /** From the sequence digit's parity (odd = 男); present whenever the ID has a readable layout. */
  gender?: Gender;
  issues: Issue[];
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Province-level codes of GB/T 2260, plus 71 Taiwan, 81 Hong Kong, 82 Macau, 83 (Taiwan residents' permits). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);
/** Residence permits of Hong Kong, Macau and Taiwan residents carry these whole address codes. */
const PERMIT_ADDRESS_CODES = new Set(['810000', '820000', '830000']);
/** Permanent-residence IDs name the mainland province that issued them. */
const MAINLAND_PROVINCES = new Set([...PROVINCE_CODES].filter((c) => c < '70'));

/** The MOD 11-2 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** 15-digit legacy ID -> 18 digits: insert "19" before the 2-digit year, append the check character. */
export function upgradeLegacyId(id15: string): string {
  const first17 = id15.slice(0, 6) + '19' + id15.slice(6);
  return first17 + idCheckChar(first17);
}

const KIND_LABEL: Record<IdKind, string> = {
  citizen: '居民身份证号',
  legacy15: '身份证号',
  hkmotw: '港澳台居民居住证号',
  foreignPermanent: '外国人永久居留身份证号',
};

function issue(code: Issue['code'], severity: Issue['severity'], message: string, value: string, fixed?: string): Issue {
  return { field: 'idNumber', code, severity, message, value, ...(fixed !== undefined ? { fixed } : {}) };
}

/** A number as Excel keeps it: the first 15 significant digits, the rest zeros ("440308199901101000"). */
const EXCEL_DIGITS = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15, roundingMode: 'trunc' });
function excelDigits(n: number): string {
  return EXCEL_DIGITS.format(n);
}

const PRECISION_MESSAGE =
  '身份证号被 Excel 存成了数字，只保留了前 15 位，后几位已变成 0，无法恢复。请把该列设为“文本”格式，再重新输入完整的身份证号。';

/**
 * Reads and checks one ID cell. `today` (YYYY-MM-DD) decides what "in the future" means.
 */
export function analyzeIdNumber(raw: CellValue | undefined, today: string): IdAnalysis {
  const shown = cellText(raw ?? null);
  if (raw === null || raw === undefined || compactText(shown) === '') {
    return { value: '', issues: [issue('required', 'error', '身份证号未填写，请填写 18 位身份证号。', '')] };
  }
  if (typeof raw === 'number') {
    if (raw >= 1e15 || !Number.isInteger(raw)) {
      const asExcelShows = excelDigits(raw);
      return { value: asExcelShows, issues: [issue('id.excel_precision', 'error', PRECISION_MESSAGE, asExcelShows)] };
    }
  } else if (typeof raw === 'string' && /^\d(\.\d+)?E\+?\d+$/i.test(compactText(raw))) {
    // Scientific notation as text: a CSV saved by Excel from a numeric ID column ("4.40308E+17").
    return { value: compactText(raw), issues: [issue('id.excel_precision', 'error', PRECISION_MESSAGE, shown)] };
  } else if (typeof raw !== 'string') {
    return { value: shown, issues: [issue('id.format', 'error', `身份证号“${shown}”不是号码，请填写 18 位身份证号。`, shown)] };
  }

  const issues: Issue[] = [];
  const original = typeof raw === 'number' ? numberText(raw) : raw;
  let id = compactText(original).toUpperCase();
  if (typeof raw === 'string' && id !== raw) {
    const what: string[] = [];
    if (/[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]/.test(raw)) what.push('去掉了空格');
    if (raw.normalize('NFKC') !== raw) what.push('全角字符改成了半角');
    if (id !== compactText(raw)) what.push('小写 x 改成了大写 X');
    issues.push(issue('id.format', 'fixed', `身份证号已自动整理为“${id}”（${what.join('，') || '去掉了多余字符'}），请核对。`, raw, id));
  }

  let kind: IdKind;
  if (/^\d{15}$/.test(id)) {
    kind = 'legacy15';
  } else if (/^\d{17}[\dX]$/.test(id)) {
    kind = id.startsWith('9') ? 'foreignPermanent' : PERMIT_ADDRESS_CODES.has(id.slice(0, 6)) ? 'hkmotw' : 'citizen';
  } else {
    const len = [...id].length;
    const why = /^[\dX]*$/.test(id) ? `现在是 ${len} 位` : '含有数字和 X 以外的字符';
    issues.push(issue('id.format', 'error', `身份证号“${id}”格式不对：应为 18 位（旧证 15 位）数字，最后一位可以是 X，${why}。请核对后重新填写。`, shown));
    return { value: id, issues };
  }

  const label = KIND_LABEL[kind];
  const region = kind === 'foreignPermanent' ? id.slice(1, 3) : id.slice(0, 2);
  const regionOk = kind === 'foreignPermanent' ? MAINLAND_PROVINCES.has(region) : PROVINCE_CODES.has(region);
  if (!regionOk) {
    const where = kind === 'foreignPermanent' ? '第 2、3 位' : '前两位';
    issues.push(issue('id.region', 'error', `${label}${where}“${region}”不是任何省份的代码，请核对身份证号。`, shown));
  }

  const birthDigits = kind === 'legacy15' ? '19' + id.slice(6, 12) : id.slice(6, 14);
  const y = Number(birthDigits.slice(0, 4));
  const m = Number(birthDigits.slice(4, 6));
  const d = Number(birthDigits.slice(6, 8));
  let birthDate: string | undefined;
  if (!isValidYmd(y, m, d) || y < 1900) {
    issues.push(issue('id.birthdate', 'error', `${label}中的出生日期“${birthDigits}”不是有效日期，请核对身份证号。`, shown));
  } else if (toIso(y, m, d) > today) {
    issues.push(issue('id.birthdate', 'error', `${label}中的出生日期 ${toIso(y, m, d)} 晚于今天，请核对身份证号。`, shown));
  } else {
    birthDate = toIso(y, m, d);
  }
  const sexDigit = Number(kind === 'legacy15' ? id[14] : id[16]);
  const gender: Gender = sexDigit % 2 === 1 ? '男' : '女';

  if (kind === 'legacy15') {
    const upgraded = upgradeLegacyId(id);
    issues.push(issue('id.format', 'fixed', `15 位旧身份证号已按国家标准升级为 18 位：${upgraded}，请核对。`, shown, upgraded));
    id = upgraded;
  } else {
    const expected = idCheckChar(id.slice(0, 17));
    if (id[17] !== expected) {
      const hint = id.endsWith('000') ? '（末尾是 000，可能是 Excel 把号码存成数字后丢了末几位）' : '';
      issues.push(issue('id.checksum', 'error', `${label}第 18 位校验码应为 ${expected}，现在是 ${id[17]}${hint}，请核对身份证号。`, shown));
    }
  }

  return { value: id, kind, ...(birthDate ? { birthDate } : {}), gender, issues };
}
