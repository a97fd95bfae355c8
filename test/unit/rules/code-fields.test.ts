import { beforeAll, describe, expect, it } from 'vitest';
import { loadCodeTables } from '../../../src-node/reference/code-tables.js';
import { buildLookups, type CodeLookups } from '../../../src-shared/rules/code-tables.js';
import { checkCodeField, checkPosts, checkYesNo } from '../../../src-shared/rules/code-fields.js';
import type { Issue } from '../../../src-shared/domain/issue.js';

const CHINESE = /\p{Script=Han}/u;
let L: CodeLookups;

beforeAll(() => {
  L = buildLookups(loadCodeTables());
});

function only(issues: readonly Issue[]): Issue {
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

describe('the shipped code tables match DOMAIN.md', () => {
  it('政治面貌 01..13 in the manual\'s order', () => {
    const t = loadCodeTables().political;
    expect(t.entries.map((e) => `${e.code} ${e.name}`)).toEqual([
      '01 中共党员', '02 中共预备党员', '03 共青团员', '04 民革党员', '05 民建党员', '06 民盟党员', '07 民进党员',
      '08 农工党党员', '09 致公党党员', '10 九三学社社员', '11 台盟盟员', '12 无党派民主人士', '13 群众',
    ]);
  });

  it('民族 has the 56 nationalities plus 97 and 98, every name at least two characters', () => {
    const t = loadCodeTables().ethnicity;
    const codes = t.entries.map((e) => e.code);
    for (let i = 1; i <= 56; i++) expect(codes).toContain(String(i).padStart(2, '0'));
    expect(codes).toContain('97');
    expect(codes).toContain('98');
    expect(t.entries.find((e) => e.code === '01')!.name).toBe('汉族');
    expect(t.entries.find((e) => e.code === '56')!.name).toBe('基诺族');
    for (const e of t.entries) expect([...e.name].length).toBeGreaterThanOrEqual(2);
  });

  it('执法岗位 is 01 and 02', () => {
    expect(loadCodeTables().posts.entries.map((e) => e.code)).toEqual(['01', '02']);
  });
});

describe('checkCodeField: 政治面貌 (code form)', () => {
  it.each(['01', '02', '13'])('accepts %s as it is', (code) => {
    expect(checkCodeField('political', code, L.political)).toEqual({ value: code, issues: [] });
  });

  it('pads the number 2 back to 02 (code.padded, fixed) and says so', () => {
    const r = checkCodeField('political', 2, L.political);
    expect(r.value).toBe('02');
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'political', code: 'code.padded', severity: 'fixed', value: '2', fixed: '02' });
    expect(i.message).toMatch(CHINESE);
    expect(i.message).toContain('“2”');
    expect(i.message).toContain('“02”');
    expect(i.message).toContain('中共预备党员');
  });

  it('pads the text 2 as well', () => {
    const r = checkCodeField('political', '2', L.political);
    expect(r.value).toBe('02');
    expect(only(r.issues)).toMatchObject({ code: 'code.padded', severity: 'fixed', fixed: '02' });
  });

  it.each([
    ['中共党员', '01'],
    ['党员', '01'],
    ['群众', '13'],
    ['共青团员', '03'],
  ])('turns the name %s into the code %s (code.normalized, fixed)', (name, code) => {
    const r = checkCodeField('political', name, L.political);
    expect(r.value).toBe(code);
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'political', code: 'code.normalized', severity: 'fixed', value: name, fixed: code });
    expect(i.message).toMatch(CHINESE);
    expect(i.message).toContain(code);
  });

  it.each(['14', '99', '00', '党', 'abc'])('rejects %s (code.invalid, error) and names the table', (value) => {
    const r = checkCodeField('political', value, L.political);
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'political', code: 'code.invalid', severity: 'error', value });
    expect(i.message).toContain('政治面貌');
    expect(i.message).toContain(`“${value}”`);
    expect(i.message).toContain('01 中共党员');
  });

  it('cleans full-width digits and spaces', () => {
    expect(checkCodeField('political', ' ０１ ', L.political).value).toBe('01');
  });
});

describe('checkCodeField: 职级代码 (6 digits until the real table is known)', () => {
  it('accepts a 6-digit code', () => {
    expect(checkCodeField('rankCode', '020201', L.rank)).toEqual({ value: '020201', issues: [] });
  });

  it('pads the number 20201 back to 020201 (code.padded, fixed)', () => {
    const r = checkCodeField('rankCode', 20201, L.rank);
    expect(r.value).toBe('020201');
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'rankCode', code: 'code.padded', severity: 'fixed', value: '20201', fixed: '020201' });
    expect(i.message).toContain('020201');
  });

  it.each(['1234567', '02020A', '科员'])('rejects %s (code.invalid) naming the table', (value) => {
    const i = only(checkCodeField('rankCode', value, L.rank).issues);
    expect(i).toMatchObject({ field: 'rankCode', code: 'code.invalid', severity: 'error' });
    expect(i.message).toContain('职级代码');
  });
});

describe('checkCodeField: 民族 (name form)', () => {
  it.each(['汉族', '蒙古族', '维吾尔族', '基诺族'])('accepts %s', (name) => {
    expect(checkCodeField('ethnicity', name, L.ethnicity)).toEqual({ value: name, issues: [] });
  });

  it('turns 汉 into 汉族 (code.normalized, fixed)', () => {
    const r = checkCodeField('ethnicity', '汉', L.ethnicity);
    expect(r.value).toBe('汉族');
    expect(only(r.issues)).toMatchObject({ field: 'ethnicity', code: 'code.normalized', severity: 'fixed', value: '汉', fixed: '汉族' });
  });

  it('turns the code 01 (or the number 1) into 汉族', () => {
    expect(checkCodeField('ethnicity', '01', L.ethnicity).value).toBe('汉族');
    const r = checkCodeField('ethnicity', 1, L.ethnicity);
    expect(r.value).toBe('汉族');
    expect(only(r.issues).severity).toBe('fixed');
  });

  it('rejects a value outside the table and names the table', () => {
    const i = only(checkCodeField('ethnicity', '火星族', L.ethnicity).issues);
    expect(i).toMatchObject({ field: 'ethnicity', code: 'code.invalid', severity: 'error', value: '火星族' });
    expect(i.message).toContain('民族');
    expect(i.message).toContain('汉族');
  });
});

describe('checkCodeField: 最高学历 and 考试类别 (name form)', () => {
  it('turns 本科 into 大学本科 (code.normalized, fixed)', () => {
    const r = checkCodeField('education', '本科', L.education);
    expect(r.value).toBe('大学本科');
    expect(only(r.issues)).toMatchObject({ field: 'education', code: 'code.normalized', severity: 'fixed', fixed: '大学本科' });
  });

  it.each([['大专', '大学专科'], ['中专', '中等专科'], ['高中', '普通高中'], ['硕士', '硕士研究生']])('turns %s into %s', (raw, name) => {
    expect(checkCodeField('education', raw, L.education).value).toBe(name);
  });

  it('accepts 大学专科 as it is', () => {
    expect(checkCodeField('education', '大学专科', L.education)).toEqual({ value: '大学专科', issues: [] });
  });

  it('rejects 幼儿园 and names the table', () => {
    const i = only(checkCodeField('education', '幼儿园', L.education).issues);
    expect(i).toMatchObject({ code: 'code.invalid', severity: 'error' });
    expect(i.message).toContain('最高学历');
  });

  it('accepts 综合法律知识考试 and completes 综合法律知识', () => {
    expect(checkCodeField('examCategory', '综合法律知识考试', L.examCategory)).toEqual({ value: '综合法律知识考试', issues: [] });
    expect(checkCodeField('examCategory', '综合法律知识', L.examCategory).value).toBe('综合法律知识考试');
    expect(checkCodeField('examCategory', '专业法律知识考试', L.examCategory).issues).toEqual([]);
  });
});

describe('checkYesNo', () => {
  it.each(['是', '否'])('accepts %s', (v) => {
    expect(checkYesNo('isLawMajor', v, L.yesNo)).toEqual({ value: v, issues: [] });
  });

  it.each([
    [true, '是'],
    [false, '否'],
    ['TRUE', '是'],
    ['FALSE', '否'],
    ['Y', '是'],
    ['y', '是'],
    ['N', '否'],
    ['1', '是'],
    ['0', '否'],
    [1, '是'],
    [0, '否'],
  ])('turns %j into %s (fixed)', (raw, want) => {
    const r = checkYesNo('hasLegalQualification', raw, L.yesNo);
    expect(r.value).toBe(want);
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'hasLegalQualification', code: 'code.normalized', severity: 'fixed', fixed: want });
    expect(i.message).toMatch(CHINESE);
  });

  it.each(['可能', 'X', '2', '是否'])('rejects %s (bool.invalid, error) and quotes it', (raw) => {
    const r = checkYesNo('isLawMajor', raw, L.yesNo);
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'isLawMajor', code: 'bool.invalid', severity: 'error', value: raw });
    expect(i.message).toContain(`“${raw}”`);
    expect(i.message).toContain('是');
    expect(i.message).toContain('否');
  });
});

describe('checkPosts (执法岗位, several codes)', () => {
  it.each(['01,02', '01，02', '01、02', '01 02', '01;02', '01/02', '01.02', '02,01'])('%j is 01,02 without an issue', (raw) => {
    expect(checkPosts(raw, L.posts)).toEqual({ value: '01,02', issues: [] });
  });

  it.each(['01', '02'])('a single code %s', (raw) => {
    expect(checkPosts(raw, L.posts)).toEqual({ value: raw, issues: [] });
  });

  it('collapses duplicates', () => {
    expect(checkPosts('01,01', L.posts).value).toBe('01');
    expect(checkPosts('02,01,02', L.posts).value).toBe('01,02');
  });

  it('reads the number 1.02 (from 01.02) back as 01,02 (code.padded, fixed)', () => {
    const r = checkPosts(1.02, L.posts);
    expect(r.value).toBe('01,02');
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'posts', code: 'code.padded', severity: 'fixed', value: '1.02', fixed: '01,02' });
    expect(i.message).toContain('01,02');
    expect(i.message).toMatch(CHINESE);
  });

  it('reads the number 2 as 02 (code.padded)', () => {
    const r = checkPosts(2, L.posts);
    expect(r.value).toBe('02');
    expect(only(r.issues)).toMatchObject({ code: 'code.padded', severity: 'fixed', fixed: '02' });
  });

  it('reads the number 102 (from 0102) as 01,02 (fixed)', () => {
    const r = checkPosts(102, L.posts);
    expect(r.value).toBe('01,02');
    expect(only(r.issues)).toMatchObject({ code: 'code.padded', severity: 'fixed', fixed: '01,02' });
  });

  it('reads the text 0102 (no separator) as 01,02 and says so', () => {
    const r = checkPosts('0102', L.posts);
    expect(r.value).toBe('01,02');
    expect(only(r.issues)).toMatchObject({ field: 'posts', severity: 'fixed', fixed: '01,02' });
  });

  it('turns names into codes (code.normalized)', () => {
    const r = checkPosts('行政处罚、行政许可', L.posts);
    expect(r.value).toBe('01,02');
    expect(only(r.issues)).toMatchObject({ code: 'code.normalized', severity: 'fixed', fixed: '01,02' });
  });

  it.each(['03', '01,03', 'abc', '00'])('rejects %j (code.invalid, error)', (raw) => {
    const r = checkPosts(raw, L.posts);
    const i = only(r.issues);
    expect(i).toMatchObject({ field: 'posts', code: 'code.invalid', severity: 'error' });
    expect(i.message).toContain('执法岗位');
    expect(i.message).toContain('01');
    expect(i.message).toContain('02');
  });

  it('names the wrong code in the message', () => {
    expect(only(checkPosts('01,03', L.posts).issues).message).toContain('“03”');
  });
});
