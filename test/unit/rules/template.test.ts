import { describe, expect, it } from 'vitest';
import {
  ALL_COLUMNS,
  BASE_COLUMNS,
  RENEWAL_COLUMNS,
  TEMPLATE_NOTES,
  TEMPLATE_TITLE,
  columnOf,
  fieldForHeader,
  fieldLabel,
  normalizeHeader,
  templateColumns,
} from '../../../src-shared/template.js';
import { BASE_FIELD_KEYS, RENEWAL_FIELD_KEYS } from '../../../src-shared/domain/person.js';

describe('the template columns (DOMAIN.md, 附件2)', () => {
  it('has the headers in the official order (序号 excluded)', () => {
    expect(BASE_COLUMNS.map((c) => c.header)).toEqual([
      '县(市、区)', '持证人姓名', '照片', '所属执法主体或受委托组织名称', '证编号', '证有效期截止日',
      '持证人身份证号码', '性别', '民族', '出生日期', '政治面貌', '持有效期起始日', '最高学历', '最高学历专业',
      '职级代码', '是否法学专业', '是否具有法律职业资格', '执法岗位', '考试类别',
    ]);
  });

  it('maps the columns to the DESIGN.md field keys in the same order', () => {
    expect(BASE_COLUMNS.map((c) => c.key)).toEqual([...BASE_FIELD_KEYS]);
    expect(RENEWAL_COLUMNS.map((c) => c.key)).toEqual([...RENEWAL_FIELD_KEYS]);
  });

  it('adds the renewal columns only for renewal batches', () => {
    expect(templateColumns('new')).toEqual(BASE_COLUMNS);
    expect(templateColumns('renewal').map((c) => c.key)).toEqual([...BASE_FIELD_KEYS, ...RENEWAL_FIELD_KEYS]);
    expect(ALL_COLUMNS).toHaveLength(21);
  });

  it('keeps IDs and leading-zero codes as text cells', () => {
    for (const key of ['idNumber', 'political', 'rankCode', 'posts'] as const) expect(columnOf(key).cell).toBe('textCode');
    for (const key of ['birthDate', 'validFrom', 'certExpiry'] as const) expect(columnOf(key).cell).toBe('date');
  });

  it('links code columns to their tables', () => {
    expect(columnOf('ethnicity').table).toBe('ethnicity');
    expect(columnOf('political').table).toBe('political');
    expect(columnOf('education').table).toBe('education');
    expect(columnOf('rankCode').table).toBe('rank');
    expect(columnOf('posts').table).toBe('posts');
    expect(columnOf('examCategory').table).toBe('examCategory');
    expect(columnOf('isLawMajor').table).toBe('yesNo');
    expect(columnOf('hasLegalQualification').table).toBe('yesNo');
  });

  it('gives every column a Chinese prompt', () => {
    for (const c of ALL_COLUMNS) expect(c.prompt).toMatch(/\p{Script=Han}/u);
  });

  it('has the title and ten notes', () => {
    expect(TEMPLATE_TITLE).toBe('(盖章) 市(区)行政执法人员基本信息数据元采集表');
    expect(TEMPLATE_NOTES).toHaveLength(10);
  });

  it('fieldLabel gives the header; columnOf throws on unknown keys', () => {
    expect(fieldLabel('idNumber')).toBe('持证人身份证号码');
    expect(fieldLabel('originalCertNo')).toBe('原证件号码');
    expect(() => columnOf('nope' as never)).toThrow();
  });
});

describe('header normalisation', () => {
  it('drops all kinds of space', () => {
    expect(normalizeHeader(' 持证人 身份证\u00a0号码\u3000')).toBe('持证人身份证号码');
    expect(normalizeHeader('持证人\u200b姓名')).toBe('持证人姓名');
  });

  it('makes full-width brackets half-width', () => {
    expect(normalizeHeader('县（市、区）')).toBe('县(市、区)');
  });

  it('drops required markers', () => {
    expect(normalizeHeader('*持证人姓名')).toBe('持证人姓名');
    expect(normalizeHeader('持证人姓名（必填）')).toBe('持证人姓名');
    expect(normalizeHeader('※民族')).toBe('民族');
  });

  it.each([
    ['县(市、区)', 'county'],
    ['县（市、区）', 'county'],
    [' 县 ( 市、区 ) ', 'county'],
    ['持证人 姓名', 'name'],
    ['所属执法主体或受委托组织名称', 'agency'],
    ['所属执法主持或照的托组织名称', 'agency'],
    ['持证人身份证号码', 'idNumber'],
    ['身份证号', 'idNumber'],
    ['持有效期起始日', 'validFrom'],
    ['是否具有法律职业资格', 'hasLegalQualification'],
    ['执法岗位*', 'posts'],
    ['考试类别', 'examCategory'],
    ['原证件号码', 'originalCertNo'],
    ['原发证单位', 'originalAgency'],
  ])('%j names the field %s', (header, key) => {
    expect(fieldForHeader(header)).toBe(key);
  });

  it('every official header finds its own column', () => {
    for (const c of ALL_COLUMNS) expect(fieldForHeader(c.header)).toBe(c.key);
  });

  it('序号 and unknown headers name no field', () => {
    expect(fieldForHeader('序号')).toBeUndefined();
    expect(fieldForHeader('备注')).toBeUndefined();
    expect(fieldForHeader('')).toBeUndefined();
  });

  it('no alias is shared by two columns', () => {
    const seen = new Map<string, string>();
    for (const c of ALL_COLUMNS) {
      for (const text of [c.header, ...c.aliases]) {
        const n = normalizeHeader(text);
        expect(seen.get(n) ?? c.key).toBe(c.key);
        seen.set(n, c.key);
      }
    }
  });
});
