import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../src-shared/contract/sync-api.js';
import { weakPasswordReason } from '../../src-shared/weak-passwords.js';
import { generatePassword } from '../../src-server/auth/password.js';

describe('the shared deny list (src-shared/weak-passwords.ts)', () => {
  it('refuses common and pattern passwords, in any case and with the usual substitutions', () => {
    const weak = [
      'P@ssw0rd', 'p@SSW0RD', 'Passw0rd!', 'Aa123456', '1qaz2wsx', '1QAZ2WSX', 'qwer1234', '11111111a', 'abc12345', 'password1', 'Pa$$w0rd1',
      'zhangsan1', 'ZhangSan2024', 'wangxiaoming88', 'ouyangfeng1', 'Admin@2024', 'admin123456', 'woaini1314', 'asdf1234', 'zxcvbnm1',
      '1q2w3e4r5t', 'qazwsx123', 'aaaa1111', 'abab1212', 'a1a1a1a1a1', 'abcd2024', '19900101a', 'a20240101', 'Qwerty123', 'sifaju2024',
    ];
    for (const p of weak) {
      const reason = weakPasswordReason(p);
      expect(reason, p).not.toBeNull();
      expect(reason!).toMatch(/[\u4e00-\u9fff]/);
      expect(newPasswordSchema.safeParse(p).success, p).toBe(false);
    }
  });

  it('refuses the user name and a Latin display name inside the password', () => {
    expect(weakPasswordReason('xqz-lisi77-Kp', { username: 'lisi77' })).toMatch(/用户名/);
    expect(weakPasswordReason('Mark-Brown-7q', { username: 'u1', words: ['Brown'] })).toMatch(/姓名/);
  });

  it('accepts passwords that are not on it', () => {
    for (const p of ['GoodPass2026', 'Lan9Hai-Qiao27', 'Tiger7Lamp42', 'MyDog2Loves5Cats', 'Xk3m9Pq2w', 'Handlers2026', 'Another2026x', 'Hu1nan2Zhou3x']) {
      expect(weakPasswordReason(p), p).toBeNull();
      expect(newPasswordSchema.safeParse(p).success, p).toBe(true);
    }
  });

  it('never refuses a generated initial password', () => {
    for (let i = 0; i < 300; i++) expect(weakPasswordReason(generatePassword())).toBeNull();
  });
});
