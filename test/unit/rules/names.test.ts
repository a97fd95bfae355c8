import { describe, expect, it } from 'vitest';
import { checkName } from '../../../src-shared/rules/names.js';

const CHINESE = /\p{Script=Han}/u;
const MIDDLE_DOT = '\u00b7';

describe('checkName: accepted as they are', () => {
  it.each(['蔡亿斌', '张三', '欧阳娜娜', '买买提·吐尔逊', '阿依古丽·买买提·艾力', '𠀀明'])('%s', (name) => {
    expect(checkName(name)).toEqual({ value: name, issues: [] });
  });

  it.each(['John Smith', "Mary O'Neil", 'Anne-Marie Dupont', 'Li'])('Latin name %s', (name) => {
    expect(checkName(name)).toEqual({ value: name, issues: [] });
  });
});

describe('checkName: middle-dot look-alikes become U+00B7 (fixed)', () => {
  it.each([
    ['bullet •', '买买提•吐尔逊'],
    ['katakana middle dot ・', '买买提・吐尔逊'],
    ['half-width katakana dot ･', '买买提･吐尔逊'],
    ['full stop .', '买买提.吐尔逊'],
    ['hyphenation point ‧', '买买提‧吐尔逊'],
    ['spaces around the dot', '买买提 · 吐尔逊'],
  ])('%s', (_what, raw) => {
    const r = checkName(raw);
    expect(r.value).toBe(`买买提${MIDDLE_DOT}吐尔逊`);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ field: 'name', severity: 'fixed', value: raw, fixed: `买买提${MIDDLE_DOT}吐尔逊` });
    expect(r.issues[0]!.message).toMatch(CHINESE);
    expect(r.issues[0]!.message).toContain(`买买提${MIDDLE_DOT}吐尔逊`);
  });
});

describe('checkName: spaces', () => {
  it.each([
    ['张 三'],
    ['张  三'],
    ['张\u3000三'],
    ['张\u00a0三'],
  ])('%j becomes 张三 (fixed)', (raw) => {
    const r = checkName(raw);
    expect(r.value).toBe('张三');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ field: 'name', severity: 'fixed', fixed: '张三' });
    expect(r.issues[0]!.message).toContain('张三');
  });

  it('trims surrounding spaces of a Chinese name', () => {
    const r = checkName(' 张三 ');
    expect(r.value).toBe('张三');
    expect(r.issues.map((i) => i.severity)).toEqual(['fixed']);
  });

  it('folds runs of spaces in a Latin name', () => {
    const r = checkName('John   Smith');
    expect(r.value).toBe('John Smith');
    expect(r.issues.map((i) => i.severity)).toEqual(['fixed']);
  });
});

describe('checkName: rejected (name.invalid, error)', () => {
  it.each([
    ['a digit', '张三1'],
    ['digits only', '12345'],
    ['brackets', '张三（临时）'],
    ['a comma', '张三，李四'],
    ['a question mark', '张?三'],
    ['an exclamation mark', '张三!'],
    ['Chinese and Latin mixed', '张San'],
    ['an underscore', 'John_Smith'],
    ['a dot at the end', '买买提·'],
  ])('%s: %s', (_what, raw) => {
    const r = checkName(raw);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ field: 'name', code: 'name.invalid', severity: 'error', value: raw });
    expect(r.issues[0]!.message).toMatch(CHINESE);
  });

  it('rejects a one-character name', () => {
    const r = checkName('张');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'name.invalid', severity: 'error' });
    expect(r.issues[0]!.message).toContain('1');
  });

  it('rejects a one-letter Latin name', () => {
    expect(checkName('A').issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['name.invalid:error']);
  });

  it('rejects an absurdly long Chinese name', () => {
    const r = checkName('张'.repeat(31));
    expect(r.issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['name.invalid:error']);
  });
});
