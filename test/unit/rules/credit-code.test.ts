import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARS, creditCodeCheckChar, creditCodeProblem, normalizeCreditCode } from '../../../src-shared/rules/credit-code.js';
import { paymentFieldsSchema } from '../../../src-shared/contract/sync-payments.js';

/** 统一社会信用代码 (GB 32100-2015) as the taxpayer number on a receipt: format and check character. */
describe('credit code', () => {
  it('computes the check character of published codes (31 written as 0)', () => {
    // 91350100M000100Y43 is the standard's own example.
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeProblem('91350100M000100Y43')).toBeUndefined();
    // Some code whose sum is a multiple of 31 gets '0': find one and check it is accepted.
    const zero = Array.from({ length: 31 * 31 }, (_, i) => `9135010000000${String(i).padStart(4, '0')}`).find((c) => creditCodeCheckChar(c) === '0')!;
    expect(zero).toBeDefined();
    expect(creditCodeProblem(`${zero}0`)).toBeUndefined();
  });

  it('says in Chinese what is wrong: length, a letter the code never uses, the check character', () => {
    expect(creditCodeProblem('')).toMatch(/请填写纳税人识别号/);
    expect(creditCodeProblem('91350100M000100Y4')).toMatch(/应为 18 位，现在是 17 位/);
    for (const ch of ['I', 'O', 'Z', 'S', 'V', '-']) {
      expect(CREDIT_CODE_CHARS.includes(ch)).toBe(false);
      expect(creditCodeProblem(`91350100M000100${ch}43`)).toMatch(new RegExp(`不能有“\\${ch}”`));
    }
    expect(creditCodeProblem('91350100M000100Y44')).toBe('纳税人识别号（统一社会信用代码）第 18 位校验码应为 3，现在是 4，请对照证书核对是否抄错。');
  });

  it('takes it as copied: spaces (also full-width) dropped, letters in capitals', () => {
    expect(normalizeCreditCode(' 9135 0100m000100y43\u3000')).toBe('91350100M000100Y43');
    const parsed = paymentFieldsSchema.safeParse({
      transferRef: '附言：青秀区市场监管局 2 人', receiptTitle: '南宁市青秀区市场监督管理局', taxpayerId: '91350100m000100y43',
      pickupName: '李明', pickupPhone: '0771-5551234', mailingAddress: '南宁市青秀区民族大道100号',
    });
    expect(parsed.success && parsed.data.taxpayerId).toBe('91350100M000100Y43');
  });

  it('the form schema refuses a wrong code and a phone that is neither a mobile nor a landline', () => {
    const base = { transferRef: 'x', receiptTitle: 'x', taxpayerId: '91350100M000100Y43', pickupName: '李明', pickupPhone: '13800138000', mailingAddress: 'x' };
    const first = (v: unknown) => {
      const r = paymentFieldsSchema.safeParse(v);
      return r.success ? '' : r.error.issues[0]!.message;
    };
    expect(first(base)).toBe('');
    expect(first({ ...base, taxpayerId: '91350100M000100Y40' })).toMatch(/校验码应为 3/);
    expect(first({ ...base, pickupPhone: '138001380' })).toMatch(/11 位手机号/);
    expect(first({ ...base, pickupPhone: '0771-5551234转8' })).toBe('');
  });
});
