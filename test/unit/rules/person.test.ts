import { beforeAll, describe, expect, it } from 'vitest';
import { loadCodeTables } from '../../../src-node/reference/code-tables.js';
import { buildLookups } from '../../../src-shared/rules/code-tables.js';
import { checkPerson, isBlankRow, type RuleContext } from '../../../src-shared/rules/person.js';
import { idCheckChar } from '../../../src-shared/rules/id-number.js';
import { BASE_COLUMNS } from '../../../src-shared/template.js';
import type { RawRow } from '../../../src-shared/domain/person.js';
import type { Issue } from '../../../src-shared/domain/issue.js';

const TODAY = '2026-11-23';
const CHINESE = /\p{Script=Han}/u;

let ctx: RuleContext;
let renewalCtx: RuleContext;

beforeAll(() => {
  const lookups = buildLookups(loadCodeTables());
  ctx = { lookups, today: TODAY, kind: 'new' };
  renewalCtx = { lookups, today: TODAY, kind: 'renewal' };
});

/** A citizen ID with a correct check character: Shenzhen address, the given birth date and sequence. */
function citizenId(birth: string, seq = '151'): string {
  const first17 = '440308' + birth.replaceAll('-', '') + seq;
  return first17 + idCheckChar(first17);
}

/** A fully valid row: a man born 1999-01-10. */
function validRow(over: RawRow = {}): RawRow {
  return {
    county: '福州市',
    name: '蔡亿斌',
    photo: '440308199901101512.jpg',
    agency: '福州市儿童公园管理处',
    idNumber: '440308199901101512',
    gender: '男',
    ethnicity: '汉族',
    birthDate: '1999-01-10',
    political: '02',
    validFrom: '2026-12-01',
    certExpiry: '2031-12-01',
    education: '大学专科',
    major: '法学',
    rankCode: '020201',
    isLawMajor: '是',
    hasLegalQualification: '是',
    posts: '02',
    examCategory: '综合法律知识考试',
    ...over,
  };
}

/** The example row of 附件2 (DOMAIN.md). */
function sampleRow(): RawRow {
  return {
    county: '福州市',
    name: '蔡亿斌',
    photo: '820102198906169620.png',
    agency: '福州市儿童公园管理处',
    idNumber: '820102198906169620',
    gender: '女',
    ethnicity: '汉族',
    birthDate: '1989-06-16',
    political: '02',
    education: '大学专科',
    major: '法学',
    rankCode: '020201',
    isLawMajor: '是',
    hasLegalQualification: '是',
    posts: '02',
    examCategory: '综合法律知识考试',
  };
}

function errors(issues: readonly Issue[]): Issue[] {
  return issues.filter((i) => i.severity === 'error');
}

function tags(issues: readonly Issue[]): string[] {
  return issues.map((i) => `${i.field}:${i.code}:${i.severity}`);
}

function expectChinese(issues: readonly Issue[]): void {
  for (const i of issues) expect(i.message).toMatch(CHINESE);
}

describe('checkPerson: valid rows', () => {
  it('a fully valid row has no issue at all, and the fields come out in normal form', () => {
    const r = checkPerson(validRow(), ctx);
    expect(errors(r.issues)).toEqual([]);
    // Nothing to repair either.
    expect(r.issues).toEqual([]);
    expect(r.fields).toMatchObject({
      county: '福州市',
      name: '蔡亿斌',
      idNumber: '440308199901101512',
      gender: '男',
      ethnicity: '汉族',
      birthDate: '1999-01-10',
      political: '02',
      validFrom: '2026-12-01',
      certExpiry: '2031-12-01',
      education: '大学专科',
      rankCode: '020201',
      isLawMajor: '是',
      hasLegalQualification: '是',
      posts: '02',
      examCategory: '综合法律知识考试',
      originalCertNo: '',
      originalAgency: '',
    });
  });

  it('the DOMAIN.md sample row fails only id.checksum (the 18th character should be 8)', () => {
    const r = checkPerson(sampleRow(), ctx);
    expect(tags(r.issues)).toEqual(['idNumber:id.checksum:error']);
    expect(r.issues[0]!.message).toMatch(/第\s*18\s*位.*应为\s*8/);
    expect(r.fields.gender).toBe('女');
    expect(r.fields.birthDate).toBe('1989-06-16');
  });

  it('the sample row with the corrected ID is valid', () => {
    const r = checkPerson({ ...sampleRow(), idNumber: '820102198906169628' }, ctx);
    expect(r.issues).toEqual([]);
  });

  it('a typical Excel-damaged row is repaired, every repair reported as fixed', () => {
    const r = checkPerson(validRow({
      idNumber: ' 440308199901101512 ',
      birthDate: 36170, // serial for 1999-01-10
      political: 2,
      rankCode: 20201,
      posts: 1.02,
      isLawMajor: true,
      hasLegalQualification: 'N',
      ethnicity: '汉',
      education: '大专',
    }), ctx);
    expect(errors(r.issues)).toEqual([]);
    expect(r.fields).toMatchObject({
      idNumber: '440308199901101512',
      birthDate: '1999-01-10',
      political: '02',
      rankCode: '020201',
      posts: '01,02',
      isLawMajor: '是',
      hasLegalQualification: '否',
      ethnicity: '汉族',
      education: '大学专科',
    });
    expect(tags(r.issues).sort()).toEqual([
      'birthDate:date.format:fixed',
      'education:code.normalized:fixed',
      'ethnicity:code.normalized:fixed',
      'hasLegalQualification:code.normalized:fixed',
      'idNumber:id.format:fixed',
      'isLawMajor:code.normalized:fixed',
      'political:code.padded:fixed',
      'posts:code.padded:fixed',
      'rankCode:code.padded:fixed',
    ]);
    expectChinese(r.issues);
  });
});

describe('checkPerson: gender', () => {
  it('a gender that contradicts the ID is replaced by the ID\'s (gender.mismatch, fixed)', () => {
    const r = checkPerson(validRow({ gender: '女' }), ctx);
    expect(r.fields.gender).toBe('男');
    expect(tags(r.issues)).toEqual(['gender:gender.mismatch:fixed']);
    const i = r.issues[0]!;
    expect(i.value).toBe('女');
    expect(i.fixed).toBe('男');
    expect(i.message).toContain('“女”');
    expect(i.message).toContain('“男”');
  });

  it('an empty gender is derived from the ID without a finding', () => {
    for (const gender of [null, '', '  ']) {
      const r = checkPerson(validRow({ gender }), ctx);
      expect(r.fields.gender).toBe('男');
      expect(r.issues).toEqual([]);
    }
    const row = validRow();
    delete row.gender;
    expect(checkPerson(row, ctx).issues).toEqual([]);
  });

  it.each(['男', '男性', 'M', 'male', ' 男 '])('the gender word %j agrees with a male ID', (gender) => {
    const r = checkPerson(validRow({ gender }), ctx);
    expect(r.fields.gender).toBe('男');
    expect(r.issues.map((i) => i.code)).not.toContain('gender.mismatch');
  });

  it('a female ID gives 女', () => {
    const r = checkPerson(validRow({ idNumber: '11010519491231002X', gender: null, birthDate: null, validFrom: null, certExpiry: null }), { ...ctx, today: '1999-12-31' });
    expect(r.fields.gender).toBe('女');
  });
});

describe('checkPerson: birth date', () => {
  it('an empty birth date is filled from the ID (fixed)', () => {
    const r = checkPerson(validRow({ birthDate: null }), ctx);
    expect(r.fields.birthDate).toBe('1999-01-10');
    expect(errors(r.issues)).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ field: 'birthDate', severity: 'fixed', fixed: '1999-01-10' });
    expect(r.issues[0]!.message).toContain('1999-01-10');
  });

  it('a birth date that differs from the ID is birthdate.mismatch, error, naming both dates', () => {
    const r = checkPerson(validRow({ birthDate: '1999-01-11' }), ctx);
    expect(tags(r.issues)).toEqual(['birthDate:birthdate.mismatch:error']);
    expect(r.issues[0]!.message).toContain('1999-01-11');
    expect(r.issues[0]!.message).toContain('1999-01-10');
  });

  it('a birth date in another shape is reshaped (date.format, fixed) and then compared', () => {
    const r = checkPerson(validRow({ birthDate: '1999年1月10日' }), ctx);
    expect(r.fields.birthDate).toBe('1999-01-10');
    expect(tags(r.issues)).toEqual(['birthDate:date.format:fixed']);
    expect(r.issues[0]!.fixed).toBe('1999-01-10');
  });

  it('an unreadable birth date is date.format, error', () => {
    const r = checkPerson(validRow({ birthDate: '1999-02-30' }), ctx);
    expect(tags(errors(r.issues))).toContain('birthDate:date.format:error');
    // Only birthDate findings: the rest of the row is fine. (The code also adds birthdate.mismatch here.)
    expect(errors(r.issues).every((i) => i.field === 'birthDate')).toBe(true);
    expect(r.issues.find((i) => i.code === 'date.format')!.message).toContain('1999-02-30');
    expect(r.issues.find((i) => i.code === 'date.format')!.message).toContain('YYYY-MM-DD');
  });

  it('reads serials in the 1904 system when the workbook says so', () => {
    // 1999-01-10 is serial 36170 in the 1900 system, 34708 in the 1904 system.
    const r = checkPerson(validRow({ birthDate: 34708 }), { ...ctx, date1904: true });
    expect(r.fields.birthDate).toBe('1999-01-10');
    expect(errors(r.issues)).toEqual([]);
  });
});

describe('checkPerson: age at import (18–65, against ctx.today)', () => {
  function ageRow(birth: string): RawRow {
    return validRow({ idNumber: citizenId(birth), birthDate: birth, validFrom: null, certExpiry: null });
  }

  it.each(['2008-11-23', '1961-11-24', '1961-11-23', '1990-06-15'])('born %s is within range', (birth) => {
    const r = checkPerson(ageRow(birth), ctx);
    expect(r.issues.map((i) => i.code)).not.toContain('age.range');
  });

  it.each([
    ['2008-11-24', 17],
    ['2012-05-01', 14],
    ['1960-11-23', 66],
    ['1950-01-01', 76],
  ])('born %s (age %i) is age.range, error', (birth, age) => {
    const r = checkPerson(ageRow(birth), ctx);
    const i = r.issues.find((x) => x.code === 'age.range');
    expect(i).toBeDefined();
    expect(i).toMatchObject({ field: 'birthDate', severity: 'error' });
    expect(i!.message).toContain(`${age} 岁`);
    expect(i!.message).toContain('18');
    expect(i!.message).toContain('65');
  });

  it('uses ctx.today, not the clock', () => {
    const birth = '2008-11-24';
    expect(checkPerson(ageRow(birth), ctx).issues.map((i) => i.code)).toContain('age.range');
    expect(checkPerson(ageRow(birth), { ...ctx, today: '2026-11-24' }).issues.map((i) => i.code)).not.toContain('age.range');
  });
});

describe('checkPerson: required fields', () => {
  const REQUIRED = BASE_COLUMNS.filter((c) => c.required).map((c) => c.key);

  it('the required columns are the ones the manual requires', () => {
    expect([...REQUIRED].sort()).toEqual([
      'agency', 'birthDate', 'county', 'education', 'ethnicity', 'examCategory', 'hasLegalQualification',
      'idNumber', 'isLawMajor', 'name', 'political', 'posts', 'rankCode',
    ]);
  });

  it('an empty row reports every required field as required, error', () => {
    const r = checkPerson({}, ctx);
    const required = r.issues.filter((i) => i.code === 'required');
    expect(required.every((i) => i.severity === 'error')).toBe(true);
    expect(required.map((i) => i.field).sort()).toEqual([...REQUIRED].sort());
    expectChinese(required);
    // Nothing but `required` when there is nothing to check.
    expect(new Set(r.issues.map((i) => i.code))).toEqual(new Set(['required']));
  });

  it('a cell of only spaces counts as empty', () => {
    const blanks: RawRow = {};
    for (const k of REQUIRED) blanks[k] = ' \u00a0\u3000';
    const r = checkPerson(blanks, ctx);
    expect(r.issues.filter((i) => i.code === 'required').map((i) => i.field).sort()).toEqual([...REQUIRED].sort());
  });

  it.each(REQUIRED.filter((k) => k !== 'birthDate'))('leaving only %s empty reports it', (key) => {
    const r = checkPerson(validRow({ [key]: null }), ctx);
    const req = r.issues.filter((i) => i.code === 'required' && i.severity === 'error');
    expect(req.map((i) => i.field)).toEqual([key]);
  });

  it('optional columns may stay empty', () => {
    const r = checkPerson(validRow({ photo: null, certNo: null, certExpiry: null, validFrom: null, major: null, gender: null }), ctx);
    expect(r.issues).toEqual([]);
  });

  it('a row of empty cells is a blank row; a row with a value is not', () => {
    expect(isBlankRow({ county: null, name: '  ' })).toBe(true);
    expect(isBlankRow({})).toBe(true);
    expect(isBlankRow(validRow())).toBe(false);
  });
});

describe('checkPerson: renewal (换证) batches', () => {
  it('without the original certificate number and unit: renewal.missing for both', () => {
    const r = checkPerson(validRow(), renewalCtx);
    expect(tags(r.issues).sort()).toEqual(['originalAgency:renewal.missing:error', 'originalCertNo:renewal.missing:error']);
    expectChinese(r.issues);
    expect(r.issues.find((i) => i.field === 'originalCertNo')!.message).toContain('原证件号码');
    expect(r.issues.find((i) => i.field === 'originalAgency')!.message).toContain('原发证单位');
  });

  it('with only one of them: renewal.missing for the other', () => {
    const r = checkPerson(validRow({ originalCertNo: 'FJ2019001234' }), renewalCtx);
    expect(tags(r.issues)).toEqual(['originalAgency:renewal.missing:error']);
  });

  it('with both: no finding', () => {
    const r = checkPerson(validRow({ originalCertNo: 'FJ2019001234', originalAgency: '福州市城市管理局' }), renewalCtx);
    expect(r.issues).toEqual([]);
    expect(r.fields.originalCertNo).toBe('FJ2019001234');
    expect(r.fields.originalAgency).toBe('福州市城市管理局');
  });

  it('a new-person batch does not ask for them', () => {
    expect(checkPerson(validRow(), ctx).issues).toEqual([]);
  });
});

describe('checkPerson: certificate dates (validity.range)', () => {
  it('a 5-year span is valid', () => {
    expect(checkPerson(validRow({ validFrom: '2026-12-01', certExpiry: '2031-12-01' }), ctx).issues).toEqual([]);
  });

  it('an end before the start is validity.range, error', () => {
    const r = checkPerson(validRow({ validFrom: '2026-12-01', certExpiry: '2026-06-01' }), ctx);
    expect(tags(r.issues)).toEqual(['certExpiry:validity.range:error']);
  });

  it('more than five years is validity.range, error', () => {
    const r = checkPerson(validRow({ validFrom: '2026-12-01', certExpiry: '2032-12-01' }), ctx);
    expect(tags(r.issues)).toEqual(['certExpiry:validity.range:error']);
    expect(r.issues[0]!.message).toContain('2031-12-01');
  });

  describe('a man born 1968-05-10 (retires at 60 + 11 months: 2029-04-10)', () => {
    const birth = '1968-05-10';
    const id = () => citizenId(birth);

    it('an end past retirement is validity.range and names the retirement date', () => {
      const r = checkPerson(validRow({ idNumber: id(), birthDate: birth, validFrom: '2026-12-01', certExpiry: '2031-12-01' }), ctx);
      expect(tags(r.issues)).toEqual(['certExpiry:validity.range:error']);
      expect(r.issues[0]!.message).toContain('2029-04-10');
    });

    it('an end on the retirement date is valid', () => {
      const r = checkPerson(validRow({ idNumber: id(), birthDate: birth, validFrom: '2026-12-01', certExpiry: '2029-04-10' }), ctx);
      expect(r.issues).toEqual([]);
    });
  });

  it('a woman (55) born 1971-04-03 retires 2026-08-03: a start after that is validity.range', () => {
    const birth = '1971-04-03';
    const r = checkPerson(validRow({
      idNumber: citizenId(birth, '162'), gender: '女', birthDate: birth, validFrom: '2026-12-01', certExpiry: '2031-12-01',
    }), ctx);
    expect(tags(r.issues)).toEqual(['validFrom:validity.range:error']);
    expect(r.issues[0]!.message).toContain('2026-08-03');
  });

  it('dates written in other shapes are read before the check', () => {
    const r = checkPerson(validRow({ validFrom: '2026/12/1', certExpiry: 20311201 }), ctx);
    expect(r.fields.validFrom).toBe('2026-12-01');
    expect(r.fields.certExpiry).toBe('2031-12-01');
    expect(errors(r.issues)).toEqual([]);
    expect(tags(r.issues).sort()).toEqual(['certExpiry:date.format:fixed', 'validFrom:date.format:fixed']);
  });

  it('an unreadable certificate date is date.format, error (and no validity finding on it)', () => {
    const r = checkPerson(validRow({ certExpiry: 'abc' }), ctx);
    expect(tags(r.issues)).toEqual(['certExpiry:date.format:error']);
  });
});

describe('checkPerson: the ID drives the row', () => {
  it('an ID stored as a number is id.excel_precision and no birth date or gender is derived', () => {
    const r = checkPerson(validRow({ idNumber: 440308199901101512, birthDate: null, gender: null }), ctx);
    expect(tags(errors(r.issues))).toEqual(['idNumber:id.excel_precision:error', 'birthDate:required:error']);
  });

  it('a legacy 15-digit ID is upgraded in the fields', () => {
    const r = checkPerson(validRow({ idNumber: '610104620927690', gender: '女', birthDate: '1962-09-27', validFrom: null, certExpiry: null }), ctx);
    expect(r.fields.idNumber).toBe('610104196209276908');
    expect(tags(r.issues)).toEqual(['idNumber:id.format:fixed']);
  });

  it('every message of a bad row is Chinese', () => {
    const r = checkPerson({ name: '张3', idNumber: '123', ethnicity: '火星族', political: '99', posts: '03', isLawMajor: 'maybe', birthDate: 'x' }, ctx);
    expect(r.issues.length).toBeGreaterThan(5);
    expectChinese(r.issues);
  });
});
