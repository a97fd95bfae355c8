import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from '../../src-shared/contract/sync-api.js';
import { weakPasswordReason } from '../../src-shared/weak-passwords.js';
import { LoginThrottle } from '../../src-server/auth/ip-throttle.js';
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

describe('LoginThrottle', () => {
  it('counts per (address, name) and different names per address, within the window', () => {
    const t = new LoginThrottle(3, 2, 1000);
    for (let i = 0; i < 3; i++) t.recordFailure('1.1.1.1', 'Alice', i);
    expect(t.nameRetryAfterMs('1.1.1.1', ' alice ', 10)).toBeGreaterThan(0);
    expect(t.nameRetryAfterMs('2.2.2.2', 'alice', 10)).toBe(0);
    expect(t.addressRetryAfterMs('1.1.1.1', 10)).toBe(0); // one name only
    t.recordFailure('1.1.1.1', 'bob', 20);
    expect(t.addressRetryAfterMs('1.1.1.1', 30)).toBe(1000 - 28); // alice's last failure at 2 ends first
    expect(t.addressRetryAfterMs('1.1.1.1', 1003)).toBe(0);
    expect(t.nameRetryAfterMs('1.1.1.1', 'alice', 1003)).toBe(0);
    t.recordFailure('3.3.3.3', 'carol', 0);
    t.recordSuccess('3.3.3.3', 'carol');
    expect(t.nameRetryAfterMs('3.3.3.3', 'carol', 1)).toBe(0);
  });

  it('keeps a bounded number of entries', () => {
    const t = new LoginThrottle(5, 100, 60_000, 50);
    for (let i = 0; i < 1000; i++) t.recordFailure(`10.0.${i >> 8}.${i & 255}`, `user${i}`, i);
    const inner = t as unknown as { perName: Map<string, unknown>; perAddress: Map<string, unknown> };
    expect(inner.perName.size).toBeLessThanOrEqual(50);
    expect(inner.perAddress.size).toBeLessThanOrEqual(50);
  });
});
