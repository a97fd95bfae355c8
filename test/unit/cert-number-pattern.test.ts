import { describe, expect, it } from 'vitest';
import { certNumberProblem, checkUnitCode, DEFAULT_CERT_PATTERN, formatCertNumber, parseCertPattern, type CertPattern } from '../../src-shared/cert-number-pattern.js';

const CHINESE = /\p{Script=Han}/u;

function parsed(source: string): CertPattern {
  const r = parseCertPattern(source);
  if (!r.ok) throw new Error(r.message);
  return r.pattern;
}

function refusal(source: string): string {
  const r = parseCertPattern(source);
  if (r.ok) throw new Error(`"${source}" was taken`);
  expect(r.message).toMatch(CHINESE);
  return r.message;
}

describe('the certificate-number pattern language', () => {
  it('formats the default rule with the unit code, the year and a zero-padded sequence', () => {
    const p = parsed(DEFAULT_CERT_PATTERN);
    expect(formatCertNumber(p, { unitCode: '350100', year: 2026, seq: 1 })).toBe('35010020260001');
    expect(formatCertNumber(p, { unitCode: '350100', year: 2026, seq: 123 })).toBe('35010020260123');
  });

  it('keeps fixed text, Chinese included, and reads {年份:2}, {序号} and a full-width colon', () => {
    const p = parsed('闽执-{年份:2}-{单位代码}_{序号：6}');
    expect(formatCertNumber(p, { unitCode: 'FZ01', year: 2026, seq: 42 })).toBe('闽执-26-FZ01_000042');
    expect(formatCertNumber(parsed('A{序号}'), { unitCode: '', year: 2026, seq: 7 })).toBe('A7');
  });

  it('writes a sequence wider than its padding in full instead of cutting it', () => {
    expect(formatCertNumber(parsed('{序号:2}'), { unitCode: '', year: 2026, seq: 123 })).toBe('123');
  });

  it('refuses bad patterns in Chinese, saying what to change', () => {
    expect(refusal('')).toContain('请填写编号规则');
    expect(refusal('{单位代码}{年份}')).toContain('{序号}');
    expect(refusal('{序号}{序号:2}')).toContain('只能出现一次');
    expect(refusal('{年份}{年份:2}{序号}')).toContain('{年份} 只能出现一次');
    expect(refusal('{单位}{序号}')).toContain('不认识“{单位}”');
    expect(refusal('{序号:0}')).toContain('1 到 10');
    expect(refusal('{序号:11}')).toContain('1 到 10');
    expect(refusal('{年份:3}{序号}')).toContain('{年份:2}');
    expect(refusal('{单位代码:4}{序号}')).toContain('不能加位数');
    expect(refusal('{序号')).toContain('没有对应的“}”');
    expect(refusal('序号}')).toContain('少了“{”');
    expect(refusal('A B{序号}')).toContain('不能用在证件号中');
    expect(refusal('X'.repeat(61) + '{序号}')).toContain('太长');
  });

  it('asks for a unit code only when the rule uses one, letters and digits only', () => {
    expect(checkUnitCode(parsed('{单位代码}{序号}'), '')).toContain('请填写本单位的单位代码');
    expect(checkUnitCode(parsed('{单位代码}{序号}'), '35-01')).toContain('字母和数字');
    expect(checkUnitCode(parsed('{单位代码}{序号}'), ' 350100 ')).toBeUndefined();
    expect(checkUnitCode(parsed('ZF{序号}'), '')).toBeUndefined();
  });

  it('checks a number on its own: not empty, not too long, no spaces or punctuation', () => {
    expect(certNumberProblem('35010020260001')).toBeUndefined();
    expect(certNumberProblem('')).toMatch(CHINESE);
    expect(certNumberProblem('1'.repeat(41))).toContain('太长');
    expect(certNumberProblem('3501 0001')).toContain('不能用的字符');
  });
});
