/**
 * 统一社会信用代码 (GB 32100-2015), which is also the taxpayer number (纳税人识别号) on a receipt: 18
 * characters from 0–9 and the capital letters without I, O, Z, S and V; the last one is a check
 * character, 31 minus the weighted sum of the first 17 modulo 31 (31 itself written as 0).
 */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character the first 17 characters call for (they must be from CREDIT_CODE_CHARS). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARS[c === 31 ? 0 : c]!;
}

/** As typed, with spaces dropped and letters in capitals (a clerk copies it from a licence or a PDF). */
export function normalizeCreditCode(raw: string): string {
  return raw.replace(/[\s\u3000]/g, '').toUpperCase();
}

/**
 * Why the (normalized) code is not a 统一社会信用代码, in Chinese with what to do; undefined when it is one.
 */
export function creditCodeProblem(code: string): string | undefined {
  if (code === '') return '请填写纳税人识别号（统一社会信用代码，18 位，见营业执照或事业单位法人证书）。';
  if (code.length !== 18) return `纳税人识别号（统一社会信用代码）应为 18 位，现在是 ${code.length} 位，请对照证书核对。`;
  const bad = [...code].find((ch) => !CREDIT_CODE_CHARS.includes(ch));
  if (bad !== undefined) {
    return `纳税人识别号（统一社会信用代码）里不能有“${bad}”：只能是数字和大写字母（不含 I、O、Z、S、V），请对照证书核对。`;
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return `纳税人识别号（统一社会信用代码）第 18 位校验码应为 ${expected}，现在是 ${code[17]}，请对照证书核对是否抄错。`;
  return undefined;
}
