/**
 * 证件编号规则 (取证, Fujian note ⑨: "按各执法单位证照编号规则生成编号后上传"): a unit writes its own
 * numbering rule as a pattern, and the desktop turns it into one number per passed person.
 *
 * The pattern language (small on purpose, so a clerk can read it):
 *   {单位代码}      the unit's code as the clerk typed it beside the rule (letters and digits)
 *   {年份}          the four-digit year of the 成绩合格确认公告 (2026)
 *   {年份:2}        its last two digits (26)
 *   {序号}          the running number, as it is (1, 2 … 10)
 *   {序号:N}        the running number zero-padded to N digits, N from 1 to 10 ({序号:4} → 0001)
 *   anything else   written as it is: letters, digits, Chinese characters, '-' and '_'
 * {序号} must appear exactly once (it is what makes the numbers differ); the others at most once each.
 * Braces are the only special characters; a number longer than CERT_NO_MAX characters is refused.
 * Example: `{单位代码}{年份}{序号:4}` with code 350100 → 35010020260001, 35010020260002 …
 *
 * Pure: the parser answers a Chinese message for a bad pattern, the formatter never throws for a
 * parsed pattern (a sequence wider than its padding is written in full, like 10000 with {序号:4}).
 */

export const CERT_NO_MAX = 40;
export const CERT_PATTERN_MAX = 60;
export const UNIT_CODE_MAX = 20;
/** The default rule offered to a clerk who has none yet. */
export const DEFAULT_CERT_PATTERN = '{单位代码}{年份}{序号:4}';

export type CertPatternPart =
  | { kind: 'text'; text: string }
  | { kind: 'unitCode' }
  | { kind: 'year'; digits: 2 | 4 }
  | { kind: 'seq'; width: number };

export interface CertPattern {
  source: string;
  parts: CertPatternPart[];
}

export type PatternParse = { ok: true; pattern: CertPattern } | { ok: false; message: string };

/** A certificate number's characters: what survives Excel, a form and a URL unchanged. */
export const CERT_NO_CHARS = /^[0-9A-Za-z\u4e00-\u9fa5_-]+$/;
const LITERAL_CHARS = CERT_NO_CHARS;
const UNIT_CODE_CHARS = /^[0-9A-Za-z]+$/;

const PLACEHOLDERS = '{单位代码}、{年份}、{年份:2}、{序号}、{序号:4}';

function placeholder(body: string): CertPatternPart | string {
  const [name = '', arg, ...rest] = body.split(/[:：]/).map((s) => s.trim());
  if (rest.length > 0) return `“{${body}}”的冒号多了，请写成 {序号:4} 这样。`;
  switch (name) {
    case '单位代码':
      return arg === undefined ? { kind: 'unitCode' } : `{单位代码}后面不能加位数，请去掉“:${arg}”。`;
    case '年份':
      if (arg === undefined || arg === '4') return { kind: 'year', digits: 4 };
      if (arg === '2') return { kind: 'year', digits: 2 };
      return `{年份}只能是 4 位（{年份}）或 2 位（{年份:2}），“:${arg}”不行。`;
    case '序号': {
      if (arg === undefined) return { kind: 'seq', width: 1 };
      const w = /^\d{1,2}$/.test(arg) ? Number(arg) : NaN;
      if (!(w >= 1 && w <= 10)) return `{序号:${arg}}的位数应为 1 到 10 的整数，如 {序号:4} 表示 0001。`;
      return { kind: 'seq', width: w };
    }
    default:
      return `不认识“{${body}}”。编号规则里能用的是：${PLACEHOLDERS}。`;
  }
}

/** Reads a rule; a bad one gets a Chinese message that says what to change. */
export function parseCertPattern(source: string): PatternParse {
  const text = source.trim();
  if (text === '') return { ok: false, message: `请填写编号规则，如 ${DEFAULT_CERT_PATTERN}。` };
  if (text.length > CERT_PATTERN_MAX) return { ok: false, message: `编号规则太长（最多 ${CERT_PATTERN_MAX} 个字符），请精简。` };
  const parts: CertPatternPart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    const close = text.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) return { ok: false, message: `编号规则第 ${close + 1} 个字符“}”前面少了“{”，请检查括号是否成对。` };
    const end = open === -1 ? text.length : open;
    if (end > i) {
      const literal = text.slice(i, end);
      if (!LITERAL_CHARS.test(literal)) {
        return { ok: false, message: `编号规则里的“${literal}”含有不能用在证件号中的字符（如空格、标点）。固定的部分只能用汉字、字母、数字、“-”和“_”。` };
      }
      parts.push({ kind: 'text', text: literal });
    }
    if (open === -1) break;
    const closeAfter = text.indexOf('}', open);
    if (closeAfter === -1) return { ok: false, message: `编号规则第 ${open + 1} 个字符“{”没有对应的“}”，请补上。` };
    const inner = text.slice(open + 1, closeAfter);
    if (inner.includes('{')) return { ok: false, message: `编号规则第 ${open + 1} 个字符“{”没有对应的“}”，请补上。` };
    const part = placeholder(inner.trim());
    if (typeof part === 'string') return { ok: false, message: part };
    parts.push(part);
    i = closeAfter + 1;
  }
  const count = (k: CertPatternPart['kind']) => parts.filter((p) => p.kind === k).length;
  if (count('seq') === 0) return { ok: false, message: `编号规则里要有 {序号}（如 {序号:4}），否则每个人的证件号都一样。` };
  if (count('seq') > 1) return { ok: false, message: '编号规则里 {序号} 只能出现一次。' };
  if (count('unitCode') > 1) return { ok: false, message: '编号规则里 {单位代码} 只能出现一次。' };
  if (count('year') > 1) return { ok: false, message: '编号规则里 {年份} 只能出现一次。' };
  return { ok: true, pattern: { source: text, parts } };
}

/** Whether the rule needs a 单位代码 beside it. */
export function usesUnitCode(pattern: CertPattern): boolean {
  return pattern.parts.some((p) => p.kind === 'unitCode');
}

/** The unit code typed beside the rule, or a Chinese message ('' is fine when the rule has no {单位代码}). */
export function checkUnitCode(pattern: CertPattern, unitCode: string): string | undefined {
  const code = unitCode.trim();
  if (!usesUnitCode(pattern)) return undefined;
  if (code === '') return '编号规则里有 {单位代码}，请填写本单位的单位代码。';
  if (code.length > UNIT_CODE_MAX) return `单位代码太长（最多 ${UNIT_CODE_MAX} 位），请检查。`;
  if (!UNIT_CODE_CHARS.test(code)) return '单位代码只能是字母和数字，请检查。';
  return undefined;
}

/** One number: the rule with the unit code, the year (of the 公告 date) and the sequence put in. */
export function formatCertNumber(pattern: CertPattern, v: { unitCode: string; year: number; seq: number }): string {
  return pattern.parts
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'unitCode':
          return v.unitCode.trim();
        case 'year':
          return p.digits === 4 ? String(v.year).padStart(4, '0') : String(v.year % 100).padStart(2, '0');
        case 'seq':
          return String(v.seq).padStart(p.width, '0');
      }
    })
    .join('');
}

/** A certificate number's own check (uploaded or typed): a Chinese message, or undefined when fine. */
export function certNumberProblem(certNo: string): string | undefined {
  if (certNo === '') return '证件号不能为空。';
  if (certNo.length > CERT_NO_MAX) return `证件号“${certNo.slice(0, 20)}…”太长（最多 ${CERT_NO_MAX} 个字符），请把编号规则改短。`;
  if (!CERT_NO_CHARS.test(certNo)) return `证件号“${certNo}”含有不能用的字符，只能用汉字、字母、数字、“-”和“_”。`;
  return undefined;
}
